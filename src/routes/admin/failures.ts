import { z } from "zod";
import { AppError } from "../errors";
import { valid, jobField } from "../validate";
import type { AdminApp, AdminDeps } from "./deps";

const FailuresQuery = z.object({ job: jobField.optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
const RecordParam = z.object({ job: jobField, key: z.string().min(1) });


/** GET /admin/failures (failed and unfinished records) and GET /admin/records/:job/:key. */
export function registerFailures(app: AdminApp, d: AdminDeps): void {
  app.get("/admin/failures", valid("query", FailuresQuery), (c) => {
    return c.json({ failures: d.ledger.failures(c.req.valid("query")) });
  });

  app.get("/admin/records/:job/:key", valid("param", RecordParam), (c) => {
    const { job, key } = c.req.valid("param");
    const record = d.ledger.record(job, key);
    if (!record) throw new AppError("not_found", `no ledger record ${job} ${key}`);
    return c.json({ record });
  });
}
