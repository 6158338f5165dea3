import { Cron } from "croner";
import { deferPastWindows, type MaintenanceWindow } from "./windows";

/**
 * When a sync job runs next. Pure: no timers, no clock, no Math.random. The scheduler passes
 * `now` and a `rand` (anything returning numbers in [0, 1), e.g. Math.random or a seeded Rng),
 * and sleeps until the instant returned.
 *
 * The rules, in one place:
 * - Interval job, first run (no known last start): now + a spread in [0, jitter]. A fresh
 *   process spreads its jobs instead of starting all four at once.
 * - Interval job, steady state: lastStart + every + a jitter in [-jitter, +jitter], so the mean
 *   period stays `every`. Never earlier than now: a negative jitter past now means "run now".
 * - Missed (the due time passed while the process was down, or the previous run overran): ONE
 *   run at now + [0, jitter], never a burst of catch-up runs.
 * - Cron job: the pattern's next fire time after the last start, plus a DELAY in [0, jitter] (a
 *   cron job never runs before its pattern says). Without a known last start it waits for the
 *   next fire time: cron says when, and nothing says one was missed. With a last start and a
 *   fire time between it and now, it was missed: one run at now + [0, jitter].
 * - A due time inside a maintenance window moves to the window's end, plus a fresh spread in
 *   [0, jitter] so deferred jobs do not all start on the same millisecond.
 * Config guarantees jitter < interval (and < a cron pattern's shortest gap), so a steady-state
 * run always lands after the previous start and every cron fire time gets its run.
 */

export type JobSchedule =
  | { kind: "interval"; everyMs: number; jitterMs: number }
  | { kind: "cron"; pattern: string; timeZone: string; jitterMs: number };

export interface JobTimingState {
  /** When the job last started (ms since the epoch), or null when unknown / never. */
  lastStartMs: number | null;
}

const MINUTE_MS = 60_000;

const clampUnit = (r: number): number => (Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0);

/** A delay in [0, jitterMs] (jitterMs itself only when rand returns exactly 1). */
export const spread = (jitterMs: number, rand: () => number): number => Math.floor(clampUnit(rand()) * jitterMs);

/** An offset in [-jitterMs, +jitterMs]; rand 0 → -jitterMs, 0.5 → 0, → 1 → +jitterMs. */
export const symmetricJitter = (jitterMs: number, rand: () => number): number =>
  Math.round((2 * clampUnit(rand()) - 1) * jitterMs) + 0; // + 0: no -0

/** When an interval job runs next; see the rules above. */
export function nextIntervalDue(
  lastStartMs: number | null,
  everyMs: number,
  jitterMs: number,
  nowMs: number,
  rand: () => number,
): number {
  if (lastStartMs === null) return nowMs + spread(jitterMs, rand);
  // A last start in the future means the clock stepped back; count from now rather than wait
  // for a start time that has not happened.
  const nominal = Math.min(lastStartMs, nowMs) + everyMs;
  if (nominal <= nowMs) return nowMs + spread(jitterMs, rand);
  return Math.max(nowMs, nominal + symmetricJitter(jitterMs, rand));
}

// ---- cron ---------------------------------------------------------------------------------

/**
 * Patterns are classic 5-field cron (minute hour day-of-month month day-of-week) plus croner's
 * extensions (L, W, #, names, @hourly…), read in an explicit zone (never the host's). The 6- and
 * 7-field forms are refused: a seconds field would allow runs closer than every_seconds'
 * minimum, and a year field a job that silently stops.
 */
const cronOptions = (timeZone: string) => ({ timezone: timeZone, paused: true, mode: "5-part" as const });

const compiled = new Map<string, Cron>();
const CHECK_FROM_MS = Date.UTC(2026, 0, 1);

/**
 * A paused, function-less (so timer-less) Cron for `pattern` in `timeZone`, cached. Throws an
 * Error whose message says what is wrong: croner's parse error, a one-shot date instead of a
 * pattern, or a pattern that matches no real date ("0 0 30 2 *").
 */
export function compileCron(pattern: string, timeZone: string): Cron {
  const key = `${timeZone}\u0000${pattern}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  let cron: Cron;
  try {
    cron = new Cron(pattern, cronOptions(timeZone));
  } catch (err) {
    throw new Error((err as Error).message.replace(/^CronPattern: /, ""));
  }
  if (cron.getOnce()) throw new Error("is a one-time date, not a cron pattern");
  if (!cron.nextRun(new Date(CHECK_FROM_MS))) throw new Error("never matches a real date");
  compiled.set(key, cron);
  return cron;
}

/**
 * The pattern's first fire time strictly after `afterMs`.
 *
 * croner 10.0.1 has one DST flaw this works around: during a repeated (fall-back) hour it reads
 * the wall time with the first of the two offsets, so `nextRun(06:10Z)` for "*\/15 * * * *" in
 * New York on 2026-11-01 (01:10 EST) returns 05:15Z (01:15 EDT), an instant already past. Taken
 * as is, the scheduler would run the job back to back for an hour. We step forward a minute at a
 * time until croner answers with a future instant, which lands on croner's documented rule (a
 * wall time that occurs twice fires once, at its first occurrence): 07:00Z in that example.
 *
 * croner's DST behaviour otherwise, observed with 10.0.1 under Bun (test/scheduler/timing.test.ts):
 * - Spring forward: a wall time that does not exist is shifted by the gap, not skipped: "30 2 * * *"
 *   in New York runs at 03:30 EDT (07:30Z) on 2026-03-08 — but only when asked from before the
 *   jump; asked from 03:00–03:29 EDT it answers the next day. nextDue asks from the last start,
 *   so a running scheduler gets that run. Sub-hourly patterns run on, evenly in UTC.
 * - Fall back: a wall time that occurs twice fires once, at its first occurrence; "*\/15" in New
 *   York has a 75-minute gap (05:45Z → 07:00Z) on 2026-11-01, "30 1 * * *" runs at 05:30Z only.
 */
export function nextCronFire(pattern: string, timeZone: string, afterMs: number): number {
  const cron = compileCron(pattern, timeZone);
  let from = afterMs;
  for (let step = 0; step <= 24 * 60; step++) {
    const next = cron.nextRun(new Date(from))?.getTime();
    if (next === undefined) break;
    if (next > afterMs) return next;
    // 1 ms before the next minute boundary, so a fire time on that boundary is still found.
    from = Math.floor((from + 1) / MINUTE_MS) * MINUTE_MS + MINUTE_MS - 1;
  }
  throw new Error(`cron pattern ${JSON.stringify(pattern)} (${timeZone}) has no fire time after ${new Date(afterMs).toISOString()}`);
}

/** The next fire time after `afterMs` plus a delay in [0, jitterMs]. */
export function nextCronDue(
  pattern: string,
  timeZone: string,
  afterMs: number,
  jitterMs: number,
  rand: () => number,
): number {
  return nextCronFire(pattern, timeZone, afterMs) + spread(jitterMs, rand);
}

/**
 * The shortest gap between consecutive fire times among the first `samples` after 2026-01-01
 * UTC. Config uses it to require jitter < gap; a sample, not a proof (a pattern whose gaps only
 * shrink later in the year could slip through), which is enough for a jitter sanity check.
 */
export function shortestCronGapMs(pattern: string, timeZone: string, samples = 48): number {
  let prev = nextCronFire(pattern, timeZone, CHECK_FROM_MS);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < samples; i++) {
    const next = nextCronFire(pattern, timeZone, prev);
    gap = Math.min(gap, next - prev);
    prev = next;
  }
  return gap;
}

// ---- one entry point ----------------------------------------------------------------------

/**
 * When the job runs next, given its schedule, what is known of its last start, `now`, and the
 * maintenance windows (a due time inside one moves past it, plus a spread in [0, jitter]).
 * Never before `nowMs`.
 */
export function nextDue(
  schedule: JobSchedule,
  state: JobTimingState,
  nowMs: number,
  rand: () => number,
  windows: readonly MaintenanceWindow[] = [],
): number {
  let due: number;
  if (schedule.kind === "interval") {
    due = nextIntervalDue(state.lastStartMs, schedule.everyMs, schedule.jitterMs, nowMs, rand);
  } else if (state.lastStartMs === null) {
    due = nextCronDue(schedule.pattern, schedule.timeZone, nowMs, schedule.jitterMs, rand);
  } else {
    const fire = nextCronFire(schedule.pattern, schedule.timeZone, Math.min(state.lastStartMs, nowMs));
    due = fire <= nowMs ? nowMs + spread(schedule.jitterMs, rand) : fire + spread(schedule.jitterMs, rand);
  }
  // Deferring adds a spread after a window's end, which could land in a window that starts right
  // then; go round until the due time is clear of every window (windowEndsAt bounds the search).
  for (let i = 0; i < 100 && windows.length; i++) {
    const end = deferPastWindows(due, windows);
    if (end === due) break;
    due = end + spread(schedule.jitterMs, rand);
  }
  return due;
}
