/**
 * Cursor pagination of the UniFi Site Manager lists: send back the `nextToken` received until the
 * end. Real captures mark the end three ways (key missing, `""`, `null`; see schemas.ts), and all
 * three stop here. A server that hands out a token it already sent would make a naive loop run
 * forever; that is an error of the call, never a silent stop (a silent stop would look like a
 * complete list and let the sync archive what it did not see).
 * @module
 */
import { MalformedResponseError } from "../../http";

/** One page as the envelope delivers it. */
export interface CursorPage {
  data: unknown[];
  nextToken?: string | null;
}

export interface CursorOptions {
  /** e.g. "GET /v1/devices", for the error. */
  operation: string;
  /** Pages after which the list is declared runaway (a bug upstream, or a cursor that never ends). */
  maxPages?: number;
}

/** Default bound on pages per list: at 200 per page, two million records. */
export const MAX_CURSOR_PAGES = 10_000;

/** True when a `nextToken` value means "there is another page". */
export const hasNextPage = (token: string | null | undefined): token is string =>
  typeof token === "string" && token !== "";

/**
 * Yields each page's `data` in order, following `nextToken` to the end. Rejects with a
 * MalformedResponseError when a token repeats or the page bound is passed.
 */
export async function* cursorPages(
  fetchPage: (nextToken: string | undefined) => Promise<CursorPage>,
  opts: CursorOptions,
): AsyncGenerator<unknown[]> {
  const seen = new Set<string>();
  const max = opts.maxPages ?? MAX_CURSOR_PAGES;
  let token: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(token);
    yield page.data;
    if (!hasNextPage(page.nextToken)) return;
    if (seen.has(page.nextToken)) {
      throw new MalformedResponseError({
        api: "unifi",
        operation: opts.operation,
        problem: `page ${pages} repeated a nextToken the server had already sent; stopped to avoid an endless loop`,
      });
    }
    if (pages >= max) {
      throw new MalformedResponseError({
        api: "unifi",
        operation: opts.operation,
        problem: `the list did not end after ${max} pages; stopped to avoid an endless loop`,
      });
    }
    seen.add(page.nextToken);
    token = page.nextToken;
  }
}
