import { EXIT } from "../exit-codes";
import { UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs, ledgerFor, loggerFor } from "../bootstrap";
import { notionRuntime } from "../../runtime/context";
import { formatProblems } from "../../notion/schema-check";
import { DATABASE_NAMES } from "../../notion/templates";
import { checkDatabases, resolveDatabases } from "../../sync/databases";

export const schemaCommand: Command = {
  name: "schema",
  summary: "`schema check`: compare the Notion databases with the expected schema; exit 1 on mismatch.",
  usage: "schema check [--config FILE] [--json]",
  options: { ...CONFIG_OPTION, json: { type: "boolean" } },
  optionHelp: { ...CONFIG_HELP, json: "print the problems as JSON" },
  allowPositionals: true,
  async run(ctx) {
    if (ctx.args.positionals.join(" ") !== "check") throw new UsageError('expected the subcommand "check"');
    const loaded = configFromArgs(ctx);
    const logger = loggerFor(loaded);
    const ledger = ledgerFor(loaded, logger);
    try {
      const rt = notionRuntime(loaded, logger, ledger);
      const resolved = await resolveDatabases(DATABASE_NAMES, loaded.config, rt.registry, rt.notion);
      const problems = await checkDatabases(resolved, rt.notion, rt.registry);
      if (ctx.args.values.json) ctx.io.stdout(`${JSON.stringify({ ok: problems.length === 0, problems }, null, 2)}\n`);
      else if (problems.length === 0) ctx.io.stdout("schema ok: all four databases have every expected property\n");
      else ctx.io.stdout(`${problems.length} schema problem(s):\n${formatProblems(problems).map((l) => `  ${l}`).join("\n")}\n`);
      return problems.length ? EXIT.PARTIAL : EXIT.OK;
    } finally {
      ledger.close();
    }
  },
};
