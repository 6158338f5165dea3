/**
 * What a sync run reports: the vocabulary the engine, the CLI, the admin API, the scheduler and
 * the metrics share. Types and one constructor; nothing here does anything.
 */
import type { JobName, DatabaseName } from "./jobs";
import type { MatchCounts } from "./match";
import type { PropValue } from "./values";

export type SyncMode = "incremental" | "full" | "retry_failed";

/**
 * `deferred`: Notion asked to wait longer than notion.max_rate_limit_wait_minutes; the run stopped
 * with nothing marked failed and the next one resumes it.
 */
export type RunStatus = "running" | "succeeded" | "partial" | "failed" | "aborted" | "interrupted" | "deferred";

/** What the plan does with one record (only create, update and archive cost a request). */
export type ActionKind = "create" | "update" | "adopt" | "archive" | "missed" | "unchanged" | "skip";

export interface BatchCounts {
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
  failed: number;
  /** Failed earlier and not due yet (backoff): not attempted this run. */
  deferred: number;
  /** Creates Notion refuses for the whole workspace now (block limit): kept, not failed. */
  blocked: number;
}

export const emptyCounts = (): BatchCounts => ({ created: 0, updated: 0, unchanged: 0, archived: 0, failed: 0, deferred: 0, blocked: 0 });

/** One property that would change: its value in Notion now (undefined: not read) and the new one. */
export interface PropertyChange {
  property: string;
  old?: PropValue["value"] | null;
  new: PropValue["value"];
}

/** One record a run would write. `changes` null: every property is written (Notion was not read). */
export interface PlannedChange {
  key: string;
  action: "create" | "update" | "restore" | "archive";
  changes: PropertyChange[] | null;
}

export interface JobReport {
  job: JobName;
  /** Planned actions by kind (what a dry run shows). */
  planned: Partial<Record<ActionKind, number>>;
  counts: BatchCounts;
  /** Sync Keys held by more than one page. */
  duplicates: string[];
  /** Whether Notion was read in full to plan (full sync, empty ledger, verbose dry run). */
  readNotion: boolean;
  /** How long the job took (plan and apply). */
  durationMs?: number;
  /** Dry runs with `verbose`: what would change, per record (old → new where Notion was read). */
  plan?: PlannedChange[];
  /** Changes this poll queued for the writer. */
  queued?: number;
  /** The read-back check of pages edited since the last one, when it ran (verify.ts). */
  verified?: { checked: number; drifted: string[] };
}

export interface SchemaProblem {
  database: DatabaseName;
  property: string;
  kind: "missing" | "renamed" | "wrong_type" | "wrong_relation" | "one_way_relation" | "missing_view" | "broken_view";
  expected: string;
  actual: string | null;
  /** What the operator should do, in one sentence. */
  fix: string;
}

/** Creates Notion refuses for the whole workspace (block limit, or no "Insert content"). */
export type CreatesRefusal = { kind: "block_limit" | "forbidden" | "plan_restriction"; message: string };

export interface SyncReport {
  runId: number | null;
  status: RunStatus;
  exitCode: 0 | 1 | 3 | 4;
  jobs: JobReport[];
  totals: BatchCounts;
  notionRequests: { reads: number; writes: number };
  durationMs: number;
  problems: string[];
  schemaProblems: SchemaProblem[];
  quarantined: number;
  /** How UniFi sites were linked to customers: counts by outcome (null when the sources were not read). */
  matching: MatchCounts | null;
  error: string | null;
  /** A deferred run: when Notion's wait ends and the next run can resume (epoch ms). */
  resumeAt?: number;
  /** Notion refused new pages this run (block limit): what it said and what to do. */
  createsRefused?: CreatesRefusal & { advice: string };
}

/** A report with nothing done yet ("running"). */
export function newReport(overrides: Partial<SyncReport> = {}): SyncReport {
  return {
    runId: null,
    status: "running",
    exitCode: 0,
    jobs: [],
    totals: emptyCounts(),
    notionRequests: { reads: 0, writes: 0 },
    durationMs: 0,
    problems: [],
    schemaProblems: [],
    quarantined: 0,
    matching: null,
    error: null,
    ...overrides,
  };
}

/**
 * Problems that do not stop a sync: a relation that is only one-way (the reverse column is
 * missing, nothing written is wrong) and our on-call views missing or broken (nothing is
 * written to a view). They are reported, and `setup-databases --migrate` settles them.
 */
const ADVISORY: ReadonlySet<SchemaProblem["kind"]> = new Set(["one_way_relation", "missing_view", "broken_view"]);
export const blocksSync = (p: SchemaProblem): boolean => !ADVISORY.has(p.kind);
