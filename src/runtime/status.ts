/**
 * The service's state in one JSON document (GET /admin/status): per job the last run, the next
 * due time and the ledger's records by state; circuits; the lease; the role; and the write
 * backlog with how long it takes at the configured Notion rate. Everything comes from the
 * ledger and memory: building it sends no request.
 * @module
 */
import { API_NAMES } from "../http";
import type { Scheduler } from "../scheduler/scheduler";
import type { SyncReport } from "../sync/engine";
import { leaseHolder } from "../sync/lock";
import { runSummary } from "../sync/runs-repo";
import type { SyncService } from "../sync/service";
import { JOB_NAMES } from "../sync/snapshot";
import type { Role } from "./role";
import type { Runtime } from "./runtime";

export interface StatusDeps {
  rt: Runtime;
  syncs: SyncService;
  scheduler: Scheduler;
  role: () => Role;
  /** The last finished run of this process (quarantine and matching counts live only there). */
  lastReport: () => SyncReport | null;
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
export function owedWrites(b: ReturnType<Runtime["repos"]["records"]["backlog"]>): { next_run: number; full_resync: number } {
  return { next_run: b.failed + b.pendingCreate + b.invalidated, full_resync: b.live };
}

export function serviceStatus(d: StatusDeps) {
  const { rt } = d;
  const { records, runs } = rt.repos;
  const byState = records.counts();
  const sched = d.scheduler.status();
  const jobs = Object.fromEntries(
    JOB_NAMES.map((job) => {
      const last = runs.lastOf(job);
      const success = runs.lastOf(job, { succeeded: true });
      return [
        job,
        {
          last_run: last ? runSummary(last) : null,
          last_success_at: success?.finishedAt ?? null,
          next_due_at: sched.jobs[job].next_due_at,
          paused: sched.paused,
          records: { synced: 0, failed: 0, pending_create: 0, archived: 0, blocked: 0, ...byState[job] },
        },
      ];
    }),
  );
  const owed = owedWrites(records.backlog());
  const rate = rt.config.sync_rate_limit_per_second;
  const last = d.lastReport();
  return {
    role: d.role(),
    running: d.syncs.current(),
    scheduler: { enabled: sched.enabled, paused: sched.paused, paused_by: sched.paused_by, paused_at: sched.paused_at, blocked_by: sched.blocked_by, in_maintenance_window: sched.in_maintenance_window, window_ends_at: sched.window_ends_at },
    jobs,
    circuits: Object.fromEntries(API_NAMES.map((api) => [api, rt.gates[api].breakerStatus()])),
    notion_limits: rt.notionLimits.status(),
    lease: leaseHolder(rt.ledger.db, "sync", rt.clock.now()),
    quarantined: last ? last.quarantined : null,
    unmatched_sites: last?.matching ?? null,
    backlog: {
      next_run: backlogLine("next run", owed.next_run, rate),
      full_resync: backlogLine("full resync", owed.full_resync, rate),
    },
  };
}
