import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The ledger: what the service knows about every record it has written to Notion. It is the
 * reason a sync is idempotent (the page id per source key), cheap (the content hash skips
 * unchanged records) and resumable (failed records carry their error and next attempt).
 * Times are ISO-8601 text so an engineer reading the file with sqlite3 sees real dates.
 */

/** One row per sync run, written when it starts and completed when it ends. */
export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "all" or a single job name (customers, sites, devices, alerts). */
    job: text("job").notNull(),
    /** incremental | full | retry_failed | dry_run */
    mode: text("mode").notNull(),
    /** running | succeeded | partial | failed | aborted | interrupted | deferred. A crash leaves "running" behind, which is how it is noticed. */
    status: text("status").notNull(),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    archived: integer("archived").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** Creates Notion refused for the whole workspace (block limit): kept to be created later, not failed. */
    blocked: integer("blocked").notNull().default(0),
    /** Changes this run queued for the writer (the counts above grow as they are written). */
    queued: integer("queued").notNull().default(0),
    /** Notion requests this run spent: the budget that matters at 3 requests/s. */
    notionRequests: integer("notion_requests").notNull().default(0),
    error: text("error"),
  },
  // Admin API and status views list the newest runs first.
  (t) => [index("sync_runs_started_idx").on(t.startedAt)],
);

/** One row per (job, source record): the link between a source key and its Notion page. */
export const records = sqliteTable(
  "records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    job: text("job").notNull(),
    /** Stable key of the source record, e.g. "ninjaone:device:115"; also written to the page's Sync Key. */
    sourceKey: text("source_key").notNull(),
    /** Null until the create is confirmed; a pending_create row with null here is an unfinished create. */
    notionPageId: text("notion_page_id"),
    /** Hash of the properties last written; equal hash means no request at all. */
    contentHash: text("content_hash"),
    /** pending_create | synced | failed | archived | blocked (a create Notion refuses for the whole workspace now) */
    state: text("state").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** Failed records are retried no earlier than this (exponential backoff). */
    nextAttemptAt: text("next_attempt_at"),
    /**
     * Set before a write to the page leaves (create, update, restore, archive) and cleared when its
     * answer is recorded. Still set at the start of a run: the write's outcome is unknown (the
     * process died with it on the wire, or it timed out), so Notion may hold it, or may yet
     * apply it (a server finishes a request whose client is gone, and Notion has no conditional
     * writes). The hash then says nothing about the page: the record is written again, but only
     * once that write can no longer land after ours (see sync/settle.ts).
     */
    writeStartedAt: text("write_started_at"),
    /**
     * What that write would leave on the page: the content hash it carries, "archive" for an
     * archive, null for a create (whose late landing makes a duplicate, whatever it carries).
     * When the next write carries the same, their order does not matter and nothing waits.
     */
    writeHash: text("write_hash"),
    /**
     * The Status the page shows (what was last written): a change of it is what an on-call
     * engineer watches for, so it decides the write's priority (sync/queue.ts).
     */
    statusValue: text("status_value"),
    /** Consecutive runs in which the source no longer had this record; archive after N. */
    missedRuns: integer("missed_runs").notNull().default(0),
    firstSeenAt: text("first_seen_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    // unique(job, source_key): one page per source record; upserts and duplicate prevention depend on it.
    uniqueIndex("records_job_source_key_uq").on(t.job, t.sourceKey),
    // --retry-failed scans failed rows that are due.
    index("records_state_next_attempt_idx").on(t.state, t.nextAttemptAt),
    // dedupe and adoption look rows up by page id.
    index("records_notion_page_idx").on(t.notionPageId),
  ],
);

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type RecordRow = typeof records.$inferSelect;
/** The columns a sync plans with (RecordsRepo.forJob). */
export type PlanRow = Pick<RecordRow, "sourceKey" | "notionPageId" | "contentHash" | "state" | "attempts" | "nextAttemptAt" | "missedRuns" | "writeStartedAt" | "writeHash" | "statusValue">;
export type NewRecordRow = typeof records.$inferInsert;

/**
 * Databases created or adopted by `setup-databases`, so a sync finds them when the config has
 * no ids yet. The config's `databases.*` always wins: it survives the loss of this file.
 */
export const notionDatabases = sqliteTable("notion_databases", {
  /** Template name: customer_status | sites | devices | alerts. */
  name: text("name").primaryKey(),
  databaseId: text("database_id").notNull(),
  dataSourceId: text("data_source_id").notNull(),
  /** JSON {property name: Notion property id} as set up: ids survive a rename, so a renamed column is recognised for sure. */
  propertyIds: text("property_ids").notNull().default("{}"),
  updatedAt: text("updated_at").notNull(),
});

/**
 * Leases that keep two syncs (the scheduler and an operator's CLI run) from writing the same
 * records at once, which is how duplicates would be born. A lease names its holder's pid and
 * host so a crashed holder can be recognised and its lease taken over.
 */
export const locks = sqliteTable("locks", {
  name: text("name").primaryKey(),
  owner: text("owner").notNull(),
  pid: integer("pid").notNull(),
  host: text("host").notNull(),
  acquiredAt: text("acquired_at").notNull(),
  expiresAt: text("expires_at").notNull(),
});

/**
 * What NinjaOne's activities answered about each open alert's severity and priority. The v2
 * Alert has neither; they sit on the TRIGGERED activity of the alert's series, which costs a
 * request to find once the alert is older than the bulk read reaches. Remembered here, not in
 * memory, because every CLI `sync` is a new process and would otherwise ask again for every
 * alert, and ask forever for those whose activity carries neither field (a real webhook-pushed
 * TRIGGERED CONDITION activity has none). One row per open alert; closed alerts are deleted.
 */
export const alertSeverities = sqliteTable("alert_severities", {
  /** The alert's uid (= the activity seriesUid). */
  alertUid: text("alert_uid").primaryKey(),
  /** NONE | MINOR | MODERATE | MAJOR | CRITICAL, or null: the activity carried none, or no answer yet. */
  severity: text("severity"),
  /** NONE | LOW | MEDIUM | HIGH, or null as above. */
  priority: text("priority"),
  /** 1 once a TRIGGERED activity answered, also with neither field; 0: looked up, nothing found yet. */
  answered: integer("answered", { mode: "boolean" }).notNull().default(false),
  /** Last lookup for this alert; unanswered alerts are looked up again least recently asked first. */
  askedAt: text("asked_at").notNull(),
});

export type AlertSeverityRow = typeof alertSeverities.$inferSelect;

/**
 * Small settings the service changes at run time and must keep across a restart, by key. Today
 * `scheduler.paused`: an operator who paused the scheduler (admin API) expects a restart, a
 * deploy or a LiteFS failover to leave it paused until they resume it.
 */
export const serviceState = sqliteTable("service_state", {
  key: text("key").primaryKey(),
  /** JSON. */
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/**
 * The writer's queue: what Notion must be told, one row per record that differs from what its
 * page holds (by the ledger's hash). Polls put changes here; the one writer (the lease holder)
 * takes them highest priority first, oldest first within a priority. Kept in the ledger, not in
 * memory: a first sync of 60,000 records is a queue on disk, a crash loses none of it, and a
 * change that comes back to what Notion holds is simply deleted (coalescing: one row per record,
 * always its latest desired state).
 */
export const pendingWrites = sqliteTable(
  "pending_writes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    job: text("job").notNull(),
    sourceKey: text("source_key").notNull(),
    /** 0 (alerts, customer status) … 3 (archives); see sync/queue.ts. A coalesced change keeps the highest. */
    priority: integer("priority").notNull(),
    /** When the record first differed from its page (ms): the age of the oldest is the freshness SLI. */
    sinceMs: integer("since_ms").notNull(),
    /** "write" (create, update or restore, decided from the ledger at write time) or "archive". */
    action: text("action").notNull(),
    /** The desired properties (JSON of the canonical PropMap); null for an archive. */
    props: text("props"),
    hash: text("hash"),
    /** A page the poll found in Notion for this key (adoption after a lost ledger), else null. */
    pageId: text("page_id"),
    /** The Status value the write leaves (for the next change's priority). */
    statusValue: text("status_value"),
    /** Records this one's relations point at (JSON [job, key][]): written first when they have no page yet. */
    refs: text("refs"),
    /** Not to be written before this (ms): a write in doubt settling, or a failed write's backoff. */
    notBeforeMs: integer("not_before_ms"),
    /** Why it waits: "settle" (a `sync` run waits for it) or "backoff" (a failed write: the next run retries). */
    waitReason: text("wait_reason"),
    /** The run that queued it last: its counts grow as the writer writes what it queued. */
    runId: integer("run_id"),
  },
  (t) => [
    // One row per record: a new change replaces the queued one (coalescing).
    uniqueIndex("pending_job_key_uq").on(t.job, t.sourceKey),
    // The writer's order: priority, then the oldest change.
    index("pending_order_idx").on(t.priority, t.sinceMs),
    // When the next deferred change falls due: asked each time a writer runs out of due work,
    // a scan of the whole queue without it (a first sync queues 60,000).
    index("pending_due_idx").on(t.waitReason, t.notBeforeMs),
  ],
);

export type PendingRow = typeof pendingWrites.$inferSelect;
