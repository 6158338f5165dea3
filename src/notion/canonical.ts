/**
 * One canonical form per property value: what Notion would store and return. Desired values
 * are put in this form before they are hashed, written or compared, and every value read back
 * from Notion is put in it too, so "equal" means "Notion would show the same" and a value that
 * differs only in what Notion drops (seconds, an offset notation, NFD accents) costs nothing.
 *
 * What each rule rests on (../shared/reference/notion-api.md):
 * - date-times are kept to the minute and answered as `…T13:41:00.000+00:00` (public clients
 *   report seconds zeroed; not in the reference pages, taken as the truth: the stricter choice);
 * - rich text: 2,000 characters per element, 100 elements (documented limits); see text-limits;
 * - select names: no commas, ≤ 100 characters (documented / dvanoni/notero#451);
 * - numbers travel as JSON: there is no -0, NaN or Infinity on the wire;
 * - url: ≤ 2,000 characters (documented); a longer one would fail the whole page write.
 * @module
 */
import { floorToMinute, parseIso } from "@oberaconnect/common/iso-time";
import { selectName, storedText } from "./text-limits";

/** Notion's documented caps on a relation and on multi-select options per value. */
export const MAX_RELATION_REFS = 100;
export const MAX_MULTI_SELECT = 100;
export const MAX_URL = 2000;

/**
 * Unicode: Notion's documentation says nothing about normalisation. We send and compare NFC
 * (what keyboards and most sources produce). A read-back is normalised the same way, so the
 * comparison holds whether Notion keeps our NFC, keeps a user's NFD, or normalises either way.
 */
const nfc = (text: string): string => text.normalize("NFC");

/**
 * A date value: "YYYY-MM-DD" stays a date; a date-time becomes its UTC instant floored to the
 * minute, written "YYYY-MM-DDTHH:MM:00.000Z". Any of Notion's answer formats (`Z`, `+00:00`, an
 * offset such as `-05:00`, with or without `.000`, a wall time with `time_zone`) parses to the
 * same value. Unparsable input is null: an empty cell beats a page write Notion would refuse.
 */
export function canonicalDate(value: Date | string | null | undefined, timeZone?: string | null): string | null {
  if (value == null || value === "") return null;
  let ms: number;
  if (value instanceof Date) {
    ms = value.getTime();
  } else {
    const parsed = parseIso(value.trim(), timeZone);
    if (!parsed) return null;
    if (parsed.dateOnly) return value.trim();
    ms = parsed.ms;
  }
  if (!Number.isFinite(ms)) return null;
  const floored = new Date(floorToMinute(ms));
  // Notion's date range is years 1–9999 in practice (its UI); outside it we write nothing.
  const year = floored.getUTCFullYear();
  return year >= 1 && year <= 9999 ? floored.toISOString() : null;
}

/**
 * Line ends and control characters: NinjaOne text (Windows hosts) carries "\r\n", and whether
 * Notion keeps "\r" or control characters is not documented. We send "\n" alone and no C0
 * controls but tab and newline, and read back the same way: equal whichever Notion does.
 */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const cleanText = (text: string): string => nfc(text.replace(/\r\n?/g, "\n").replace(CONTROLS, ""));

/** Text as Notion keeps it: NFC, "\n" line ends, chunked into ≤ 2,000-character elements, at most 100. */
export function canonicalText(value: string | null | undefined): string {
  return storedText(cleanText(value ?? ""));
}

/** A select option name as stored: NFC, commas removed, whitespace collapsed, trimmed, ≤ 100 chars. */
export function canonicalSelect(value: string | null | undefined): string | null {
  return value == null ? null : selectName(nfc(value));
}

/** Option names, each canonical, without repeats, in one fixed order (Notion's order is not ours). */
export function canonicalMulti(values: readonly (string | null | undefined)[]): string[] {
  const names = values.map(canonicalSelect).filter((v): v is string => v !== null);
  return [...new Set(names)].sort().slice(0, MAX_MULTI_SELECT);
}

/** A JSON number: -0 is 0, NaN and ±Infinity are null (JSON has no way to send them). */
export function canonicalNumber(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return null;
  return Object.is(value, -0) ? 0 : value;
}

/**
 * A URL cell: empty is null (Notion refuses ""), and so is one over 2,000 characters: cutting
 * a URL makes a wrong link, and sending it would fail every other property of the page too.
 */
export function canonicalUrl(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v && v.length <= MAX_URL ? v : null;
}

/** Page ids compare without dashes and case ("1a2b-..." and "1A2B..." are the same page). */
export const normalizeId = (id: string): string => id.replace(/-/g, "").toLowerCase();

/** Related page ids: normalised, without repeats, sorted, at most Notion's 100. */
export function canonicalRelation(ids: readonly (string | null | undefined)[]): string[] {
  const clean = ids.filter((i): i is string => Boolean(i)).map(normalizeId);
  return [...new Set(clean)].sort().slice(0, MAX_RELATION_REFS);
}
