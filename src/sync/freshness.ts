/**
 * How fresh the dashboards are, as an SLI: per job, the changes the writer still owes Notion
 * (by priority) and the age of the oldest. The same numbers feed /admin/status, the Prometheus
 * gauges and the "Sync status" line written into each Notion database. Pure.
 * @module
 */
import { JOB_NAMES, type JobName } from "../core";
import type { QueueStats } from "../ledger/pending-repo";

export interface JobFreshness {
  pending: number;
  /** Pending changes per priority ("0" … "3"). */
  by_priority: Record<string, number>;
  /** Age of the oldest pending change, in seconds; null when nothing is pending. */
  oldest_pending_seconds: number | null;
  /** "in sync" or "catching up: 1,204 changes pending, oldest 14 min". */
  text: string;
}

/** A record's noun per job, for the sentence ("1,204 device changes pending"). */
const NOUN: Record<JobName, string> = { customers: "customer", sites: "site", devices: "device", alerts: "alert" };

/** "14 min", "40 s", "2 h 5 min". */
export function age(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
}

export function jobFreshness(stats: QueueStats, nowMs: number): Record<JobName, JobFreshness> {
  return Object.fromEntries(
    JOB_NAMES.map((job) => {
      const j = stats.byJob[job];
      const pending = j?.pending ?? 0;
      const oldest = j && j.oldestSinceMs !== null ? Math.max(0, (nowMs - j.oldestSinceMs) / 1000) : null;
      const text = pending === 0 ? "in sync" : `catching up: ${pending.toLocaleString("en-US")} ${NOUN[job]} change${pending === 1 ? "" : "s"} pending, oldest ${age(oldest ?? 0)}`;
      return [job, { pending, by_priority: Object.fromEntries(Object.entries(j?.byPriority ?? {}).map(([p, n]) => [p, n])), oldest_pending_seconds: oldest === null ? null : Math.round(oldest), text }];
    }),
  ) as Record<JobName, JobFreshness>;
}

/**
 * The line a database's description carries, e.g. "Sync status: in sync as of 07:41 UTC ·
 * backlog 0" or "Sync status: catching up: 1,204 device changes pending, oldest 14 min (as of
 * 07:41 UTC)". `asOf` is when the line was made.
 */
export function statusLine(f: JobFreshness, asOfMs: number): string {
  const at = `${new Date(asOfMs).toISOString().slice(11, 16)} UTC`;
  return f.pending === 0 ? `Sync status: in sync as of ${at} · backlog 0` : `Sync status: ${f.text} (as of ${at})`;
}
