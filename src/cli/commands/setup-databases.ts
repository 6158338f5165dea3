import { runSync } from "../../sync/engine";
import { JOB_NAMES } from "../../core/snapshot";
import { createForecast } from "../sync-summary";
import type { Runtime } from "../../runtime/runtime";
import { EXIT } from "../exit-codes";
import { stringFlag, UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { withRuntime } from "../bootstrap";
import { formatProblems } from "../../notion/schema-check";
import { DATABASE_NAMES, TEMPLATES, type DatabaseName } from "../../notion/templates";
import { setupAndRegister } from "../../sync/databases";

export const setupDatabasesCommand: Command = {
  name: "setup-databases",
  summary: "Create (or find and adopt) the four Notion databases and their on-call views; --migrate adds what is missing.",
  usage: "setup-databases [--config FILE] [--parent-page ID] [--recreate NAME] [--migrate]",
  options: { ...CONFIG_OPTION, "parent-page": { type: "string" }, recreate: { type: "string" }, migrate: { type: "boolean" } },
  optionHelp: {
    ...CONFIG_HELP,
    "parent-page": "Notion page to create the databases under (default notion.parent_page_id)",
    recreate: `trash one database and create it anew: ${DATABASE_NAMES.join(", ")}`,
    migrate: "add missing properties and views of ours, repair relation targets and our views (never deletes your own columns or views)",
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
      const v = result.views;
      lines.push("", `On-call views: ${v.created.length} created, ${v.repaired.length} repaired, ${v.requests} requests (setup makes them once; a sync never touches views)`);
      if (v.created.length) lines.push(`  created: ${v.created.join(", ")}`);
      if (v.repaired.length) lines.push(`  repaired: ${v.repaired.join(", ")}`);
      if (result.problems.length) lines.push("", "Left for you to fix:", ...formatProblems(result.problems).map((l) => `  ${l}`));
      const ids = Object.fromEntries(result.databases.map((d) => [d.name, d.databaseId]));
      if (!result.problems.length) lines.push("", await forecast(rt, ctx.shutdownSignal));
      // Last, on a line of its own: scripts take it with `tail -n 1`.
      lines.push("", "Keep these ids in the config (they survive a lost ledger):", JSON.stringify({ databases: ids }));
      ctx.io.stdout(`${lines.join("\n")}\n`);
      return result.problems.length ? EXIT.PARTIAL : EXIT.OK;
    });
  },
};

/**
 * How many pages the next sync will create, from a dry run (reads only): on a Free workspace
 * with more than one member every page counts against its 1,000 blocks, so the operator sees it
 * before the first sync. Without the sources' secrets it says how to get it later.
 */
async function forecast(rt: Runtime, signal?: AbortSignal): Promise<string> {
  try {
    const report = await runSync(rt.syncDeps(), { mode: "incremental", jobs: [...JOB_NAMES], dryRun: true, verbose: false, ...rt.syncOptions(), ...(signal ? { signal } : {}) });
    if (report.status === "succeeded" || report.status === "partial") return createForecast(report);
    return `Pages to create: not known (${report.error ?? report.status}); \`sync --dry-run\` prints it once that is fixed.`;
  } catch (err) {
    return `Pages to create: not known (${err instanceof Error ? err.message : String(err)}); \`sync --dry-run\` prints it once that is fixed.`;
  }
}
