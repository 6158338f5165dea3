import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { LedgerDb } from "./ledger";
import { records, type PlanRow, type RecordRow } from "./schema";
import type { JobName } from "../core/snapshot";

/** `blocked`: a create Notion refuses for the whole workspace (block limit); not failed, retried each run. */
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
              attempts, next_attempt_at AS nextAttemptAt, missed_runs AS missedRuns, write_started_at AS writeStartedAt, write_hash AS writeHash
         FROM records WHERE job = ?`,
    );
    for (const row of stmt.iterate(job)) out.set(row.sourceKey, row);
    return out;
  }

  get(job: JobName, key: string): RecordRow | undefined {
    return this.db.select().from(records).where(and(eq(records.job, job), eq(records.sourceKey, key))).get();
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
    const now = this.now();
    this.db
      .insert(records)
      .values({ job, sourceKey: key, state: "pending_create", attempts: 1, writeStartedAt: now, writeHash: null, firstSeenAt: now, lastSeenAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [records.job, records.sourceKey],
        set: { state: "pending_create", attempts: sql`${records.attempts} + 1`, writeStartedAt: now, writeHash: null, lastSeenAt: now, updatedAt: now },
      })
      .run();
  }

  /**
   * The intent to write an existing page (update, restore, archive), written BEFORE the request
   * leaves, like a create's: until its answer is recorded, the row's hash no longer says what
   * the page holds (see records.write_started_at). `leaves`: what the write would leave on the
   * page (its content hash, or settle.ts's ARCHIVE_INTENT).
   */
  intendWrite(job: JobName, key: string, leaves: string): void {
    const now = this.now();
    this.db
      .update(records)
      .set({ writeStartedAt: now, writeHash: leaves, updatedAt: now })
      .where(and(eq(records.job, job), eq(records.sourceKey, key)))
      .run();
  }

  synced(job: JobName, key: string, pageId: string, hash: string): void {
    const now = this.now();
    this.db
      .insert(records)
      .values({ job, sourceKey: key, notionPageId: pageId, contentHash: hash, state: "synced", attempts: 0, firstSeenAt: now, lastSeenAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [records.job, records.sourceKey],
        set: {
          notionPageId: pageId,
          contentHash: hash,
          state: "synced",
          attempts: 0,
          lastError: null,
          nextAttemptAt: null,
          missedRuns: 0,
          writeStartedAt: null,
          writeHash: null,
          lastSeenAt: now,
          updatedAt: now,
        },
      })
      .run();
  }

  /**
   * A failed record keeps its page id (if any) and waits until `nextAttemptAt`. `mayHaveApplied`:
   * the write got no clear refusal (timeout, dropped connection, 5xx), so it may still land: its
   * intent is renewed to now, when the call was given up. A clear refusal (4xx) clears it.
   */
  failed(job: JobName, key: string, error: string, nextAttemptAt: string, pageId?: string | null, mayHaveApplied = false): void {
    const now = this.now();
    this.db
      .insert(records)
      .values({ job, sourceKey: key, notionPageId: pageId ?? null, state: "failed", attempts: 1, lastError: error, nextAttemptAt, firstSeenAt: now, lastSeenAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [records.job, records.sourceKey],
        set: {
          state: sql`CASE WHEN ${records.state} = 'pending_create' AND ${records.notionPageId} IS NULL THEN 'pending_create' ELSE 'failed' END`,
          attempts: sql`${records.attempts} + 1`,
          lastError: error,
          nextAttemptAt,
          // A clear refusal cannot land later; an earlier doubtful write was waited out before this one.
          writeStartedAt: mayHaveApplied ? now : null,
          ...(mayHaveApplied ? {} : { writeHash: null }),
          ...(pageId ? { notionPageId: pageId } : {}),
          updatedAt: now,
        },
      })
      .run();
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
    this.db
      .update(records)
      .set({ state: "archived", lastError: null, nextAttemptAt: null, writeStartedAt: null, writeHash: null, updatedAt: this.now() })
      .where(and(eq(records.job, job), eq(records.sourceKey, key)))
      .run();
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
