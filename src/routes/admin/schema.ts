import { schemaCheck } from "../../sync/databases";
import type { AdminApp, AdminDeps } from "./deps";

/** GET /admin/schema: the schema check, now (8 Notion reads; readiness keeps the outcome). */
export function registerSchema(app: AdminApp, d: AdminDeps): void {
  app.get("/admin/schema", async (c) => {
    const { rt } = d;
    const problems = await schemaCheck(rt.notion(), rt.config, rt.repos.registry);
    rt.schema.set(problems, rt.clock.now());
    return c.json({ ok: problems.length === 0, problems });
  });
}
