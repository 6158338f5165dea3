/**
 * The service's state in one JSON document (GET /admin/status): per job the last run, the next
 * due time and the ledger's records by state; circuits; the lease; the role; and the write
 * backlog with how long it takes at the configured Notion rate. Everything comes from the
 * ledger and memory: building it sends no request.
 * @module
 */
import { JOB_NAMES, type JobName, type RunSummary, type SyncReport } from "../core";
import type { ApiName, BreakerStatus } from "../http";
import type { Scheduler } from "../scheduler/scheduler";
import type { SyncService } from "../sync/service";
import type { Role } from "./role";
import type { QueueStats } from "../ledger/pending-repo";
import { age, jobFreshness } from "../sync/freshness";

/** What the status document is built from, each a reading the service already holds. */
export interface StatusDeps {
  /** A job's newest run and when its last successful one finished (from the ledger). */
  runsOf(job: JobName): { last: RunSummary | null; lastSuccessAt: string | null };
  /** Ledger records by job and state. */
  recordCounts(): Record<string, Record<string, number>>;
  backlog(): Backlog;
  /** Who holds the sync lease now, if anyone. */
  lease(): object | null;
  circuits(): Record<ApiName, BreakerStatus>;
  /** The writer's queue now (the freshness block). */
  queue(): QueueStats;
  notionLimits(): object;
  /** Notion requests per second (sync_rate_limit_per_second). */
  rate(): number;
  scheduler: Pick<Scheduler, "status">;
  syncs: Pick<SyncService, "current">;
  role: () => Role;
  /** The last finished run of this process (quarantine counts live only there). */
  lastReport: () => SyncReport | null;
  /** The matcher's counts of the last run that read the sources, in any process (the ledger's). */
  lastMatching: () => object | null;
  /** NinjaOne's webhook deliveries (null when the service has none wired). */
  webhooks?: () => object | null;
}

/** What the ledger owes Notion (RecordsRepo.backlog). */
export interface Backlog {
  failed: number;
  pendingCreate: number;
  invalidated: number;
  live: number;
}

/** "3 h 49 min", "12 min", "40 s". */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.ceil((s % 3600) / 60);
  if (h === 0) return `${m} min`;
  return m === 60 ? `${h + 1} h` : `${h} h${m ? ` ${m} min` : ""}`;
}

/** Writes and the time they take at `rate` requests/s, with the sentence an operator reads. */
export function backlogLine(label: string, writes: number, rate: number) {
  const seconds = writes / rate;
  return { writes, eta_seconds: Math.ceil(seconds), text: `${label}: ${writes.toLocaleString("en-US")} writes ≈ ${formatDuration(seconds)} at ${rate}/s` };
}

/** Writes owed: the next run's (whatever the sources say) and a full rewrite's. */
export function owedWrites(b: Backlog): { next_run: number; full_resync: number } {
  return { next_run: b.failed + b.pendingCreate + b.invalidated, full_resync: b.live };
}

export function serviceStatus(d: StatusDeps) {
  const byState = d.recordCounts();
  const sched = d.scheduler.status();
  const jobs = Object.fromEntries(
    JOB_NAMES.map((job) => {
      const { last, lastSuccessAt } = d.runsOf(job);
      return [
        job,
        {
          last_run: last,
          last_success_at: lastSuccessAt,
          next_due_at: sched.jobs[job].next_due_at,
          paused: sched.paused,
          records: { synced: 0, failed: 0, pending_create: 0, archived: 0, blocked: 0, ...byState[job] },
        },
      ];
    }),
  );
  const owed = owedWrites(d.backlog());
  const rate = d.rate();
  const last = d.lastReport();
  const q = d.queue();
  return {
    role: d.role(),
    running: d.syncs.current(),
    scheduler: { enabled: sched.enabled, paused: sched.paused, paused_by: sched.paused_by, paused_at: sched.paused_at, blocked_by: sched.blocked_by, in_maintenance_window: sched.in_maintenance_window, window_ends_at: sched.window_ends_at },
    jobs,
    freshness: freshnessBlock(q, q.nowMs ?? Date.now()),
    circuits: d.circuits(),
    notion_limits: d.notionLimits(),
    lease: d.lease(),
    quarantined: last ? last.quarantined : null,
    // The ledger keeps the last real read's, with the open sites' review (this process's report has counts only).
    unmatched_sites: d.lastMatching() ?? last?.matching ?? null,
    webhooks: d.webhooks?.() ?? null,
    backlog: {
      next_run: backlogLine("next run", owed.next_run, rate),
      full_resync: backlogLine("full resync", owed.full_resync, rate),
    },
  };
}

/** Per job "in sync" or "catching up: N pending, oldest M min", and the line for all of them. */
export function freshnessBlock(q: QueueStats, nowMs: number) {
  const jobs = jobFreshness(q, nowMs);
  const behind = Object.entries(jobs).filter(([, f]) => f.pending > 0);
  const oldest = Math.max(0, ...behind.map(([, f]) => f.oldest_pending_seconds ?? 0));
  return {
    text: behind.length ? `catching up: ${q.total.toLocaleString("en-US")} change(s) pending, oldest ${age(oldest)}` : "in sync",
    pending: q.total,
    oldest_pending_seconds: behind.length ? oldest : null,
    jobs,
  };
}
