import { EXIT } from "../exit-codes";
import { jobFlag, numberFlag, UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command, type CommandContext } from "../command";
import type { RuntimeOptions } from "../../runtime/runtime";
import { withRuntime } from "../bootstrap";
import { createProgressBar } from "../progress";
import { formatSyncReport } from "../sync-summary";
import { runSync } from "../../sync/engine";
import { JOB_NAMES, type JobName } from "../../core/snapshot";

export const syncCommand: Command = {
  name: "sync",
  summary: "Read UniFi and NinjaOne and bring the Notion databases up to date (only what changed is written).",
  usage: "sync [--config FILE] [--job NAME] [--full-sync | --retry-failed] [--dry-run] [--batch-delay S] [--verbose]",
  options: {
    ...CONFIG_OPTION,
    job: { type: "string" },
    "full-sync": { type: "boolean" },
    "retry-failed": { type: "boolean" },
    "dry-run": { type: "boolean" },
    "batch-delay": { type: "string" },
    verbose: { type: "boolean" },
  },
  optionHelp: {
    ...CONFIG_HELP,
    job: `only this job: ${JOB_NAMES.join(", ")} (relations point at earlier jobs)`,
    "full-sync": "read the Notion databases in full, adopt pages by Sync Key, rewrite only what differs",
    "retry-failed": "retry only the records that failed, now",
    "dry-run": "print the plan, write nothing (with --verbose: the changed properties per record)",
    "batch-delay": "seconds to wait between batches of sync_batch_size records",
    verbose: "more detail in the dry-run plan and the log",
  },
  async run(ctx) {
    const job = jobFlag(ctx.args);
    if (ctx.args.values["full-sync"] && ctx.args.values["retry-failed"]) throw new UsageError("--full-sync and --retry-failed exclude each other");
    const batchDelay = numberFlag(ctx.args, "batch-delay", { min: 0, max: 3600 }) ?? 0;
    const dryRun = Boolean(ctx.args.values["dry-run"]);
    const verbose = Boolean(ctx.args.values.verbose);

    // A dry run writes nothing: not even a migration or a new ledger file (the runtime's dryRun).
    return syncWith(ctx, { job, batchDelay, dryRun, verbose }, dryRun ? { dryRun: true } : {});
  },
};

/** The sync itself, on the command's runtime (its ledger: the operator's, or a dry run's). */
async function syncWith(ctx: CommandContext, o: { job: string | undefined; batchDelay: number; dryRun: boolean; verbose: boolean }, rtOpts: RuntimeOptions): Promise<number> {
  const { job, batchDelay, dryRun, verbose } = o;
  return withRuntime(
    ctx,
    async (rt) => {
      if (rt.ledgerNote) ctx.io.stderr(`note: ${rt.ledgerNote}\n`);
      const bar = ctx.io.isTTY ? createProgressBar(ctx.io.stderr) : undefined;
      const report = await runSync(rt.syncDeps({ progress: bar ? (j, done, total) => bar.update(j, done, total) : undefined }), {
        mode: ctx.args.values["full-sync"] ? "full" : ctx.args.values["retry-failed"] ? "retry_failed" : "incremental",
        jobs: job ? [job as JobName] : [...JOB_NAMES],
        dryRun,
        verbose,
        ...rt.syncOptions(),
        batchDelayMs: batchDelay * 1000,
        signal: ctx.shutdownSignal,
      });
      bar?.finish();
      ctx.io.stdout(formatSyncReport(report, { dryRun }));
      return report.exitCode === 0 ? EXIT.OK : report.exitCode === 3 ? EXIT.ABORTED : report.exitCode === 4 ? EXIT.BLOCKED : EXIT.PARTIAL;
    },
    rtOpts,
  );
}
