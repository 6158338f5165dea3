import { EXIT } from "../exit-codes";
import { jobFlag } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { withRuntime } from "../bootstrap";
import { dedupe } from "../../sync/dedupe";
import { JOB_NAMES, jobNamed } from "../../core/jobs";

export const dedupeCommand: Command = {
  name: "dedupe",
  summary: "Find pages that share a Sync Key (or, without one, a title), keep the newest edited; dry run unless --apply.",
  usage: "dedupe [--config FILE] [--job NAME] [--apply]",
  options: { ...CONFIG_OPTION, job: { type: "string" }, apply: { type: "boolean" } },
  optionHelp: { ...CONFIG_HELP, job: `only one database: ${JOB_NAMES.join(", ")}`, apply: "archive the extra pages (default: only print)" },
  async run(ctx) {
    const only = jobFlag(ctx.args);
    const apply = Boolean(ctx.args.values.apply);
    return withRuntime(ctx, async (rt) => {
      const report = await dedupe(
        { config: rt.config, notion: rt.notion(), repos: rt.repos },
        { jobs: only ? [only] : [...JOB_NAMES], apply },
      );
      for (const g of report.groups) {
        ctx.io.stdout(
          `${jobNamed(g.database)} ${g.key}: keep ${g.keep.pageId} (edited ${g.keep.lastEdited}); ${apply ? "archive" : "would archive"} ${g.archive.map((p) => `${p.pageId} (edited ${p.lastEdited})`).join(", ")}\n`,
        );
      }
      for (const f of report.failed) ctx.io.stderr(`failed: ${f}\n`);
      const failed = report.failed.length;
      ctx.io.stdout(
        report.extra === 0
          ? "no duplicates found\n"
          : apply
            ? `archived ${report.extra - failed} duplicate page(s)${failed ? `, ${failed} failed` : ""}\n`
            : `${report.extra} duplicate page(s) would be archived; run again with --apply\n`,
      );
      return failed ? EXIT.PARTIAL : EXIT.OK;
    });
  },
};
