import { z } from "zod";
import { LockBusyError } from "../../core";
import { SyncBusyError } from "../../sync/service";
import { JOB_NAMES } from "../../core/snapshot";
import { AppError } from "../errors";
import { jsonBody, jobField } from "../validate";
import type { AdminApp, AdminDeps } from "./deps";

const DedupeBody = z.object({ apply: z.boolean().default(false), job: jobField.optional() }).strict();

/** POST /admin/dedupe {"apply": false}: a dry run unless apply; never while a sync runs. */
export function registerDedupe(app: AdminApp, d: AdminDeps): void {
  app.post("/admin/dedupe", jsonBody(DedupeBody), async (c) => {
    const body = c.get("body") as z.infer<typeof DedupeBody>;
    try {
      const report = await d.syncs.exclusive("dedupe", () => d.dedupe({ jobs: body.job ? [body.job] : [...JOB_NAMES], apply: body.apply }));
      return c.json({ applied: report.applied, duplicates: report.extra, archived: report.archived, failed: report.failed, groups: report.groups });
    } catch (err) {
      if (err instanceof SyncBusyError) throw new AppError("sync_running", err.message, { run_id: err.runId });
      if (err instanceof LockBusyError) throw new AppError("sync_running", err.message, { run_id: null });
      throw err;
    }
  });
}
