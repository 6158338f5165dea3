import { EXIT } from "../exit-codes";
import { stringFlag, UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { withRuntime } from "../bootstrap";
import { formatProblems } from "../../notion/schema-check";
import { DATABASE_NAMES, TEMPLATES, type DatabaseName } from "../../notion/templates";
import { setupAndRegister } from "../../sync/databases";

export const setupDatabasesCommand: Command = {
  name: "setup-databases",
  summary: "Create (or find and adopt) the four Notion databases; --migrate adds missing properties.",
  usage: "setup-databases [--config FILE] [--parent-page ID] [--recreate NAME] [--migrate]",
  options: { ...CONFIG_OPTION, "parent-page": { type: "string" }, recreate: { type: "string" }, migrate: { type: "boolean" } },
  optionHelp: {
    ...CONFIG_HELP,
    "parent-page": "Notion page to create the databases under (default notion.parent_page_id)",
    recreate: `trash one database and create it anew: ${DATABASE_NAMES.join(", ")}`,
    migrate: "add missing properties and repair relation targets (never deletes your own columns)",
  },
  async run(ctx) {
    const recreate = stringFlag(ctx.args, "recreate");
    if (recreate !== undefined && !DATABASE_NAMES.includes(recreate as DatabaseName)) {
      throw new UsageError(`--recreate: expected one of ${DATABASE_NAMES.join(", ")}, got "${recreate}"`);
    }
    return withRuntime(ctx, async (rt) => {
      const result = await setupAndRegister(
        {
          notion: rt.notion(),
          known: rt.knownDatabases(),
          parentPageId: stringFlag(ctx.args, "parent-page") ?? rt.config.notion.parent_page_id,
          recreate: recreate as DatabaseName | undefined,
          migrate: Boolean(ctx.args.values.migrate),
          knownPropertyIds: Object.fromEntries(DATABASE_NAMES.map((n) => [n, rt.repos.registry.get(n)?.propertyIds ?? {}])),
        },
        rt.ledger.db,
      );
      const lines = result.databases.map(
        (d) => `${TEMPLATES[d.name].title.padEnd(16)} ${d.action.padEnd(10)} database ${d.databaseId}  data source ${d.dataSourceId}`,
      );
      if (result.changed.length) lines.push("", `Changed properties: ${result.changed.join(", ")}`);
      if (result.problems.length) lines.push("", "Left for you to fix:", ...formatProblems(result.problems).map((l) => `  ${l}`));
      const ids = Object.fromEntries(result.databases.map((d) => [d.name, d.databaseId]));
      lines.push("", "Keep these ids in the config (they survive a lost ledger):", JSON.stringify({ databases: ids }));
      ctx.io.stdout(`${lines.join("\n")}\n`);
      return result.problems.length ? EXIT.PARTIAL : EXIT.OK;
    });
  },
};
