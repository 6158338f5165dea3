/**
 * `pageSize` / `after` paging of NinjaOne v2 lists: records sorted by id ascending, `after` is the
 * last id of the previous page, and a client stops on an empty or short page (NSPEC; HTS).
 */

/**
 * No default is documented. 100 is deliberately small, so a client that never sends `pageSize`
 * and never pages loses data on a realistic account instead of passing by luck.
 */
export const NINJA_DEFAULT_PAGE_SIZE = 100;

/**
 * No maximum is documented; homotechsual/NinjaOne asks for 2000 and gets an answer, so a larger
 * value is accepted, not refused. It is served 1000 at a time: the stricter reading, under which
 * a client that stops on "page shorter than what I asked for" misses the rest.
 */
export const NINJA_MAX_PAGE_SIZE = 1000;

/** A parsed query value, or the message of the 400 that refuses it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A non-negative integer query value, or undefined when absent. */
function parseCount(name: string, raw: string | undefined): Parsed<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (!/^\d{1,15}$/.test(raw)) return { ok: false, message: `Invalid value for ${name}: ${raw}` };
  return { ok: true, value: Number(raw) };
}

/** `pageSize`: a positive integer, served at most NINJA_MAX_PAGE_SIZE at a time. */
export function parsePageSize(raw: string | undefined): Parsed<number> {
  const n = parseCount("pageSize", raw);
  if (!n.ok) return n;
  if (n.value === undefined) return { ok: true, value: NINJA_DEFAULT_PAGE_SIZE };
  if (n.value < 1) return { ok: false, message: `Invalid value for pageSize: ${raw}` };
  return { ok: true, value: Math.min(n.value, NINJA_MAX_PAGE_SIZE) };
}

/** `after`, `olderThan`, `newerThan`: non-negative integer ids. */
export const parseId = (name: string, raw: string | undefined): Parsed<number | undefined> => parseCount(name, raw);

/** Records with id > after, ascending, at most `size`. */
export function pageById<T extends { id: number }>(items: readonly T[], after: number | undefined, size: number): T[] {
  return items
    .filter((item) => after === undefined || item.id > after)
    .sort((a, b) => a.id - b.id)
    .slice(0, size);
}
