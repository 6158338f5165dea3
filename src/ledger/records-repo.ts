import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { LedgerDb } from "./ledger";
import { records, type PlanRow, type RecordRow } from "./schema";
import type { JobName } from "../core/snapshot";

/** `blocked`: a create Notion refuses for the whole workspace (block limit); not failed, retried each run. */
/**
 * Every column of a row, named as drizzle names them. The per-write statements below are plain
 * SQL through bun:sqlite's statement cache (`query`): built by the query builder, each one was
 * prepared again for every write, a third of a first sync's CPU at 60,000 pages.
 */
const ROW_COLUMNS = `id, job, source_key AS sourceKey, notion_page_id AS notionPageId, content_hash AS contentHash, state, attempts,
  last_error AS lastError, next_attempt_at AS nextAttemptAt, write_started_at AS writeStartedAt, write_hash AS writeHash,
  status_value AS statusValue, missed_runs AS missedRuns, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt, updated_at AS updatedAt`;

export type RecordState = "pending_create" | "synced" | "failed" | "archived" | "blocked";

/**
 * Every ledger write the engine makes, each one statement, committed before the next request
 * goes out: after a crash the ledger says exactly which creates may have happened
 * (pending_create), which pages are known, and which records failed.
 */
export class RecordsRepo {
  constructor(
    private readonly db: LedgerDb,
    private readonly now: () => string,
  ) {}

  /**
   * What planning needs of every row of a job, keyed by source key. Only these columns, read row
   * by row straight into the map: at 56,000 devices the full rows (timestamps, last errors, the
   * repeated job name) and the query builder's intermediate arrays were a third of an unchanged
   * run's memory.
   */
  forJob(job: JobName): Map<string, PlanRow> {
    const out = new Map<string, PlanRow>();
    const stmt = this.db.$client.query<PlanRow, [string]>(
      `SELECT source_key AS sourceKey, notion_page_id AS notionPageId, content_hash AS contentHash, state,
              attempts, next_attempt_at AS nextAttemptAt, missed_runs AS missedRuns, write_started_at AS writeStartedAt, write_hash AS writeHash, status_value AS statusValue
         FROM records WHERE job = ?`,
    );
    for (const row of stmt.iterate(job)) out.set(row.sourceKey, row);
    return out;
  }

  get(job: JobName, key: string): RecordRow | undefined {
    return this.db.$client.query<RecordRow, [string, string]>(`SELECT ${ROW_COLUMNS} FROM records WHERE job = ?1 AND source_key = ?2`).get(job, key) ?? undefined;
  }

  /** The record's page, if it has one (a relation's target). */
  pageIdOf(job: JobName, key: string): string | null {
    return this.db.$client.query<{ p: string | null }, [string, string]>("SELECT notion_page_id AS p FROM records WHERE job = ?1 AND source_key = ?2").get(job, key)?.p ?? null;
  }

  /** Page id per key of one job, for relations (only pages that exist and are not archived). */
  pageIds(job: JobName): Map<string, string> {
    const rows = this.db
      .select({ key: records.sourceKey, page: records.notionPageId, state: records.state })
      .from(records)
      .where(eq(records.job, job))
      .all();
    return new Map(rows.filter((r) => r.page && r.state !== "archived").map((r) => [r.key, r.page as string]));
  }

  /** The intent to create, written BEFORE the request: a crash after this is found next run. */
  intendCreate(job: JobName, key: string): void {
    this.db.$client
      .query(
        `INSERT INTO records (job, source_key, state, attempts, write_started_at, write_hash, first_seen_at, last_seen_at, updated_at)
         VALUES (?1, ?2, 'pending_create', 1, ?3, NULL, ?3, ?3, ?3)
         ON CONFLICT (job, source_key) DO UPDATE SET state = 'pending_create', attempts = attempts + 1, write_started_at = ?3, write_hash = NULL, last_seen_at = ?3, updated_at = ?3`,
      )
      .run(job, key, this.now());
  }

  /**
   * The intent to write an existing page (update, restore, archive), written BEFORE the request
   * leaves, like a create's: until its answer is recorded, the row's hash no longer says what
   * the page holds (see records.write_started_at). `leaves`: what the write would leave on the
   * page (its content hash, or settle.ts's ARCHIVE_INTENT).
   */
  intendWrite(job: JobName, key: string, leaves: string): void {
    this.db.$client.query("UPDATE records SET write_started_at = ?3, write_hash = ?4, updated_at = ?3 WHERE job = ?1 AND source_key = ?2").run(job, key, this.now(), leaves);
  }

  /** The page holds `hash` (and shows `statusValue` as its Status, when it has one). */
  synced(job: JobName, key: string, pageId: string, hash: string, statusValue?: string | null): void {
    // ?6 = 1 keeps the Status the row has (the write carried none).
    this.db.$client
      .query(
        `INSERT INTO records (job, source_key, notion_page_id, content_hash, state, attempts, status_value, first_seen_at, last_seen_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'synced', 0, ?5, ?7, ?7, ?7)
         ON CONFLICT (job, source_key) DO UPDATE SET notion_page_id = ?3, content_hash = ?4, state = 'synced', attempts = 0,
           status_value = CASE WHEN ?6 = 1 THEN status_value ELSE ?5 END, last_error = NULL, next_attempt_at = NULL, missed_runs = 0,
           write_started_at = NULL, write_hash = NULL, last_seen_at = ?7, updated_at = ?7`,
      )
      .run(job, key, pageId, hash, statusValue ?? null, statusValue === undefined ? 1 : 0, this.now());
  }

  /**
   * A failed record keeps its page id (if any) and waits until `nextAttemptAt`. `mayHaveApplied`:
   * the write got no clear refusal (timeout, dropped connection, 5xx), so it may still land: its
   * intent is renewed to now, when the call was given up. A clear refusal (4xx) clears it.
   */
  failed(job: JobName, key: string, error: string, nextAttemptAt: string, pageId?: string | null, mayHaveApplied = false): void {
    // A clear refusal cannot land later (intent cleared); an earlier doubtful write was waited
    // out before this one. ?6: the call may have been applied (intent renewed to now).
    this.db.$client
      .query(
        `INSERT INTO records (job, source_key, notion_page_id, state, attempts, last_error, next_attempt_at, first_seen_at, last_seen_at, updated_at)
         VALUES (?1, ?2, ?5, 'failed', 1, ?3, ?4, ?7, ?7, ?7)
         ON CONFLICT (job, source_key) DO UPDATE SET
           state = CASE WHEN state = 'pending_create' AND notion_page_id IS NULL THEN 'pending_create' ELSE 'failed' END,
           attempts = attempts + 1, last_error = ?3, next_attempt_at = ?4,
           write_started_at = CASE WHEN ?6 = 1 THEN ?7 ELSE NULL END,
           write_hash = CASE WHEN ?6 = 1 THEN write_hash ELSE NULL END,
           notion_page_id = coalesce(?5, notion_page_id), updated_at = ?7`,
      )
      .run(job, key, error, nextAttemptAt, pageId || null, mayHaveApplied ? 1 : 0, this.now());
  }

  /**
   * A create held back because Notion refuses new pages for now (block limit): not a failure of
   * the record, no backoff. A write in doubt stays in doubt: only a refusal of this very create
   * (`refused`) proves nothing was made.
   */
  blocked(job: JobName, key: string, reason: string, refused: boolean): void {
    const now = this.now();
    this.db
      .insert(records)
      .values({ job, sourceKey: key, state: "blocked", attempts: 0, lastError: reason, firstSeenAt: now, lastSeenAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [records.job, records.sourceKey],
        set: {
          state: sql`CASE WHEN ${records.notionPageId} IS NULL THEN 'blocked' ELSE ${records.state} END`,
          lastError: reason,
          nextAttemptAt: null,
          ...(refused ? { writeStartedAt: null, writeHash: null } : {}),
          updatedAt: now,
        },
      })
      .run();
  }

  /** Creates waiting because Notion refused new pages (all jobs). */
  blockedCount(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(records).where(eq(records.state, "blocked")).get()?.n ?? 0;
  }

  archived(job: JobName, key: string): void {
    this.db.$client
      .query("UPDATE records SET state = 'archived', last_error = NULL, next_attempt_at = NULL, write_started_at = NULL, write_hash = NULL, updated_at = ?3 WHERE job = ?1 AND source_key = ?2")
      .run(job, key, this.now());
  }

  /** Records present in the source this run: seen, and their missed-run count reset. */
  seen(job: JobName, keys: Iterable<string>): void {
    // One prepared statement in one transaction: at 56,000 devices the query builder's
    // statement per chunk cost more memory and time than the update itself.
    const now = this.now();
    const client = this.db.$client;
    const update = client.prepare("UPDATE records SET last_seen_at = ?1, missed_runs = 0 WHERE job = ?2 AND source_key = ?3 AND (last_seen_at <> ?1 OR missed_runs <> 0)");
    client.transaction(() => {
      for (const key of keys) update.run(now, job, key);
    })();
    update.finalize();
  }

  /** One more run without the record in its source; returns the new count. */
  missed(job: JobName, key: string): number {
    const row = this.db
      .update(records)
      .set({ missedRuns: sql`${records.missedRuns} + 1`, updatedAt: this.now() })
      .where(and(eq(records.job, job), eq(records.sourceKey, key)))
      .returning({ missed: records.missedRuns })
      .get();
    return row?.missed ?? 0;
  }

  /** Points a record at another page (adoption, dedupe), keeping its state machine intact. */
  repoint(job: JobName, key: string, pageId: string): void {
    this.db
      .update(records)
      .set({ notionPageId: pageId, updatedAt: this.now() })
      .where(and(eq(records.job, job), eq(records.sourceKey, key)))
      .run();
  }

  /** Forget the content hash so the next run compares and writes the record again. */
  invalidate(job: JobName, key: string): void {
    this.db
      .update(records)
      .set({ contentHash: null, updatedAt: this.now() })
      .where(and(eq(records.job, job), eq(records.sourceKey, key)))
      .run();
  }

  /** Forgets every record of a job (its database was recreated: the old pages are gone). */
  forgetJob(job: JobName): number {
    return this.db.delete(records).where(eq(records.job, job)).returning({ id: records.id }).all().length;
  }

  /** Drops every hash of a job so the next run rewrites its pages (a relation target changed). */
  invalidateJob(job: JobName): void {
    this.db.update(records).set({ contentHash: null, updatedAt: this.now() }).where(eq(records.job, job)).run();
  }

  /**
   * What the next run must write whatever the sources say (failed, unfinished creates, records
   * whose hash was dropped), and what a full rewrite would cost (every live record).
   */
  backlog(): { failed: number; pendingCreate: number; invalidated: number; live: number } {
    const row = this.db
      .select({
        failed: sql<number>`sum(${records.state} = 'failed')`,
        pending: sql<number>`sum(${records.state} = 'pending_create')`,
        invalidated: sql<number>`sum(${records.state} = 'synced' AND ${records.contentHash} IS NULL)`,
        live: sql<number>`sum(${records.state} != 'archived')`,
      })
      .from(records)
      .get();
    return { failed: row?.failed ?? 0, pendingCreate: row?.pending ?? 0, invalidated: row?.invalidated ?? 0, live: row?.live ?? 0 };
  }

  /** Failed and unfinished records, most attempts first (GET /admin/failures). */
  failures(q: { job?: JobName; limit: number }): RecordRow[] {
    const where = and(inArray(records.state, ["failed", "pending_create"]), q.job ? eq(records.job, q.job) : undefined);
    return this.db.select().from(records).where(where).orderBy(desc(records.attempts), records.sourceKey).limit(q.limit).all();
  }

  counts(): Record<string, Record<string, number>> {
    const rows = this.db
      .select({ job: records.job, state: records.state, n: sql<number>`count(*)` })
      .from(records)
      .groupBy(records.job, records.state)
      .all();
    const out: Record<string, Record<string, number>> = {};
    for (const r of rows) (out[r.job] ??= {})[r.state] = r.n;
    return out;
  }
}
