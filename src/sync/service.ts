/**
 * Polls inside a long-running process: a run plans its jobs and queues their changes for the
 * service's writer, so runs are short and several may go on at once as long as their jobs do not
 * overlap (the alerts poll every 15 s during a five-hour first sync of the inventory). Across
 * processes the ledger lease keeps one writer.
 * A caller gets the run's id as soon as the run holds the lease, then a promise of its report.
 * Dry-run plans are kept in memory for the admin API (the last few only: a plan is a snapshot
 * of one moment, re-made on demand).
 * @module
 */
import type { Logger } from "../telemetry/logger";
import { runSync, type SyncDeps, type SyncOptions } from "./engine";


import type { JobName } from "../core/snapshot";
import { newReport, type PlannedChange, type SyncMode, type SyncReport } from "../core";

export type SyncTrigger = "schedule" | "admin" | "cli" | "webhook";

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
  /** Resolves when the writer has nothing left to write now (idle() waits for it too). */
  writerIdle?: () => Promise<void>;
  /** Hears a run stopped by an unwritable ledger (said once by the tracker, not per run). */
  faults?: { report(err: unknown): unknown };
}

const KEPT_PLANS = 5;

export class SyncService {
  private readonly active = new Set<{ info: ActiveRun; done: Promise<unknown> }>();
  private readonly plans = new Map<number, DryRunPlan>();

  constructor(private readonly d: SyncServiceDeps) {}

  /** The newest run going on in this process, if any. */
  current(): ActiveRun | null {
    const all = this.running();
    return all.length ? (all[all.length - 1] as ActiveRun) : null;
  }

  /** Every run going on in this process, oldest first. */
  running(): ActiveRun[] {
    return [...this.active].map((a) => ({ ...a.info }));
  }

  /** The run (or exclusive task) that keeps `jobs` from starting now, if any. */
  private blocking(jobs: readonly JobName[]): ActiveRun | undefined {
    for (const a of this.active) if (a.info.task || a.info.jobs.some((j) => jobs.includes(j))) return a.info;
    return undefined;
  }

  /**
   * Starts a run. Resolves once it holds the lease and has its id; `done` then resolves with
   * its report (never rejects: a bug is logged and reported as a failed run). Rejects with
   * SyncBusyError while a run goes on here, LockBusyError while another process holds the lease.
   */
  start(req: SyncRequest): Promise<{ runId: number | null; done: Promise<SyncReport> }> {
    const busy = this.blocking(req.jobs);
    if (busy) return Promise.reject(new SyncBusyError(busy.runId));
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
    const entry = { info, done: Promise.resolve() as Promise<unknown> };
    const done = run.then(
      (report) => this.finish(entry, req, report),
      (err: unknown) => this.crashed(entry, req, info, err),
    );
    entry.done = done;
    this.active.add(entry);
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
    const busy = this.current();
    if (busy) throw new SyncBusyError(busy.runId);
    const info: ActiveRun = { runId: null, jobs: [], mode: "incremental", dryRun: false, trigger: "admin", startedAt: new Date(this.d.now()).toISOString(), task: what };
    const done = (async () => fn())();
    const entry = { info, done: done.catch(() => undefined) };
    this.active.add(entry);
    try {
      return await done;
    } finally {
      this.active.delete(entry);
    }
  }

  /** Resolves when no run is going on and the writer has written what they queued (tests, the demo). */
  async idle(): Promise<void> {
    await this.pollsIdle();
    await this.d.writerIdle?.();
  }

  /** Resolves when no run is going on (shutdown: the queue stays in the ledger for the next start). */
  async pollsIdle(): Promise<void> {
    while (this.active.size) await Promise.all([...this.active].map((a) => a.done));
  }

  /** The plan of a recent dry run, or undefined. */
  plan(runId: number): DryRunPlan | undefined {
    return this.plans.get(runId);
  }

  private finish(entry: { info: ActiveRun }, req: SyncRequest, report: SyncReport): SyncReport {
    this.active.delete(entry as never);
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

  private crashed(entry: { info: ActiveRun }, req: SyncRequest, info: ActiveRun, err: unknown): SyncReport {
    this.active.delete(entry as never);
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    // Before the start (lease busy, config) the caller got the error; after it, it is a bug.
    const fault = Boolean(this.d.faults?.report(err));
    if (info.runId !== null && !fault) this.d.logger.error({ err, run_id: info.runId }, `sync run ${info.runId} failed: ${message}`);
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
