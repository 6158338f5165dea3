import { LedgerError } from "../core/errors";
import { Database } from "bun:sqlite";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import * as schema from "./schema";
import { appliedCount, embeddedMigrations, runMigrations, type MigrationResult } from "./migrate";

/** The drizzle database; `$client` is the bun:sqlite handle, for the few hot loops that prepare a statement once. */
export type LedgerDb = BunSQLiteDatabase<typeof schema> & { $client: Database };

export { LedgerError } from "../core/errors";

export interface Ledger {
  path: string;
  db: LedgerDb;
  sqlite: Database;
  migration: MigrationResult;
  /** The mode an existing ledger file had when it was readable by others and made 0600 now. */
  tightenedFrom?: number;
  close(): void;
}

const SQLITE_HEADER = "SQLite format 3\0";

/**
 * Opens (creating if absent, mode 0600) and migrates the ledger. An existing file must be a
 * SQLite database that passes `PRAGMA quick_check`: a corrupt ledger is reported, not replaced,
 * because replacing it would forget every page id and turn the next sync into duplicates.
 */
export function openLedger(path: string, opts: { migrate?: boolean } = {}): Ledger {
  const tightenedFrom = path !== ":memory:" ? prepareFile(path) : undefined;
  let sqlite: Database;
  try {
    sqlite = new Database(path, { create: true, strict: true });
  } catch (err) {
    throw new LedgerError(`cannot open ledger ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    sqlite.exec("PRAGMA busy_timeout = 5000");
    // Check before anything writes: switching to WAL rewrites the header of a damaged file.
    const check = sqlite.query("PRAGMA quick_check").all() as { quick_check: string }[];
    const problems = check.map((r) => r.quick_check).filter((r) => r !== "ok");
    if (problems.length) {
      throw new LedgerError(
        `ledger ${path} failed its integrity check (${problems.slice(0, 3).join("; ")}). ` +
          "Move it aside and run `sync --full-sync` to rebuild it from Notion (see docs/RUNBOOK.md).",
      );
    }
    sqlite.exec("PRAGMA journal_mode = WAL");
    sqlite.exec("PRAGMA synchronous = NORMAL");
    sqlite.exec("PRAGMA foreign_keys = ON");
  } catch (err) {
    sqlite.close();
    if (err instanceof LedgerError) throw err;
    throw new LedgerError(`ledger ${path} is not a usable SQLite database: ${(err as Error).message}`, { cause: err });
  }
  const db = drizzle(sqlite, { schema });
  const migration =
    opts.migrate === false
      ? { applied: 0, total: embeddedMigrations().length }
      : runMigrations(db, sqlite);
  return { path, db, sqlite, migration, ...(tightenedFrom !== undefined ? { tightenedFrom } : {}), close: () => sqlite.close() };
}

/**
 * Creates the parent folder and an empty 0600 file, or checks an existing file's header and
 * makes it (and its WAL) 0600 if others could read it; returns the mode it had then.
 */
function prepareFile(path: string): number | undefined {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, "wx", 0o600));
    return undefined;
  }
  if (!statSync(path).isFile()) throw new LedgerError(`ledger path ${path} is not a file`);
  const mode = statSync(path).mode & 0o777;
  let tightenedFrom: number | undefined;
  if (mode & 0o077) {
    try {
      for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
      tightenedFrom = mode;
    } catch {
      /* another owner's file: left as it is */
    }
  }
  if (statSync(path).size === 0) return tightenedFrom; // an empty file is a valid empty database
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(16);
  try {
    readSync(fd, buf, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.toString("latin1") !== SQLITE_HEADER) {
    throw new LedgerError(
      `ledger ${path} is not a SQLite database (wrong file header). ` +
        "Check ledger.path in the config; the file was left untouched.",
    );
  }
  return tightenedFrom;
}

/** Ledger health for /ready and `health --check`: reachable and fully migrated. */
export function ledgerStatus(ledger: Ledger): { healthy: boolean; detail: string } {
  try {
    ledger.sqlite.query("SELECT 1").get();
    const applied = appliedCount(ledger.sqlite);
    const total = embeddedMigrations().length;
    return applied >= total
      ? { healthy: true, detail: `migrated (${applied}/${total})` }
      : { healthy: false, detail: `not migrated (${applied}/${total} applied); run \`oberaconnect-sync migrate\`` };
  } catch (err) {
    return { healthy: false, detail: `ledger unreachable: ${(err as Error).message}` };
  }
}
