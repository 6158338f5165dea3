import { shortestCronGapMs, type JobSchedule } from "../schedule/timing";

/** The first retry after a failed or aborted run; each further failure doubles it. */
export const RETRY_BASE_MS = 30_000;

/** The period of a schedule: its interval, or the shortest gap of its cron pattern. */
export function periodMs(s: JobSchedule): number {
  return s.kind === "interval" ? s.everyMs : shortestCronGapMs(s.pattern, s.timeZone);
}

/**
 * When a job whose last `failures` runs failed runs again: 30 s, doubling, never later than its
 * own period (a job due every minute retries every minute at worst; a daily one within a day).
 */
export function retryAfterFailureMs(failures: number, period: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** (Math.max(1, failures) - 1), period);
}
