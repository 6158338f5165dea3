import type { AdminApp, AdminDeps } from "./deps";

/** POST /admin/scheduler/pause and /resume; the pause is kept in the ledger across restarts. */
export function registerScheduler(app: AdminApp, d: AdminDeps): void {
  app.post("/admin/scheduler/pause", (c) => {
    d.scheduler.pause(`admin (request ${c.get("requestId")})`);
    return c.json({ scheduler: d.scheduler.status() });
  });
  app.post("/admin/scheduler/resume", (c) => {
    d.scheduler.resume();
    return c.json({ scheduler: d.scheduler.status() });
  });
}
