/**
 * When a write of unknown outcome can no longer land. Pure.
 *
 * A process killed with a write on the wire, or a call given up after a timeout, leaves a write
 * that Notion may still apply: a server finishes a request whose client is gone, and Notion has
 * no conditional writes (no If-Match, no version). If the next run wrote the record at once and
 * that old write landed afterwards, the page would show the old value while the ledger records
 * the new one, and every later run would skip it as unchanged. So a record whose last write has
 * an unknown outcome is written again only after that write's deadline: the latest moment it
 * could still have been sent, plus the time a server may take to apply it.
 *
 * The latest send: the call began at `write_started_at` and the gate retries it for at most its
 * retry budget; and whoever sent it stopped before this run took the lease (the lease is only
 * taken over from a dead holder or after it expired). Whichever is earlier.
 */
/** records.write_hash of an archive in doubt (a content write carries its content hash). */
export const ARCHIVE_INTENT = "archive";

export interface SettleWindow {
  /** When this run started (holding the lease). */
  runStartedMs: number;
  /** Longest a single call of the old writer may have gone on: retry budget plus one request timeout. */
  callBudgetMs: number;
  /** How long after being sent a write may still be applied (sync.write_settle_seconds). */
  settleMs: number;
}

/** The moment after which the write begun at `writeStartedAt` can no longer land (ms). */
export function settleDeadline(writeStartedAt: string, w: SettleWindow): number {
  const started = Date.parse(writeStartedAt);
  // An unreadable stamp proves nothing: count it as sent just before this run.
  const lastSend = Number.isFinite(started) ? Math.min(started + w.callBudgetMs, w.runStartedMs) : w.runStartedMs;
  return lastSend + w.settleMs;
}
