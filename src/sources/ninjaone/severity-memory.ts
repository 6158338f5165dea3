/**
 * What the SeverityResolver remembers between runs. The answer for an alert comes from the
 * TRIGGERED activity of its series and never changes while the alert stays open, so once an
 * activity has answered (with a severity, or with neither field, as a real webhook-pushed
 * CONDITION activity does) the alert is not asked about again. An alert asked per series without
 * any answer keeps the time it was asked, so the next runs ask the least recently asked first.
 *
 * The memory is synchronous on purpose: the ledger is SQLite through bun:sqlite, which is
 * synchronous, and the in-memory form is a Map.
 * @module
 */

/** Severity and priority of one alert; null where the activity did not carry them. */
export interface AlertSeverity {
  severity: string | null;
  priority: string | null;
}

/** One remembered alert. */
export interface RememberedSeverity extends AlertSeverity {
  /** True once a TRIGGERED activity answered, also when it carried neither field (severity null). */
  answered: boolean;
  /** ISO-8601 time of the last lookup that concerned this alert. */
  askedAt: string;
}

/** An answer found by a lookup, to be kept. */
export interface SeverityAnswer extends AlertSeverity {
  uid: string;
}

/** Where answers live: in this process (InMemorySeverityMemory) or in the ledger (src/ledger/alert-severities.ts). */
export interface SeverityMemory {
  /** Every remembered alert by uid. Bounded by the open alerts, since closed ones are forgotten. */
  all(): Map<string, RememberedSeverity>;
  /** Keeps answers (answered = true), stamped `askedAt`. */
  put(answers: readonly SeverityAnswer[], askedAt: string): void;
  /** Stamps lookups that found no TRIGGERED activity; an earlier answer is never overwritten. */
  touch(uids: readonly string[], askedAt: string): void;
  /** Drops these alerts (they are no longer open). */
  forget(uids: readonly string[]): void;
}

/** The memory of one process: for tests, and for a reader built without a ledger. */
export class InMemorySeverityMemory implements SeverityMemory {
  private readonly rows = new Map<string, RememberedSeverity>();

  all(): Map<string, RememberedSeverity> {
    return new Map([...this.rows].map(([uid, r]) => [uid, { ...r }]));
  }

  put(answers: readonly SeverityAnswer[], askedAt: string): void {
    for (const a of answers) this.rows.set(a.uid, { severity: a.severity, priority: a.priority, answered: true, askedAt });
  }

  touch(uids: readonly string[], askedAt: string): void {
    for (const uid of uids) {
      const row = this.rows.get(uid);
      if (row) row.askedAt = askedAt;
      else this.rows.set(uid, { severity: null, priority: null, answered: false, askedAt });
    }
  }

  forget(uids: readonly string[]): void {
    for (const uid of uids) this.rows.delete(uid);
  }
}

/**
 * The alerts to look up one by one this run: never asked first (in the order given), then the
 * least recently asked, at most `max`. Ties on the time go by uid so the order is stable. Because
 * every lookup stamps its alert, successive runs walk through all of them.
 */
export function pickSeriesLookups(
  unanswered: readonly string[],
  remembered: ReadonlyMap<string, RememberedSeverity>,
  max: number,
): string[] {
  if (max <= 0) return [];
  const never = unanswered.filter((uid) => !remembered.has(uid));
  const asked = unanswered
    .filter((uid) => remembered.has(uid))
    .map((uid) => ({ uid, at: askedMs(remembered.get(uid) as RememberedSeverity) }))
    .sort((a, b) => a.at - b.at || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0))
    .map((x) => x.uid);
  return [...never, ...asked].slice(0, max);
}

/** An unreadable time counts as asked long ago: better asked again than never. */
function askedMs(r: RememberedSeverity): number {
  const t = Date.parse(r.askedAt);
  return Number.isFinite(t) ? t : 0;
}
