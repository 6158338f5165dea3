/**
 * What a sync run takes: its options (what to do) and its dependencies (what to do it with).
 * Apart from the engine so the engine and the job runner can both use them without importing
 * each other.
 * @module
 */
import type { Tracer } from "@opentelemetry/api";
import type { Clock } from "@oberaconnect/common/clock";
import type { Config } from "../config/schema";
import type { CreatesRefusal, JobName, SchemaProblem, SourceReader, SyncMode, SyncReport } from "../core";
import type { LedgerRepos } from "../ledger/repos";
import type { NotionApi } from "../notion/api";
import type { Logger } from "../telemetry/logger";

export interface SyncOptions {
  mode: SyncMode;
  jobs: JobName[];
  dryRun: boolean;
  verbose: boolean;
  batchSize: number;
  batchDelayMs: number;
  concurrency: number;
  /** Shutdown: the run stops between requests and ends "interrupted" (the next run resumes from the ledger). */
  signal?: AbortSignal;
  /**
   * Called once the run holds the lease and has its id (null for a dry run that is not recorded),
   * before any source or Notion request: the admin API answers 202 with this id.
   */
  onStarted?: (runId: number | null) => void;
  /**
   * false: the run only polls (plans and queues); a writer of its own process drains the queue
   * (the service's). Default true: the run also drains what it queued (the CLI `sync`).
   */
  drain?: boolean;
  /** Give a dry run its own sync_runs row (mode "dry_run"), so its plan can be fetched by id. */
  recordDryRun?: boolean;
}

export interface SyncDeps {
  config: Config;
  /** The ledger, through its repositories (the engine builds none of its own). */
  repos: LedgerRepos;
  notion: NotionApi;
  sources: SourceReader;
  clock: Clock;
  logger: Logger;
  progress?: (job: JobName, done: number, total: number) => void;
  /** Told the outcome of the run's schema check (readiness keeps the last one). */
  onSchemaChecked?: (problems: SchemaProblem[]) => void;
  /** Told when changes were queued (the service's writer looks at once). */
  onQueued?: () => void;
  /** Told every finished run (metrics). */
  onRunFinished?: (report: SyncReport) => void;
  /**
   * Told whether Notion took new pages this run: a refusal for the whole workspace (block
   * limit), or null once a create went through again (readiness and metrics keep it).
   */
  onCreatesRefused?: (refusal: CreatesRefusal | null) => void;
  /** A span per run, job and batch (and the gates add one per API call inside them). */
  tracer?: Tracer;
}
