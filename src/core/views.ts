/**
 * How the ledger's rows are shown to operators (the admin API, /admin/status, the status page):
 * plain JSON with snake_case keys, the same everywhere.
 */

export interface RunSummary {
  id: number;
  job: string;
  mode: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  counts: { created: number; updated: number; unchanged: number; archived: number; failed: number; blocked: number };
  notion_requests: number;
  error: string | null;
  /** Changes the run queued for the writer (a poll of the service; the counts grow as they are written). */
  queued: number;
  /** Of those, how many are not written yet. */
  pending: number;
}

export interface RecordView {
  job: string;
  key: string;
  state: string;
  notion_page_id: string | null;
  content_hash: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  missed_runs: number;
  write_started_at: string | null;
  first_seen_at: string;
  last_seen_at: string;
  updated_at: string;
}

export interface FailureView {
  job: string;
  key: string;
  state: string;
  error: string | null;
  attempts: number;
  next_attempt_at: string | null;
}
