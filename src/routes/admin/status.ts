import type { AdminApp, AdminDeps } from "./deps";

/** GET /admin/status: jobs, runs, records by state, circuits, lease, role and the write backlog. */
export function registerStatus(app: AdminApp, d: AdminDeps): void {
  app.get("/admin/status", (c) => c.json(d.status()));
}
