/**
 * ISO 8601 date and date-time parsing that does not depend on the JavaScript engine's
 * `Date.parse` leniency (which reads "2026-01-15T13:41" as LOCAL time and differs between
 * engines on fractions longer than milliseconds). Used by the product to compare what Notion
 * returns with what it would write, and by the Notion emulator to store what a client wrote.
 * @module
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export interface ParsedIso {
  /** The instant in ms since the epoch (UTC). For a date alone, its UTC midnight. */
  ms: number;
  dateOnly: boolean;
  /** Offset written in the text, in minutes east of UTC; null when the text named none. */
  offsetMinutes: number | null;
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function parseOffset(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (text === "Z" || text === "z") return 0;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return Number.NaN;
  return sign * (hours * 60 + minutes);
}

/**
 * Parses "YYYY-MM-DD" or a date-time with optional seconds, fraction and offset. A date-time
 * without an offset is read in `timeZone` when given (as Notion reads `{start, time_zone}`),
 * else as UTC. Returns null for anything else, including impossible dates (Feb 30).
 */
export function parseIso(text: string, timeZone?: string | null): ParsedIso | null {
  const d = DATE_ONLY.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    return validDay(y, m, day) ? { ms: Date.UTC(y, m - 1, day), dateOnly: true, offsetMinutes: null } : null;
  }
  const t = DATE_TIME.exec(text);
  if (!t) return null;
  const [y, mo, day, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(t[i]));
  const s = t[6] === undefined ? 0 : Number(t[6]);
  const fracMs = t[7] === undefined ? 0 : Math.floor(Number(`0.${t[7]}`) * 1000);
  if (!validDay(y!, mo!, day!) || h! > 23 || mi! > 59 || s > 59) return null;
  const offset = parseOffset(t[8]);
  if (Number.isNaN(offset)) return null;
  const wall = Date.UTC(y!, mo! - 1, day!, h, mi, s, fracMs);
  if (offset !== null) return { ms: wall - offset * 60_000, dateOnly: false, offsetMinutes: offset };
  if (timeZone) {
    const ms = wallTimeInZone(wall, timeZone);
    return ms === null ? null : { ms, dateOnly: false, offsetMinutes: null };
  }
  return { ms: wall, dateOnly: false, offsetMinutes: null };
}

/** Offset of `timeZone` at instant `ms`, in minutes east of UTC; null for an unknown zone. */
export function zoneOffsetMinutes(ms: number, timeZone: string): number | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(ms));
  } catch {
    return null;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * The instant at which clocks in `timeZone` show `wallMs` (wall time expressed as if UTC).
 * Two passes settle the offset across a DST change; a time skipped by the change resolves to
 * the offset before it, as most calendars do.
 */
function wallTimeInZone(wallMs: number, timeZone: string): number | null {
  const first = zoneOffsetMinutes(wallMs, timeZone);
  if (first === null) return null;
  const second = zoneOffsetMinutes(wallMs - first * 60_000, timeZone) ?? first;
  return wallMs - second * 60_000;
}

/** Floors an instant to its minute (seconds and milliseconds dropped, never rounded up). */
export const floorToMinute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;

/** "+02:00" / "-05:30" / "+00:00" for an offset in minutes. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** Notion's own rendering of a date-time: wall time at `offsetMinutes`, ".000", "+hh:mm". */
export function formatNotionDateTime(ms: number, offsetMinutes = 0): string {
  const wall = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  return `${wall}${formatOffset(offsetMinutes)}`;
}
