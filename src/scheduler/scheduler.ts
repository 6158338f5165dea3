/**
 * The in-process scheduler of `serve`. Each job (customers, sites, devices, alerts) has its own
 * due time (timing.ts); jobs due together go out as ONE run, so the sources are read once for
 * them. A run is a poll: it plans and queues, the service's writer writes, so the alerts poll
 * goes out on its own schedule while an inventory poll or a long backlog is being written; a
 * job that falls due while its own poll goes on waits and runs next, it is never dropped. Nothing runs on a LiteFS replica, while paused (persisted in the ledger), or
 * inside a maintenance window (due jobs wait for the window's end). A run that fails or is
 * aborted is retried after 30 s, doubling, never later than the job's own interval; the records
 * that failed inside a successful run follow their own backoff (sync/backoff.ts).
 * @module
 */
import { jobSchedules } from "../schedule/config-schema";
import { LockBusyError } from "../core";
import { SyncBusyError } from "../sync/service";
import { JOB_NAMES, type JobName } from "../core/snapshot";
import type { JobState, SchedulerDeps, WritesBlock } from "./scheduler-types";
import { inSpan } from "../telemetry/spans";
import { nextDue, type JobSchedule } from "../schedule/timing";
import { periodMs, retryAfterFailureMs } from "./periods";
import { inMaintenanceWindow, windowEndsAt } from "../schedule/windows";
import { type SyncReport } from "../core";

export type * from "./scheduler-types";

/** Longest the loop sleeps before looking again (a pause, a resume or a failover is seen by then). */
const MAX_SLEEP_MS = 30_000;
/** Looking again while blocked: a LiteFS failover or a resume must not wait long. */
const BLOCKED_SLEEP_MS = 1000;
const clampSleep = (ms: number) => Math.max(10, Math.min(MAX_SLEEP_MS, ms));

export class Scheduler {
  private readonly jobs = new Map<JobName, JobState>();
  private readonly random: () => number;
  private loop: Promise<void> | null = null;
  private stopping = new AbortController();
  private wake = new AbortController();
  /** Jobs whose poll is going on now (polls of other jobs may start meanwhile). */
  private runningJobs = new Set<JobName>();

  constructor(private readonly d: SchedulerDeps) {
    this.random = d.random ?? Math.random;
    for (const job of JOB_NAMES) this.jobs.set(job, { nextDueAt: null, lastStartedAt: null, lastFinishedAt: null, lastStatus: null, consecutiveFailures: 0 });
    this.seedFromLedger();
  }

  /** Last starts from the ledger: a restart does not rerun everything at once, nor wait a full interval. */
  private seedFromLedger(): void {
    for (const job of JOB_NAMES) {
      const last = this.d.runs.lastOf(job);
      const st = this.jobs.get(job) as JobState;
      if (!last) continue;
      st.lastStartedAt = Date.parse(last.startedAt);
      st.lastFinishedAt = last.finishedAt ? Date.parse(last.finishedAt) : null;
      st.lastStatus = last.status;
    }
  }

  private schedules(): Record<JobName, JobSchedule> {
    return jobSchedules(this.d.config());
  }

  private windows() {
    return this.d.config().scheduler.maintenance_windows;
  }

  /** Runs the loop until `stop()`. */
  start(): void {
    if (this.loop || !this.d.config().scheduler.enabled) return;
    this.loop = (async () => {
      while (!this.stopping.signal.aborted) {
        try {
          await this.tick();
        } catch (err) {
          // An unwritable ledger is said once by its tracker, not once per tick.
          if (!this.d.ledgerFaults?.report(err)) this.d.logger.error({ err }, "scheduler tick failed");
        }
        const signal = AbortSignal.any([this.stopping.signal, this.wake.signal]);
        await this.d.clock.sleep(this.sleepMs(), signal).catch(() => undefined);
        if (this.wake.signal.aborted) this.wake = new AbortController();
      }
    })();
  }

  /** Stops ticking; a run already going on is the SyncService's to finish or interrupt. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    this.loop = null;
  }

  /** Look again now (after a resume, a finished run). */
  poke(): void {
    this.wake.abort();
  }

  /**
   * How long to wait before the next look: until the earliest due time; while something blocks
   * (replica, pause, a run going on) a second, so a failover or a resume is seen at once; in a
   * maintenance window until it ends. Never longer than 30 s.
   */
  sleepMs(): number {
    const now = this.d.clock.now();
    const blocked = this.blockedBy(now);
    if (blocked === "maintenance_window") return clampSleep((windowEndsAt(this.windows(), now) ?? now + MAX_SLEEP_MS) - now);
    if (blocked !== null) return BLOCKED_SLEEP_MS;
    const dues = [...this.jobs.values()].map((j) => j.nextDueAt).filter((t): t is number => t !== null);
    const earliest = dues.length ? Math.min(...dues) : now + MAX_SLEEP_MS;
    // Due but a run goes on: its end pokes the loop; the second is a safety net.
    if (earliest <= now) return BLOCKED_SLEEP_MS;
    return clampSleep(earliest - now);
  }

  /** Why nothing may start now, or null. */
  blockedBy(now = this.d.clock.now()): "disabled" | WritesBlock | null {
    if (!this.d.config().scheduler.enabled) return "disabled";
    return this.writesBlockedBy(now);
  }

  /**
   * Why nothing may be WRITTEN now, or null: a replica, an unwritable ledger, an operator's pause,
   * a maintenance window.
   * A scheduler that is off only means no polls of its own; what an admin poll queued is written.
   */
  writesBlockedBy(now = this.d.clock.now()): WritesBlock | null {
    if (!this.d.role().primary) return "replica";
    if (this.d.ledgerFaults?.current()) return "ledger_unwritable";
    if (this.d.state.schedulerPause().paused) return "paused";
    if (inMaintenanceWindow(this.windows(), now)) return "maintenance_window";
    return null;
  }

  /** One look: give every job a due time, and start the due ones if nothing blocks them. */
  async tick(): Promise<void> {
    const now = this.d.clock.now();
    this.d.ledgerFaults?.probe();
    this.assignDueTimes(now);
    if (this.blockedBy(now) !== null) return;
    const due = JOB_NAMES.filter((j) => !this.runningJobs.has(j) && (this.jobs.get(j)?.nextDueAt ?? Infinity) <= now);
    if (due.length === 0) return;
    // A span only for ticks that have work: a blocked or idle tick (every second while blocked) would be noise.
    await inSpan(this.d.tracer, "scheduler.tick", { "scheduler.due": due.join(",") }, async (span) => {
      const launched = await this.launchDue(due, now);
      span.setAttribute("scheduler.launched", launched.join(","));
    });
  }

  private async launchDue(due: JobName[], now: number): Promise<JobName[]> {
    // A job due within its own jitter joins the run: one read of the sources instead of two runs
    // a few seconds apart. It then starts at most its jitter earlier than drawn.
    const schedules = this.schedules();
    const joining = JOB_NAMES.filter((j) => !due.includes(j) && !this.runningJobs.has(j) && (this.jobs.get(j)?.nextDueAt ?? Infinity) <= now + schedules[j].jitterMs);
    const jobs = JOB_NAMES.filter((j) => due.includes(j) || joining.includes(j));
    return (await this.launch(jobs, now)) ? jobs : [];
  }

  /**
   * Gives every job without one a due time. Jobs with the same schedule and the same last start
   * (they ran together) share one draw of the jitter, so they stay together and keep sharing runs.
   */
  private assignDueTimes(now: number): void {
    const schedules = this.schedules();
    const drawn = new Map<string, number>();
    for (const [job, st] of this.jobs) {
      if (st.nextDueAt !== null || this.runningJobs.has(job)) continue;
      const group = JSON.stringify([schedules[job], st.lastStartedAt]);
      let due = drawn.get(group);
      if (due === undefined) {
        due = nextDue(schedules[job], { lastStartMs: st.lastStartedAt }, now, this.random, this.windows());
        drawn.set(group, due);
      }
      st.nextDueAt = due;
    }
  }

  private async launch(jobs: JobName[], now: number): Promise<boolean> {
    let done: Promise<SyncReport>;
    try {
      ({ done } = await this.d.syncs.start({ jobs, mode: "incremental", trigger: "schedule" }));
    } catch (err) {
      // Another run (the admin API here, or a CLI sync elsewhere) got there first: try again soon.
      if (err instanceof SyncBusyError || err instanceof LockBusyError) {
        this.d.logger.info({ jobs, reason: err.message }, "scheduled run waits: another sync is running");
        return false;
      }
      throw err;
    }
    for (const j of jobs) this.runningJobs.add(j);
    for (const job of jobs) {
      const st = this.jobs.get(job) as JobState;
      st.lastStartedAt = now;
      st.nextDueAt = null;
    }
    void done.then((report) => this.finished(jobs, report));
    return true;
  }

  private finished(jobs: JobName[], report: SyncReport): void {
    for (const j of jobs) this.runningJobs.delete(j);
    const now = this.d.clock.now();
    const schedules = this.schedules();
    const failed = report.status === "aborted" || report.status === "failed";
    const drawn = new Map<string, number>();
    for (const job of jobs) {
      const st = this.jobs.get(job) as JobState;
      st.lastFinishedAt = now;
      st.lastStatus = report.status;
      if (report.status === "interrupted") continue; // shutting down
      if (report.status === "deferred" && report.resumeAt !== undefined) {
        // Notion asked for a long wait: resume as soon as it is over, not a whole interval later.
        st.nextDueAt = Math.max(now, report.resumeAt);
        continue;
      }
      if (failed) {
        st.consecutiveFailures++;
        st.nextDueAt = now + retryAfterFailureMs(st.consecutiveFailures, periodMs(schedules[job]));
      } else {
        st.consecutiveFailures = 0;
        const group = JSON.stringify(schedules[job]);
        st.nextDueAt = drawn.get(group) ?? nextDue(schedules[job], { lastStartMs: st.lastStartedAt }, now, this.random, this.windows());
        drawn.set(group, st.nextDueAt);
      }
    }
    this.poke();
  }

  pause(by: string): void {
    this.d.state.setSchedulerPause({ paused: true, by, at: new Date(this.d.clock.now()).toISOString() });
  }

  resume(): void {
    this.d.state.setSchedulerPause({ paused: false });
    this.poke();
    this.d.onResume?.();
  }

  /** For /admin/status and readiness. */
  status() {
    const now = this.d.clock.now();
    const pause = this.d.state.schedulerPause();
    const windows = this.windows();
    const inWindow = inMaintenanceWindow(windows, now);
    const schedules = this.schedules();
    return {
      enabled: this.d.config().scheduler.enabled,
      running: this.loop !== null,
      paused: pause.paused,
      paused_by: pause.paused ? (pause.by ?? null) : null,
      paused_at: pause.paused ? (pause.at ?? null) : null,
      blocked_by: this.blockedBy(now),
      in_maintenance_window: inWindow,
      window_ends_at: inWindow ? iso(windowEndsAt(windows, now)) : null,
      jobs: Object.fromEntries(
        JOB_NAMES.map((job) => {
          const st = this.jobs.get(job) as JobState;
          return [job, { every_ms: periodMs(schedules[job]), next_due_at: iso(st.nextDueAt), last_started_at: iso(st.lastStartedAt), last_status: st.lastStatus, consecutive_failures: st.consecutiveFailures }];
        }),
      ) as Record<JobName, { every_ms: number; next_due_at: string | null; last_started_at: string | null; last_status: string | null; consecutive_failures: number }>,
    };
  }

  jobState(job: JobName): Readonly<JobState> {
    return { ...(this.jobs.get(job) as JobState) };
  }
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
