import { EXIT } from "../exit-codes";
import { stringFlag, UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs, ledgerFor, loggerFor } from "../bootstrap";
import { notionRuntime } from "../../runtime/context";
import { resolveDatabases } from "../../sync/databases";
import { applyDedupe, findDuplicates } from "../../sync/dedupe";
import { JOBS, jobForDatabase } from "../../sync/jobs";
import { RecordsRepo } from "../../sync/records-repo";
import { JOB_NAMES, type JobName } from "../../sync/snapshot";
import type { PageObjectResponse } from "@notionhq/client";

export const dedupeCommand: Command = {
  name: "dedupe",
  summary: "Find pages that share a Sync Key (or, without one, a title), keep the newest edited; dry run unless --apply.",
  usage: "dedupe [--config FILE] [--job NAME] [--apply]",
  options: { ...CONFIG_OPTION, job: { type: "string" }, apply: { type: "boolean" } },
  optionHelp: { ...CONFIG_HELP, job: `only one database: ${JOB_NAMES.join(", ")}`, apply: "archive the extra pages (default: only print)" },
  async run(ctx) {
    const only = stringFlag(ctx.args, "job");
    if (only !== undefined && !JOB_NAMES.includes(only as JobName)) throw new UsageError(`--job: expected one of ${JOB_NAMES.join(", ")}`);
    const loaded = configFromArgs(ctx);
    const logger = loggerFor(loaded);
    const ledger = ledgerFor(loaded, logger);
    try {
      const rt = notionRuntime(loaded, logger, ledger);
      const jobs = JOBS.filter((j) => !only || j.name === only);
      const resolved = await resolveDatabases(jobs.map((j) => j.database), loaded.config, rt.registry, rt.notion);
      const apply = Boolean(ctx.args.values.apply);
      const repo = new RecordsRepo(ledger.db, () => new Date().toISOString());
      let extra = 0;
      let failed = 0;
      for (const job of jobs) {
        const pages: PageObjectResponse[] = [];
        for await (const page of rt.notion.allPages(resolved.get(job.database)!.dataSourceId)) pages.push(page);
        const groups = findDuplicates(job.database, pages);
        for (const g of groups) {
          extra += g.archive.length;
          ctx.io.stdout(
            `${job.database} ${g.key}: keep ${g.keep.pageId} (edited ${g.keep.lastEdited}); ${apply ? "archive" : "would archive"} ${g.archive.map((p) => `${p.pageId} (edited ${p.lastEdited})`).join(", ")}\n`,
          );
        }
        if (apply && groups.length) {
          const result = await applyDedupe(groups, rt.notion, repo, (db) => jobForDatabase(db).name);
          failed += result.failed.length;
          for (const f of result.failed) ctx.io.stderr(`failed: ${f}\n`);
        }
      }
      ctx.io.stdout(
        extra === 0
          ? "no duplicates found\n"
          : apply
            ? `archived ${extra - failed} duplicate page(s)${failed ? `, ${failed} failed` : ""}\n`
            : `${extra} duplicate page(s) would be archived; run again with --apply\n`,
      );
      return failed ? EXIT.PARTIAL : EXIT.OK;
    } finally {
      ledger.close();
    }
  },
};
