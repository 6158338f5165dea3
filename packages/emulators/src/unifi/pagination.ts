/**
 * Cursor pagination as UniFi Site Manager does it: `pageSize` (a string of digits) and an opaque
 * `nextToken` sent back verbatim (LCD listhosts/listsites/listdevices). Pure helpers, so the
 * rules are tested as a table.
 */
import type { EndStyle } from "./envelope";

/**
 * No default page size is documented. A small one (25) is the stricter choice: a client that
 * forgets to follow `nextToken` loses data on any realistic account instead of passing by luck.
 */
export const DEFAULT_PAGE_SIZE = 25;

/**
 * No maximum is documented either; clients ask for 10–500. Larger requests are served 200 at a
 * time (with a `nextToken`), which only a client that trusts one page to be everything notices.
 */
export const MAX_PAGE_SIZE = 200;

/** A parsed query value, or the message of the 400 that refuses it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** `pageSize` must be a positive integer written in digits; absent means the default. */
export function parsePageSize(raw: string | undefined): Parsed<number> {
  if (raw === undefined) return { ok: true, value: DEFAULT_PAGE_SIZE };
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) return { ok: false, message: `invalid page size: ${raw}` };
  return { ok: true, value: Math.min(Number(raw), MAX_PAGE_SIZE) };
}

/** Where the next page starts: after `after` in list `list`, for the query fingerprint `filter`. */
export interface Cursor {
  list: string;
  after: string;
  filter: string;
}

/**
 * Encodes cursors as `<base64url JSON>:<checksum>`. The checksum is keyed per emulator, so a
 * token that was garbled, truncated or invented is refused (400) rather than silently restarting
 * the list, and one list's token cannot be replayed against another.
 */
export class TokenCodec {
  constructor(private readonly secret: string) {}

  encode(cursor: Cursor): string {
    const payload = Buffer.from(JSON.stringify([cursor.list, cursor.after, cursor.filter])).toString("base64url");
    return `${payload}:${this.sum(payload)}`;
  }

  decode(token: string): Cursor | null {
    const cut = token.lastIndexOf(":");
    if (cut <= 0) return null;
    const payload = token.slice(0, cut);
    if (token.slice(cut + 1) !== this.sum(payload)) return null;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === "string")) return null;
      const [list, after, filter] = parsed as [string, string, string];
      return { list, after, filter };
    } catch {
      return null;
    }
  }

  private sum(payload: string): string {
    return Bun.hash(`${this.secret}\u0000${payload}`).toString(16).padStart(16, "0");
  }
}

/**
 * Keyset paging: items sorted by key, the page starts strictly after `after`. Unlike an offset,
 * this never repeats or skips an item when the data is mutated between two pages.
 */
export function pageAfter<T>(
  items: readonly T[],
  key: (item: T) => string,
  after: string | undefined,
  size: number,
): { page: T[]; more: boolean } {
  const sorted = [...items].sort((a, b) => compare(key(a), key(b)));
  const rest = after === undefined ? sorted : sorted.filter((item) => compare(key(item), after) > 0);
  return { page: rest.slice(0, size), more: rest.length > size };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Picks how each finished list marks its end. "rotate" cycles missing → "" → null, one step per
 * finished list, so any client that runs three lists meets all three real forms.
 */
export class EndStyles {
  private turn = 0;
  constructor(private readonly style: EndStyle | "rotate") {}

  next(): EndStyle {
    if (this.style !== "rotate") return this.style;
    const order: EndStyle[] = ["missing", "empty", "null"];
    return order[this.turn++ % order.length] as EndStyle;
  }

  reset(): void {
    this.turn = 0;
  }
}

/**
 * RFC 3339 date-time as the API validates `time`, `beginTimestamp` and `endTimestamp`: a full
 * date, time and zone; "2024-04-24" alone is refused ("invalid time format", go-unifi capture).
 */
export function parseRfc3339(raw: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(raw)) return null;
  const ms = Date.parse(raw.toUpperCase());
  return Number.isNaN(ms) ? null : ms;
}
