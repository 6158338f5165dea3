import { z } from "zod";
import { AppError } from "../errors";
import { valid, jobField } from "../validate";
import type { AdminApp, AdminDeps } from "./deps";

const STATUSES = ["running", "succeeded", "partial", "failed", "aborted", "interrupted", "deferred"] as const;

const ListQuery = z
  .object({
    job: jobField.optional(),
    status: z.enum(STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    /** The cursor: runs with a smaller id (the previous page's `next_before`). */
    before: z.coerce.number().int().positive().optional(),
  })
  .strict();

const IdParam = z.object({ id: z.coerce.number().int().positive() });
const PlanQuery = z
  .object({
    plan_offset: z.coerce.number().int().min(0).default(0),
    plan_limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** GET /admin/runs (newest first, `before` cursor) and GET /admin/runs/:id (a dry run carries its plan). */
export function registerRuns(app: AdminApp, d: AdminDeps): void {
  app.get("/admin/runs", valid("query", ListQuery), (c) => {
    const q = c.req.valid("query");
    const runs = d.ledger.runs(q);
    const last = runs.at(-1);
    return c.json({ runs, next_before: runs.length === q.limit && last ? last.id : null });
  });

  app.get("/admin/runs/:id", valid("param", IdParam), valid("query", PlanQuery), (c) => {
    const { id } = c.req.valid("param");
    const run = d.ledger.run(id);
    if (!run) throw new AppError("not_found", `no run ${id}`);
    if (run.mode !== "dry_run") return c.json({ run });
    const { plan_offset: offset, plan_limit: limit } = c.req.valid("query");
    const plan = d.syncs.plan(id);
    if (!plan) return c.json({ run, plan: null, plan_note: run.status === "running" ? "the dry run is still going" : "the plan is kept in memory for the last few dry runs only" });
    // One flat list across jobs, paged: a fleet's plan can hold tens of thousands of records.
    const all = plan.jobs.flatMap((j) => j.changes.map((ch) => ({ job: j.job, ...ch })));
    const page = all.slice(offset, offset + limit);
    return c.json({ run, plan: { total: all.length, offset, limit, next_offset: offset + page.length < all.length ? offset + page.length : null, changes: page } });
  });
}
