import type { AdminApp, AdminDeps } from "./deps";

/** GET /admin/config: the effective config; secrets only as set (env/file) or unset. */
export function registerConfig(app: AdminApp, d: AdminDeps): void {
  app.get("/admin/config", (c) => c.json(d.configView()));
}
