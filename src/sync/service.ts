/**
 * Sync runs inside a long-running process: at most one at a time here (the scheduler and the
 * admin API share it), and at most one across processes (the ledger lease that runSync takes).
 * A caller gets the run's id as soon as the run holds the lease, then a promise of its report.
 * Dry-run plans are kept in memory for the admin API (the last few only: a plan is a snapshot
 * of one moment, re-made on demand).
 * @module
 */
import type { Logger } from "../telemetry/logger";
import { runSync, type SyncDeps, type SyncOptions } from "./engine";


import type { JobName } from "../core/snapshot";
import { newReport, type PlannedChange, type SyncMode, type SyncReport } from "../core";

export type SyncTrigger = "schedule" | "admin" | "cli";

export interface SyncRequest {
  jobs: JobName[];
  mode: SyncMode;
  dryRun?: boolean;
  trigger: SyncTrigger;
}

export interface ActiveRun {
  runId: number | null;
  jobs: JobName[];
  mode: SyncMode;
  dryRun: boolean;
  trigger: SyncTrigger;
  startedAt: string;
  /** Set when the work is not a sync (e.g. "dedupe"). */
  task?: string;
}

/** A run is already going in this process; `runId` names it (null while it is still starting). */
export class SyncBusyError extends Error {
  constructor(readonly runId: number | null) {
    super(runId === null ? "a sync is starting" : `sync run ${runId} is running`);
    this.name = "SyncBusyError";
  }
}

export interface DryRunPlan {
  runId: number;
  jobs: { job: JobName; changes: PlannedChange[] }[];
}

export interface SyncServiceDeps {
  /** Fresh per run: a reloaded config takes effect from the next run. */
  deps: () => SyncDeps;
  /** Run options not in the request (batch size, concurrency). */
  options: () => Pick<SyncOptions, "batchSize" | "batchDelayMs" | "concurrency">;
  /** Shutdown: the running sync stops between requests and ends "interrupted". */
  shutdown: AbortSignal;
  logger: Logger;
  now: () => number;
  /** Every finished run (the scheduler and readiness keep their state from it). */
  onFinished?: (req: SyncRequest, report: SyncReport) => void;
}

const KEPT_PLANS = 5;

export class SyncService {
  private active: { info: ActiveRun; done: Promise<unknown> } | null = null;
  private readonly plans = new Map<number, DryRunPlan>();

  constructor(private readonly d: SyncServiceDeps) {}

  /** The run going on in this process, if any. */
  current(): ActiveRun | null {
    return this.active ? { ...this.active.info } : null;
  }

  /**
   * Starts a run. Resolves once it holds the lease and has its id; `done` then resolves with
   * its report (never rejects: a bug is logged and reported as a failed run). Rejects with
   * SyncBusyError while a run goes on here, LockBusyError while another process holds the lease.
   */
  start(req: SyncRequest): Promise<{ runId: number | null; done: Promise<SyncReport> }> {
    if (this.active) return Promise.reject(new SyncBusyError(this.active.info.runId));
    const info: ActiveRun = { runId: null, jobs: req.jobs, mode: req.mode, dryRun: req.dryRun ?? false, trigger: req.trigger, startedAt: new Date(this.d.now()).toISOString() };
    let started!: (id: number | null) => void;
    const whenStarted = new Promise<number | null>((resolve) => (started = resolve));
    const opts: SyncOptions = {
      ...this.d.options(),
      mode: req.mode,
      jobs: req.jobs,
      dryRun: info.dryRun,
      // An admin dry run reads Notion, so its plan shows old → new for every property.
      verbose: info.dryRun,
      recordDryRun: true,
      signal: this.d.shutdown,
      onStarted: (id) => {
        info.runId = id;
        started(id);
      },
    };
    const run = (async () => runSync(this.d.deps(), opts))();
    const done = run.then(
      (report) => this.finish(req, report),
      (err: unknown) => this.crashed(req, info, err),
    );
    this.active = { info, done };
    return Promise.race([
      whenStarted.then((runId) => ({ runId, done })),
      // Failing before it started (the lease is held elsewhere, a missing secret): the caller's error.
      run.then(
        (report) => ({ runId: report.runId, done }),
        (err: unknown) => {
          if (info.runId === null) throw err;
          return { runId: info.runId, done };
        },
      ),
    ]);
  }

  /**
   * Runs other ledger-and-Notion work (dedupe --apply) as if it were a run: no sync starts in
   * this process meanwhile, and none starts while a sync runs.
   */
  async exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.active) throw new SyncBusyError(this.active.info.runId);
    const info: ActiveRun = { runId: null, jobs: [], mode: "incremental", dryRun: false, trigger: "admin", startedAt: new Date(this.d.now()).toISOString(), task: what };
    const done = (async () => fn())();
    this.active = { info, done: done.catch(() => undefined) };
    try {
      return await done;
    } finally {
      this.active = null;
    }
  }

  /** Resolves when no run is going on (shutdown waits for it). */
  async idle(): Promise<void> {
    await this.active?.done;
  }

  /** The plan of a recent dry run, or undefined. */
  plan(runId: number): DryRunPlan | undefined {
    return this.plans.get(runId);
  }

  private finish(req: SyncRequest, report: SyncReport): SyncReport {
    this.active = null;
    if (req.dryRun && report.runId !== null) {
      this.plans.set(report.runId, { runId: report.runId, jobs: report.jobs.map((j) => ({ job: j.job, changes: j.plan ?? [] })) });
      for (const id of [...this.plans.keys()].slice(0, Math.max(0, this.plans.size - KEPT_PLANS))) this.plans.delete(id);
    }
    try {
      this.d.onFinished?.(req, report);
    } catch (err) {
      this.d.logger.error({ err }, "a sync observer threw");
    }
    return report;
  }

  private crashed(req: SyncRequest, info: ActiveRun, err: unknown): SyncReport {
    this.active = null;
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    // Before the start (lease busy, config) the caller got the error; after it, it is a bug.
    if (info.runId !== null) this.d.logger.error({ err, run_id: info.runId }, `sync run ${info.runId} failed: ${message}`);
    const report = newReport({ runId: info.runId, status: "failed", exitCode: 1, error: message });
    if (info.runId === null) return report; // never started: nothing to observe
    try {
      this.d.onFinished?.(req, report);
    } catch (e) {
      this.d.logger.error({ err: e }, "a sync observer threw");
    }
    return report;
  }
}
