import type { AdminApp, AdminDeps } from "./deps";

/** GET /admin/schema: the schema check, now (8 Notion reads; readiness keeps the outcome). */
export function registerSchema(app: AdminApp, d: AdminDeps): void {
  app.get("/admin/schema", async (c) => {
    const problems = await d.schemaCheck();
    return c.json({ ok: problems.length === 0, problems });
  });
}
