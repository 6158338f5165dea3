import { z } from "zod";
import { LockBusyError } from "../../core";
import { SyncBusyError } from "../../sync/service";
import { JOB_NAMES } from "../../core/snapshot";
import { AppError } from "../errors";
import { jsonBody, jobField } from "../validate";
import type { AdminApp, AdminDeps } from "./deps";

const SyncBody = z
  .object({
    job: jobField.optional(),
    mode: z.enum(["incremental", "full", "retry-failed"]).default("incremental"),
    dry_run: z.boolean().default(false),
    /** Run inside a maintenance window anyway. */
    force: z.boolean().default(false),
  })
  .strict();

const MODE = { incremental: "incremental", full: "full", "retry-failed": "retry_failed" } as const;

/** POST /admin/sync → 202 {run_id}; 409 sync_running (with the running run's id) or in_maintenance_window. */
export function registerSync(app: AdminApp, d: AdminDeps): void {
  app.post("/admin/sync", jsonBody(SyncBody), async (c) => {
    const body = c.get("body") as z.infer<typeof SyncBody>;
    if (!body.force && !body.dry_run && d.inMaintenanceWindow(d.clock.now())) {
      throw new AppError("in_maintenance_window", 'inside a maintenance window; send "force": true to run anyway');
    }
    try {
      const { runId } = await d.syncs.start({ jobs: body.job ? [body.job] : [...JOB_NAMES], mode: MODE[body.mode], dryRun: body.dry_run, trigger: "admin" });
      return c.json({ run_id: runId, dry_run: body.dry_run, status_url: runId === null ? null : `/admin/runs/${runId}` }, 202);
    } catch (err) {
      if (err instanceof SyncBusyError) throw new AppError("sync_running", err.message, { run_id: err.runId });
      if (err instanceof LockBusyError) throw new AppError("sync_running", err.message, { run_id: null, holder: { pid: err.holder.pid, host: err.holder.host, expires_at: err.holder.expiresAt } });
      throw err;
    }
  });
}
