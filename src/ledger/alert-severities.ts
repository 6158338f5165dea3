/**
 * The SeverityResolver's memory kept in the ledger (table `alert_severities`), so an answer found
 * by one `sync` process is known to the next and the per-series lookups rotate across processes.
 * Each call is one transaction; uid lists are cut into chunks to stay far below SQLite's limit
 * on bound parameters.
 * @module
 */
import { inArray, sql } from "drizzle-orm";
import type {
  RememberedSeverity,
  SeverityAnswer,
  SeverityMemory,
} from "../sources/ninjaone/severity-memory";
import type { LedgerDb } from "./ledger";
import { alertSeverities } from "./schema";

/** Rows per statement: 5 parameters each, well below SQLite's 32,766 bound parameters. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export class LedgerSeverityMemory implements SeverityMemory {
  constructor(private readonly db: LedgerDb) {}

  all(): Map<string, RememberedSeverity> {
    const rows = this.db.select().from(alertSeverities).all();
    return new Map(
      rows.map((r) => [r.alertUid, { severity: r.severity, priority: r.priority, answered: r.answered, askedAt: r.askedAt }]),
    );
  }

  put(answers: readonly SeverityAnswer[], askedAt: string): void {
    if (answers.length === 0) return;
    this.db.transaction((tx) => {
      for (const part of chunks(answers)) {
        tx.insert(alertSeverities)
          .values(part.map((a) => ({ alertUid: a.uid, severity: a.severity, priority: a.priority, answered: true, askedAt })))
          .onConflictDoUpdate({
            target: alertSeverities.alertUid,
            set: {
              severity: sql`excluded.severity`,
              priority: sql`excluded.priority`,
              answered: sql`excluded.answered`,
              askedAt: sql`excluded.asked_at`,
            },
          })
          .run();
      }
    });
  }

  touch(uids: readonly string[], askedAt: string): void {
    if (uids.length === 0) return;
    this.db.transaction((tx) => {
      for (const part of chunks(uids)) {
        // Only the time moves: an answer another process stored meanwhile is kept.
        tx.insert(alertSeverities)
          .values(part.map((uid) => ({ alertUid: uid, severity: null, priority: null, answered: false, askedAt })))
          .onConflictDoUpdate({ target: alertSeverities.alertUid, set: { askedAt: sql`excluded.asked_at` } })
          .run();
      }
    });
  }

  forget(uids: readonly string[]): void {
    if (uids.length === 0) return;
    this.db.transaction((tx) => {
      for (const part of chunks(uids)) tx.delete(alertSeverities).where(inArray(alertSeverities.alertUid, part)).run();
    });
  }
}
