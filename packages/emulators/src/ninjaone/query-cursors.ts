/**
 * Server-side cursors of the `/v2/queries/*` reports: the first call snapshots the rows and
 * answers `cursor{name, offset, count, expires}`; the client sends `cursor=<name>` for the next
 * page (NSPEC DeviceHealthReport). Cursors expire on the emulator's clock.
 */
import type { Clock } from "@oberaconnect/common/clock";
import { createRng, randUuid, type Rng } from "@oberaconnect/common/random";

/** The sample cursor expires 15 minutes after the report was taken (inferred from its values). */
export const CURSOR_TTL_MS = 15 * 60_000;

interface OpenCursor {
  rows: unknown[];
  /** Where the next page starts. */
  next: number;
  pageSize: number;
  expiresAt: number;
}

/** One page of a report, as the wire shape `{cursor, results}`. */
export interface CursorPage {
  cursor: { name: string; offset: number; count: number; expires: number };
  results: unknown[];
}

/** The open report cursors of one emulator. */
export class QueryCursors {
  private open = new Map<string, OpenCursor>();
  private rng: Rng;

  constructor(
    private readonly clock: Clock,
    private readonly seed: number,
  ) {
    this.rng = createRng(seed);
  }

  /** Opens a cursor over `rows` and returns its first page. */
  start(rows: unknown[], pageSize: number): CursorPage {
    this.purge();
    const name = randUuid(this.rng);
    this.open.set(name, { rows, next: 0, pageSize, expiresAt: this.clock.now() + CURSOR_TTL_MS });
    return this.continue(name) as CursorPage;
  }

  /** The next page of an open cursor; undefined when it is unknown or expired. Past the end: `results: []`. */
  continue(name: string): CursorPage | undefined {
    const cur = this.open.get(name);
    if (!cur || this.clock.now() >= cur.expiresAt) return undefined;
    const offset = cur.next;
    const results = cur.rows.slice(offset, offset + cur.pageSize);
    cur.next = offset + results.length;
    return { cursor: { name, offset, count: results.length, expires: cur.expiresAt / 1000 }, results };
  }

  clear(): void {
    this.open.clear();
    this.rng = createRng(this.seed);
  }

  private purge(): void {
    const now = this.clock.now();
    for (const [name, cur] of this.open) if (now >= cur.expiresAt) this.open.delete(name);
  }
}
