import { floorToMinute, formatNotionDateTime, parseIso, zoneOffsetMinutes } from "@oberaconnect/common/iso-time";

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/;

/** An ISO 8601 date ("2026-05-01") or date-time, the only forms Notion's date fields take. */
export function isIsoDate(text: string): boolean {
  const m = DATE_ONLY.exec(text);
  if (m) {
    const d = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
  }
  return DATE_TIME.test(text) && !Number.isNaN(toInstant(text));
}

export const isDateOnly = (text: string): boolean => DATE_ONLY.test(text);

/** Milliseconds for an ISO date; a date alone is its UTC midnight, a bare time is UTC. */
export function toInstant(text: string): number {
  if (DATE_ONLY.test(text)) return Date.parse(`${text}T00:00:00Z`);
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
  return Date.parse(zoned);
}

const startOfUtcDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

/** Relative values Notion accepts in place of a date in filters, resolved against `now`. */
const RELATIVE: Record<string, (now: number) => number> = {
  today: (now) => startOfUtcDay(now),
  tomorrow: (now) => startOfUtcDay(now) + DAY_MS,
  yesterday: (now) => startOfUtcDay(now) - DAY_MS,
  one_week_ago: (now) => startOfUtcDay(now) - 7 * DAY_MS,
  one_week_from_now: (now) => startOfUtcDay(now) + 7 * DAY_MS,
  one_month_ago: (now) => startOfUtcDay(addMonths(now, -1)),
  one_month_from_now: (now) => startOfUtcDay(addMonths(now, 1)),
};

export const isDateFilterValue = (v: string): boolean => v in RELATIVE || isIsoDate(v);

/**
 * What a filter's date means: a whole day [start, end) for a date or relative day, or one
 * instant (start === end) for a date-time.
 */
export interface DateSpan {
  start: number;
  end: number;
}

export function filterSpan(value: string, now: number): DateSpan {
  const rel = RELATIVE[value];
  if (rel) {
    const start = rel(now);
    return { start, end: start + DAY_MS };
  }
  const start = toInstant(value);
  return isDateOnly(value) ? { start, end: start + DAY_MS } : { start, end: start };
}

/** Windows for the operators that take `{}`: past_week and friends. UTC weeks start on Sunday. */
export function windowFor(op: string, now: number): DateSpan | undefined {
  switch (op) {
    case "past_week":
      return { start: now - 7 * DAY_MS, end: now };
    case "past_month":
      return { start: addMonths(now, -1), end: now };
    case "past_year":
      return { start: addMonths(now, -12), end: now };
    case "next_week":
      return { start: now, end: now + 7 * DAY_MS };
    case "next_month":
      return { start: now, end: addMonths(now, 1) };
    case "next_year":
      return { start: now, end: addMonths(now, 12) };
    case "this_week": {
      const day = startOfUtcDay(now);
      const start = day - new Date(day).getUTCDay() * DAY_MS;
      return { start, end: start + 7 * DAY_MS };
    }
    default:
      return undefined;
  }
}

/**
 * Compares an instant with a filter span. For a whole-day span "after" means after that day and
 * "on_or_before" means up to the end of it, as Notion's date filters read.
 */
export function compareDate(op: string, v: number, span: DateSpan): boolean {
  const point = span.start === span.end;
  switch (op) {
    case "equals":
      return point ? v === span.start : v >= span.start && v < span.end;
    case "before":
      return v < span.start;
    case "after":
      return point ? v > span.start : v >= span.end;
    case "on_or_before":
      return point ? v <= span.start : v < span.end;
    case "on_or_after":
      return v >= span.start;
    default:
      return false;
  }
}

/** Notion shows created and edited times to the minute (changelog: "last_edited_time is now rounded to the nearest minute"). */
export const toMinuteIso = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

/**
 * A date as Notion stores and answers it. Date-times are kept to the minute (seconds and
 * milliseconds zeroed: Notion's date UI has no seconds, and public clients report a value written
 * as "…T14:36:43Z" read back as "…T14:36:00.000+00:00"; ../shared/reference/notion-api.md) and
 * rendered in Notion's own notation, ".000" and "+hh:mm", never "Z". The offset written is kept;
 * a wall time with `time_zone` gets that zone's offset; one with neither is UTC. Whether Notion
 * keeps a written offset or converts to UTC is not documented: keeping it is the stricter choice
 * for a client, which must then compare instants, not strings. Date-only values are kept as
 * written. Returns null when the text is not a date (the caller refuses the write).
 */
export function storedDate(text: string, timeZone: string | null | undefined): string | null {
  const parsed = parseIso(text, timeZone);
  if (!parsed) return null;
  if (parsed.dateOnly) return text;
  const ms = floorToMinute(parsed.ms);
  const offset = parsed.offsetMinutes ?? (timeZone ? (zoneOffsetMinutes(ms, timeZone) ?? 0) : 0);
  return formatNotionDateTime(ms, offset);
}
