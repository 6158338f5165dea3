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
 * retry budget. A write begun before this run took the lease came from a writer that stopped
 * before then (the lease is only taken over from a dead holder or after it expired), so it was
 * sent by then at the latest, whichever is earlier. A write this run made itself and gave up on
 * (a timeout) has its stamp renewed to the moment it was given up (records-repo `failed`), and
 * nothing is sent after that: its deadline runs from that stamp. A long-lived writer retries it
 * within the same run, so counting it as sent "before the run" would retry it while the old
 * send may still land (chaos seeds 2 and 3 caught a create sent twice this way, 3 s apart,
 * both applied).
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
  if (!Number.isFinite(started)) return w.runStartedMs + w.settleMs;
  const lastSend = started >= w.runStartedMs ? started : Math.min(started + w.callBudgetMs, w.runStartedMs);
  return lastSend + w.settleMs;
}

/**
 * The deadline of a row's write in doubt, if it has one that has not passed yet and the new
 * write leaves something else on the page (`leaves`: a content hash or ARCHIVE_INTENT): two
 * writes that leave the same thing may land in any order. Asked when a change is planned, and
 * again when the writer takes it (a change queued before a crash meets the rule there).
 */
export function settleHold(
  row: { writeStartedAt: string | null; writeHash: string | null; notionPageId: string | null } | undefined,
  w: SettleWindow,
  nowMs: number,
  leaves: string,
): number | undefined {
  if (!row?.writeStartedAt) return undefined;
  if (row.writeHash !== null && row.writeHash === leaves && row.notionPageId) return undefined;
  const deadline = settleDeadline(row.writeStartedAt, w);
  return deadline > nowMs ? deadline : undefined;
}

/** The window of writes made under a lease taken at `startedMs`, from the config's timeouts. */
export function settleWindow(
  c: { config: { retry: { max_total_seconds: number }; api_timeout_seconds: number; sync: { write_settle_seconds: number } } },
  startedMs: number,
): SettleWindow {
  return {
    runStartedMs: startedMs,
    callBudgetMs: (c.config.retry.max_total_seconds + c.config.api_timeout_seconds) * 1000,
    settleMs: c.config.sync.write_settle_seconds * 1000,
  };
}
