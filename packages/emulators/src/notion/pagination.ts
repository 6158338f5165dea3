import { validationError } from "./errors";

/** Where a cursor resumes: at the row it pointed to, or at its offset if that row is gone. */
export interface CursorState {
  /** Fingerprint of the query (endpoint, filter, sorts); a cursor only works for its own query. */
  key: string;
  nextId: string;
  offset: number;
  /** Rows already returned along this cursor chain, counted against the per-query cap. */
  served: number;
}

/**
 * Opaque cursors. Notion's are opaque strings scoped to the query session (2anki.net#3498:
 * "The start_cursor provided is invalid: <uuid>"), so ours are random UUIDs that mean nothing
 * outside this registry. The registry is bounded; the oldest cursors expire first.
 */
export class CursorRegistry {
  private cursors = new Map<string, CursorState>();

  constructor(private readonly capacity = 10_000) {}

  issue(state: CursorState): string {
    const token = crypto.randomUUID();
    this.cursors.set(token, state);
    if (this.cursors.size > this.capacity) {
      const oldest = this.cursors.keys().next().value;
      if (oldest !== undefined) this.cursors.delete(oldest);
    }
    return token;
  }

  /** The cursor's state, or validation_error in Notion's words for an unknown or foreign one. */
  resolve(token: string, key: string): CursorState {
    const state = this.cursors.get(token);
    if (!state || state.key !== key) throw validationError(`The start_cursor provided is invalid: ${token}`);
    return state;
  }

  clear(): void {
    this.cursors.clear();
  }
}

export interface Slice<T> {
  items: T[];
  nextCursor: string | null;
  hasMore: boolean;
  /** True when the per-query cap stopped the chain while rows were left. */
  incomplete: boolean;
}

export interface SliceOptions {
  key: string;
  pageSize: number;
  /** Most rows one cursor chain may return (Notion: 10,000). */
  limit: number;
  cursor?: CursorState;
  registry: CursorRegistry;
}

/**
 * One page of an ordered result. Resuming at the row the cursor named (not at a bare offset)
 * keeps rows from being skipped or repeated when earlier rows drop out between pages.
 */
export function slice<T extends { id: string }>(all: readonly T[], opts: SliceOptions): Slice<T> {
  let start = 0;
  let served = 0;
  if (opts.cursor) {
    const at = all.findIndex((r) => r.id === opts.cursor?.nextId);
    start = at >= 0 ? at : Math.min(opts.cursor.offset, all.length);
    served = opts.cursor.served;
  }
  const take = Math.max(0, Math.min(opts.pageSize, opts.limit - served));
  const items = all.slice(start, start + take);
  const end = start + items.length;
  const rowsLeft = end < all.length;
  const budgetLeft = served + items.length < opts.limit;
  if (rowsLeft && budgetLeft) {
    const next = all[end] as T;
    const nextCursor = opts.registry.issue({ key: opts.key, nextId: next.id, offset: end, served: served + items.length });
    return { items, nextCursor, hasMore: true, incomplete: false };
  }
  return { items, nextCursor: null, hasMore: false, incomplete: rowsLeft };
}
