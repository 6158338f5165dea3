/**
 * Maintenance windows: stretches of local wall-clock time in which the scheduler starts no sync
 * (the legacy runbook's "Sundays 02:00–04:00" New York window). Pure: every function takes the
 * instant to judge; nothing reads the clock.
 *
 * What a window covers. A window is a set of wall-clock readings in its zone, not a span of
 * real time: an instant is inside when the zone's clock, at that instant, reads a time in
 * [start, end) on one of `days`. `start` is inside, `end` is not. A window whose end is at or
 * before its start crosses midnight: "sat 23:00–01:00" is Saturday 23:00–24:00 plus Sunday
 * 00:00–01:00, and `days` names the day it starts on. "24:00" as an end means midnight.
 *
 * Daylight saving follows from that definition with no special case:
 * - A skipped hour never shows on the clock, so the window loses it. "sun 02:00–04:00
 *   America/New_York" on 2026-03-08 (02:00 EST jumps to 03:00 EDT) covers 03:00–04:00 EDT =
 *   07:00–08:00 UTC: one hour. A window lying wholly in the skipped hour does not happen that day.
 * - A repeated hour shows twice, so a window covering it is inside on both passes. On
 *   2026-11-01 (02:00 EDT falls back to 01:00 EST) "sun 02:00–04:00" covers 02:00–04:00 EST =
 *   07:00–09:00 UTC: two hours, since 02:00 is read once, after the fall-back. A window such as
 *   "sun 01:00–01:30" would be inside twice that night (05:00–05:30 and 06:00–06:30 UTC), with
 *   the scheduler free to run in between — what the wall clock says, which is what an operator
 *   planning "01:00 local" means.
 *
 * Local time comes from Intl with one cached formatter per zone (building a formatter costs
 * ~100 µs, reading one ~3 µs; `windowEndsAt` reads it a few dozen times).
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The config's shape (`scheduler.maintenance_windows[i]`), already validated. */
export interface MaintenanceWindow {
  days: readonly Weekday[];
  /** "HH:MM", 24-hour. */
  start: string;
  /** "HH:MM", or "24:00"; at or before `start` means the window crosses midnight. */
  end: string;
  /** IANA zone the times are read in. */
  time_zone: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Longest a window's contiguous stretch may be searched before giving up (see windowEndsAt). */
const SEARCH_HORIZON_MS = 8 * DAY_MS;

/** "HH:MM" → minutes after midnight; "24:00" → 1440. Throws on anything else (config validates first). */
export function parseClockTime(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 1440) throw new RangeError(`not an "HH:MM" time: ${JSON.stringify(text)}`);
  return minutes;
}

/**
 * The canonical name of an IANA zone, or null when Intl does not know it. Bare offsets ("+05:00",
 * accepted by newer Intl) are refused: they are not zone names and never observe daylight saving.
 */
export function resolveTimeZone(name: string): string | null {
  if (!name || /^[+-]\d/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  /** 0 = Monday … 6 = Sunday, of the local date. */
  weekday: number;
  /** Milliseconds since local midnight. */
  msOfDay: number;
  /** Zone offset at this instant, in minutes east of UTC. */
  offsetMinutes: number;
}

function localTime(ms: number, timeZone: string): LocalTime {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wallSecond = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  const offsetMinutes = Math.round((wallSecond - Math.floor(ms / 1000) * 1000) / MINUTE_MS);
  const wall = ms + offsetMinutes * MINUTE_MS;
  const msOfDay = ((wall % DAY_MS) + DAY_MS) % DAY_MS;
  return { weekday: (new Date(wall).getUTCDay() + 6) % 7, msOfDay, offsetMinutes };
}

interface Compiled {
  days: boolean[];
  startMs: number;
  endMs: number;
  crosses: boolean;
  timeZone: string;
}

function compile(w: MaintenanceWindow): Compiled {
  const start = parseClockTime(w.start);
  const end = parseClockTime(w.end);
  if (start >= 1440) throw new RangeError(`window start must be before 24:00: ${w.start}`);
  if (start === end) throw new RangeError(`zero-length window ${w.start}–${w.end}`);
  const days = WEEKDAYS.map((d) => w.days.includes(d));
  return { days, startMs: start * MINUTE_MS, endMs: end * MINUTE_MS, crosses: end < start, timeZone: w.time_zone };
}

/**
 * Milliseconds until `w` stops covering `at` if the zone's offset stays what it is now, or null
 * when `at` is outside `w`.
 */
function remaining(w: Compiled, at: LocalTime): number | null {
  const { weekday, msOfDay } = at;
  const yesterday = (weekday + 6) % 7;
  if (!w.crosses) return w.days[weekday] && msOfDay >= w.startMs && msOfDay < w.endMs ? w.endMs - msOfDay : null;
  if (w.days[weekday] && msOfDay >= w.startMs) return DAY_MS - msOfDay + w.endMs;
  if (w.days[yesterday] && msOfDay < w.endMs) return w.endMs - msOfDay;
  return null;
}

const asList = (windows: MaintenanceWindow | readonly MaintenanceWindow[]): readonly MaintenanceWindow[] =>
  Array.isArray(windows) ? windows : [windows as MaintenanceWindow];

/** True when `nowMs` is inside the window, or inside any of the windows. */
export function inMaintenanceWindow(windows: MaintenanceWindow | readonly MaintenanceWindow[], nowMs: number): boolean {
  return asList(windows).some((w) => remaining(compile(w), localTime(nowMs, w.time_zone)) !== null);
}

/** First instant after `fromMs` (up to `toMs`) at which `timeZone`'s offset differs from its offset at `fromMs`; null if none. */
function offsetChange(timeZone: string, fromMs: number, toMs: number): number | null {
  const before = localTime(fromMs, timeZone).offsetMinutes;
  if (localTime(toMs, timeZone).offsetMinutes === before) return null; // zones do not change twice within a day
  // Offsets are read to the second; transitions fall on whole seconds (whole minutes, in practice).
  let lo = Math.floor(fromMs / 1000) * 1000; // offset === before
  let hi = Math.ceil(toMs / 1000) * 1000; // offset !== before
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (localTime(mid, timeZone).offsetMinutes === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * When the maintenance in force at `nowMs` ends: the first instant after `nowMs` that no window
 * covers (so overlapping or back-to-back windows count as one), or null when `nowMs` is outside
 * every window. The scheduler sleeps until then; a job that fell due inside runs at that instant
 * (deferred, not dropped). Exact across DST changes: each step goes to the nearer of the window's
 * wall-clock end and the zone's next offset change, then looks again.
 *
 * Throws if the windows have not ended within 8 days, which only windows covering the whole
 * week can do (the config refuses that for windows in one zone; see `coversWholeWeek`).
 */
export function windowEndsAt(windows: MaintenanceWindow | readonly MaintenanceWindow[], nowMs: number): number | null {
  const compiled = asList(windows).map(compile);
  let t = nowMs;
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    for (const w of compiled) {
      const left = remaining(w, localTime(t, w.timeZone));
      if (left === null) continue;
      const end = t + left;
      next = Math.min(next, end, offsetChange(w.timeZone, t, end) ?? end);
    }
    if (next === Number.POSITIVE_INFINITY) return t === nowMs ? null : t;
    if (next - nowMs > SEARCH_HORIZON_MS) throw new RangeError("maintenance windows do not end within 8 days");
    t = next;
  }
}

/** `dueMs` itself when no window covers it, else the end of the maintenance covering it. */
export function deferPastWindows(dueMs: number, windows: readonly MaintenanceWindow[]): number {
  return windows.length ? (windowEndsAt(windows, dueMs) ?? dueMs) : dueMs;
}

/**
 * True when windows sharing one zone leave no minute of the week free, i.e. the scheduler would
 * never run. (Windows in different zones are not combined: their overlap shifts with DST.)
 */
export function coversWholeWeek(windows: readonly MaintenanceWindow[]): boolean {
  const byZone = new Map<string, Compiled[]>();
  for (const w of windows) {
    const c = compile(w);
    byZone.set(c.timeZone, [...(byZone.get(c.timeZone) ?? []), c]);
  }
  for (const group of byZone.values()) {
    const week = new Uint8Array(7 * 1440);
    for (const w of group) {
      const start = w.startMs / MINUTE_MS;
      const length = (w.crosses ? 1440 : 0) + w.endMs / MINUTE_MS - start;
      w.days.forEach((on, day) => {
        if (!on) return;
        for (let m = 0; m < length; m++) week[(day * 1440 + start + m) % week.length] = 1;
      });
    }
    if (week.every((covered) => covered === 1)) return true;
  }
  return false;
}
