import { z } from "zod";
import type { RecordRow } from "../../db/schema";
import { JOB_NAMES } from "../../sync/snapshot";
import { AppError } from "../errors";
import { valid } from "../validate";
import type { AdminApp, AdminDeps } from "./deps";

const FailuresQuery = z.object({ job: z.enum(JOB_NAMES).optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict();
const RecordParam = z.object({ job: z.enum(JOB_NAMES), key: z.string().min(1) });

export function recordView(r: RecordRow) {
  return {
    job: r.job,
    key: r.sourceKey,
    state: r.state,
    notion_page_id: r.notionPageId,
    content_hash: r.contentHash,
    attempts: r.attempts,
    last_error: r.lastError,
    next_attempt_at: r.nextAttemptAt,
    missed_runs: r.missedRuns,
    first_seen_at: r.firstSeenAt,
    last_seen_at: r.lastSeenAt,
    updated_at: r.updatedAt,
  };
}

/** GET /admin/failures (failed and unfinished records) and GET /admin/records/:job/:key. */
export function registerFailures(app: AdminApp, d: AdminDeps): void {
  app.get("/admin/failures", valid("query", FailuresQuery), (c) => {
    const rows = d.rt.repos.records.failures(c.req.valid("query"));
    return c.json({
      failures: rows.map((r) => ({ job: r.job, key: r.sourceKey, state: r.state, error: r.lastError, attempts: r.attempts, next_attempt_at: r.nextAttemptAt })),
    });
  });

  app.get("/admin/records/:job/:key", valid("param", RecordParam), (c) => {
    const { job, key } = c.req.valid("param");
    const row = d.rt.repos.records.get(job, key);
    if (!row) throw new AppError("not_found", `no ledger record ${job} ${key}`);
    return c.json({ record: recordView(row) });
  });
}
