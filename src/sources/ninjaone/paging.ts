/**
 * `pageSize` + `after` paging of NinjaOne v2 lists (NSPEC): records sorted by id ascending,
 * `after` is the last id of the previous page, and the list ends on an empty page or a page
 * shorter than asked for (HTS; the devices-detailed samples). The next `after` is taken from the
 * raw page, malformed records included, so a quarantined last record cannot restart or stall
 * the list.
 * @module
 */
import { MalformedResponseError } from "../../http";
import { readId } from "../quarantine";

export interface AfterPagingOptions {
  /** e.g. "GET /v2/devices-detailed", for errors. */
  operation: string;
  pageSize: number;
  /** Pages after which the list is declared runaway. */
  maxPages?: number;
}

/** Default bound on pages per list: at 500 per page, five million records. */
export const MAX_AFTER_PAGES = 10_000;

/** The largest readable integer `id` on a raw page, or undefined when none is readable. */
export function lastId(raws: readonly unknown[]): number | undefined {
  let max: number | undefined;
  for (const raw of raws) {
    const id = Number(readId(raw, "id"));
    if (Number.isSafeInteger(id) && id >= 0 && (max === undefined || id > max)) max = id;
  }
  return max;
}

/**
 * Yields each raw page in order. The cursor must move forward: a page whose ids are all at or
 * below the previous `after` (a server ignoring the parameter) is an error, never an endless
 * loop, and so is a full page without a single readable id.
 */
export async function* afterPages(
  fetchPage: (after: number | undefined) => Promise<unknown[]>,
  opts: AfterPagingOptions,
): AsyncGenerator<unknown[]> {
  const max = opts.maxPages ?? MAX_AFTER_PAGES;
  let after: number | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(after);
    yield page;
    if (page.length === 0 || page.length < opts.pageSize) return;
    const next = lastId(page);
    const stuck = (problem: string) =>
      new MalformedResponseError({ api: "ninjaone", operation: opts.operation, problem: `page ${pages} ${problem}; stopped to avoid an endless loop` });
    if (next === undefined) throw stuck("is full but has no readable id to continue after");
    if (after !== undefined && next <= after) throw stuck(`did not move past after=${after}`);
    if (pages >= max) throw stuck(`is full and the bound of ${max} pages is reached`);
    after = next;
  }
}
