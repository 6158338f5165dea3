import { z } from "zod";
import { dedupe } from "../../sync/dedupe";
import { LockBusyError } from "../../sync/lock";
import { SyncBusyError } from "../../sync/service";
import { JOB_NAMES } from "../../sync/snapshot";
import { AppError } from "../errors";
import { jsonBody } from "../validate";
import type { AdminApp, AdminDeps } from "./deps";

const DedupeBody = z.object({ apply: z.boolean().default(false), job: z.enum(JOB_NAMES).optional() }).strict();

/** POST /admin/dedupe {"apply": false}: a dry run unless apply; never while a sync runs. */
export function registerDedupe(app: AdminApp, d: AdminDeps): void {
  app.post("/admin/dedupe", jsonBody(DedupeBody), async (c) => {
    const body = c.get("body") as z.infer<typeof DedupeBody>;
    const { rt } = d;
    try {
      const report = await d.syncs.exclusive("dedupe", () =>
        dedupe(
          { config: rt.config, notion: rt.notion(), registry: rt.repos.registry, records: rt.repos.records, db: rt.ledger.db, now: () => rt.clock.now() },
          { jobs: body.job ? [body.job] : [...JOB_NAMES], apply: body.apply },
        ),
      );
      return c.json({ applied: report.applied, duplicates: report.extra, archived: report.archived, failed: report.failed, groups: report.groups });
    } catch (err) {
      if (err instanceof SyncBusyError) throw new AppError("sync_running", err.message, { run_id: err.runId });
      if (err instanceof LockBusyError) throw new AppError("sync_running", err.message, { run_id: null });
      throw err;
    }
  });
}
