import { EXIT } from "../exit-codes";
import { UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { withRuntime } from "../bootstrap";
import { formatProblems } from "../../notion/schema-check";
import { schemaCheck } from "../../sync/databases";

export const schemaCommand: Command = {
  name: "schema",
  summary: "`schema check`: compare the Notion databases with the expected schema; exit 1 on mismatch.",
  usage: "schema check [--config FILE] [--json]",
  options: { ...CONFIG_OPTION, json: { type: "boolean" } },
  optionHelp: { ...CONFIG_HELP, json: "print the problems as JSON" },
  allowPositionals: true,
  async run(ctx) {
    if (ctx.args.positionals.join(" ") !== "check") throw new UsageError('expected the subcommand "check"');
    return withRuntime(ctx, async (rt) => {
      const problems = await schemaCheck(rt.notion(), rt.config, rt.repos.registry);
      if (ctx.args.values.json) ctx.io.stdout(`${JSON.stringify({ ok: problems.length === 0, problems }, null, 2)}\n`);
      else if (problems.length === 0) ctx.io.stdout("schema ok: all four databases have every expected property\n");
      else ctx.io.stdout(`${problems.length} schema problem(s):\n${formatProblems(problems).map((l) => `  ${l}`).join("\n")}\n`);
      return problems.length ? EXIT.PARTIAL : EXIT.OK;
    });
  },
};
