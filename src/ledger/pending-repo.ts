import type { JobName } from "../core";
import type { LedgerDb } from "./ledger";
import type { PendingRow } from "./schema";

/** A change as a poll queues it (see schema.ts pendingWrites for each field). */
export interface QueueEntry {
  job: JobName;
  key: string;
  priority: number;
  sinceMs: number;
  action: "write" | "archive";
  props: string | null;
  hash: string | null;
  pageId: string | null;
  statusValue: string | null;
  refs: string | null;
  notBeforeMs: number | null;
  waitReason: "settle" | "backoff" | null;
  runId: number | null;
}

/** What the poll needs to know of what is queued for a job: enough to coalesce and to promote. */
export interface QueuedSummary {
  priority: number;
  sinceMs: number;
  hash: string | null;
}

/** Backlog per job and priority, and the oldest change per job: the freshness SLI. */
export interface QueueStats {
  byJob: Record<string, { pending: number; byPriority: Record<number, number>; oldestSinceMs: number | null }>;
  total: number;
  /** When the stats were taken, by the caller's clock (ages are measured from it). */
  nowMs?: number;
}

/** `AND job IN (...)` for some of the four jobs (names reduced to [a-z_]), or nothing for all. */
const jobFilter = (jobs?: readonly JobName[]) =>
  jobs && jobs.length < 4 ? ` AND job IN (${jobs.map((j) => `'${j.replace(/[^a-z_]/g, "")}'`).join(",")})` : "";

/**
 * The writer's queue in the ledger (table pending_writes). Every method is one statement (or
 * one transaction): the queue survives a crash as it stood, and polls and the writer, in one
 * process under the lease, never see half a change. Coalescing follows sync/queue.ts: a new
 * change replaces the queued one, keeping the earliest `since` and the higher priority.
 */
export class PendingRepo {
  constructor(private readonly db: LedgerDb) {}

  /** What is queued for `job`, by key. */
  summaries(job: JobName): Map<string, QueuedSummary> {
    const out = new Map<string, QueuedSummary>();
    const stmt = this.db.$client.query<{ key: string; priority: number; sinceMs: number; hash: string | null }, [string]>(
      "SELECT source_key AS key, priority, since_ms AS sinceMs, hash FROM pending_writes WHERE job = ?",
    );
    for (const r of stmt.iterate(job)) out.set(r.key, { priority: r.priority, sinceMs: r.sinceMs, hash: r.hash });
    return out;
  }

  /** Queues changes (coalescing into what is queued), in one transaction. */
  put(entries: readonly QueueEntry[]): void {
    if (!entries.length) return;
    const c = this.db.$client;
    const stmt = c.prepare(
      `INSERT INTO pending_writes (job, source_key, priority, since_ms, action, props, hash, page_id, status_value, refs, not_before_ms, wait_reason, run_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
       ON CONFLICT (job, source_key) DO UPDATE SET
         priority = min(priority, excluded.priority), since_ms = min(since_ms, excluded.since_ms), action = excluded.action,
         props = excluded.props, hash = excluded.hash, page_id = excluded.page_id, status_value = excluded.status_value,
         refs = excluded.refs, not_before_ms = excluded.not_before_ms, wait_reason = excluded.wait_reason, run_id = excluded.run_id`,
    );
    c.transaction(() => {
      for (const e of entries) stmt.run(e.job, e.key, e.priority, e.sinceMs, e.action, e.props, e.hash, e.pageId, e.statusValue, e.refs, e.notBeforeMs, e.waitReason, e.runId);
    })();
    stmt.finalize();
  }

  /** Drops queued changes (the record came back to what its page holds, or is gone for good). */
  drop(job: JobName, keys: Iterable<string>): void {
    const c = this.db.$client;
    const stmt = c.prepare("DELETE FROM pending_writes WHERE job = ?1 AND source_key = ?2");
    c.transaction(() => {
      for (const k of keys) stmt.run(job, k);
    })();
    stmt.finalize();
  }

  /** Raises a queued change to `priority` (never lowers it). */
  promote(job: JobName, key: string, priority: number): void {
    this.db.$client.query("UPDATE pending_writes SET priority = min(priority, ?3) WHERE job = ?1 AND source_key = ?2").run(job, key, priority);
  }

  /**
   * The next changes to write: due now, highest priority first, oldest first within one,
   * skipping the keys being written right now.
   */
  take(limit: number, nowMs: number, busy: ReadonlySet<string>, jobs?: readonly JobName[]): PendingRow[] {
    const only = jobFilter(jobs);
    const rows = this.db.$client
      .query<PendingRow, [number, number]>(
        `SELECT id, job, source_key AS sourceKey, priority, since_ms AS sinceMs, action, props, hash, page_id AS pageId,
                status_value AS statusValue, refs, not_before_ms AS notBeforeMs, wait_reason AS waitReason, run_id AS runId
           FROM pending_writes WHERE (not_before_ms IS NULL OR not_before_ms <= ?1)${only}
          ORDER BY priority, since_ms, id LIMIT ?2`,
      )
      .all(nowMs, limit + busy.size);
    return rows.filter((r) => !busy.has(`${r.job}\u0000${r.sourceKey}`)).slice(0, limit);
  }

  /** One queued change, or undefined. */
  get(job: JobName, key: string): PendingRow | undefined {
    return this.db.$client
      .query<PendingRow, [string, string]>(
        `SELECT id, job, source_key AS sourceKey, priority, since_ms AS sinceMs, action, props, hash, page_id AS pageId,
                status_value AS statusValue, refs, not_before_ms AS notBeforeMs, wait_reason AS waitReason, run_id AS runId FROM pending_writes WHERE job = ?1 AND source_key = ?2`,
      )
      .get(job, key) ?? undefined;
  }

  /** The earliest time a deferred change falls due (ms), or null; `reason` limits it to one kind of wait. */
  nextDueMs(reason?: "settle" | "backoff", jobs?: readonly JobName[]): number | null {
    if (!reason) {
      const times = [this.nextDueMs("settle", jobs), this.nextDueMs("backoff", jobs)].filter((t): t is number => t !== null);
      return times.length ? Math.min(...times) : null;
    }
    // Every deferral carries its reason (defer, and the polls' put), so pending_due_idx answers this.
    const only = jobFilter(jobs);
    const sql = `SELECT min(not_before_ms) AS t FROM pending_writes WHERE wait_reason = ?1 AND not_before_ms IS NOT NULL${only}`;
    return this.db.$client.query<{ t: number | null }, [string]>(sql).get(reason)?.t ?? null;
  }

  /** The change was written: removed, unless a newer one (another hash) was queued meanwhile. */
  done(job: JobName, key: string, hash: string | null): void {
    this.db.$client.query("DELETE FROM pending_writes WHERE job = ?1 AND source_key = ?2 AND hash IS ?3").run(job, key, hash);
  }

  /** Not before `notBeforeMs` (a failed write's backoff, a write in doubt settling). */
  defer(job: JobName, key: string, notBeforeMs: number, reason: "settle" | "backoff"): void {
    this.db.$client.query("UPDATE pending_writes SET not_before_ms = ?3, wait_reason = ?4 WHERE job = ?1 AND source_key = ?2").run(job, key, notBeforeMs, reason);
  }

  /** --retry-failed: failed writes of these jobs are due now (settling ones still wait: they must). */
  dueNow(jobs: readonly JobName[]): void {
    const stmt = this.db.$client.prepare("UPDATE pending_writes SET not_before_ms = NULL, wait_reason = NULL WHERE job = ?1 AND wait_reason = 'backoff'");
    for (const j of jobs) stmt.run(j);
    stmt.finalize();
  }

  /** Forgets a job's queue (its database was recreated). */
  forgetJob(job: JobName): void {
    this.db.$client.query("DELETE FROM pending_writes WHERE job = ?1").run(job);
  }

  /** Changes each of these runs queued that are not written yet. */
  leftOf(runIds: readonly number[]): Map<number, number> {
    const out = new Map<number, number>();
    if (!runIds.length) return out;
    const ids = runIds.filter((n) => Number.isSafeInteger(n)).join(",");
    for (const r of this.db.$client.query<{ id: number; n: number }, []>(`SELECT run_id AS id, count(*) AS n FROM pending_writes WHERE run_id IN (${ids}) GROUP BY run_id`).all()) out.set(r.id, r.n);
    return out;
  }

  stats(): QueueStats {
    const rows = this.db.$client
      .query<{ job: string; priority: number; n: number; oldest: number }, []>(
        "SELECT job, priority, count(*) AS n, min(since_ms) AS oldest FROM pending_writes GROUP BY job, priority",
      )
      .all();
    const out: QueueStats = { byJob: {}, total: 0 };
    for (const r of rows) {
      const j = (out.byJob[r.job] ??= { pending: 0, byPriority: {}, oldestSinceMs: null });
      j.pending += r.n;
      j.byPriority[r.priority] = r.n;
      j.oldestSinceMs = j.oldestSinceMs === null ? r.oldest : Math.min(j.oldestSinceMs, r.oldest);
      out.total += r.n;
    }
    return out;
  }
}
