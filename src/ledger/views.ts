import type { FailureView, RecordView, RunSummary } from "../core";
import type { RecordRow, SyncRunRow } from "./schema";

/** A run as operators see it (admin API, status). */
export function runSummary(r: SyncRunRow, pending = 0): RunSummary {
  return {
    id: r.id,
    job: r.job,
    mode: r.mode,
    status: r.status,
    started_at: r.startedAt,
    finished_at: r.finishedAt,
    duration_ms: r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : null,
    counts: { created: r.created, updated: r.updated, unchanged: r.unchanged, archived: r.archived, failed: r.failed, blocked: r.blocked },
    notion_requests: r.notionRequests,
    error: r.error,
    queued: r.queued,
    pending,
  };
}

/** A ledger record as operators see it (GET /admin/records/:job/:key). */
export function recordView(r: RecordRow): RecordView {
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
    write_started_at: r.writeStartedAt,
    first_seen_at: r.firstSeenAt,
    last_seen_at: r.lastSeenAt,
    updated_at: r.updatedAt,
  };
}

/** A failed or unfinished record (GET /admin/failures). */
export function failureView(r: RecordRow): FailureView {
  return { job: r.job, key: r.sourceKey, state: r.state, error: r.lastError, attempts: r.attempts, next_attempt_at: r.nextAttemptAt };
}
