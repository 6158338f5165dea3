import { createHash } from "node:crypto";
import type { BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { Database } from "bun:sqlite";
import { migrationJournal, migrationSql } from "./migrations.gen";

interface MigrationMeta {
  sql: string[];
  bps: boolean;
  folderMillis: number;
  hash: string;
}

/**
 * The embedded migrations in the exact form drizzle's folder reader builds them (same split,
 * same sha256), so a ledger migrated by `drizzle-kit migrate` and one migrated by the binary
 * agree on what has been applied.
 */
export function embeddedMigrations(): MigrationMeta[] {
  return migrationJournal.entries.map((entry) => {
    const query = migrationSql[entry.tag];
    if (query === undefined) throw new Error(`migration ${entry.tag} is in the journal but not embedded`);
    return {
      sql: query.split("--> statement-breakpoint"),
      bps: entry.breakpoints,
      folderMillis: entry.when,
      hash: createHash("sha256").update(query).digest("hex"),
    };
  });
}

const MIGRATIONS_TABLE = "__drizzle_migrations";

/** Number of migrations recorded as applied (0 for a brand-new file). */
export function appliedCount(sqlite: Database): number {
  const exists = sqlite
    .query("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?")
    .get(MIGRATIONS_TABLE);
  if (!exists) return 0;
  return (sqlite.query(`SELECT count(*) AS n FROM ${MIGRATIONS_TABLE}`).get() as { n: number }).n;
}

export interface MigrationResult {
  applied: number;
  total: number;
}

/** Applies what is missing, in one transaction per drizzle's migrator. A second call is a no-op. */
export function runMigrations(db: BunSQLiteDatabase<Record<string, unknown>>, sqlite: Database): MigrationResult {
  const before = appliedCount(sqlite);
  const migrations = embeddedMigrations();
  // dialect and session are internal in drizzle 0.45's typings; this is the documented
  // migrator's own call with the embedded list instead of a folder.
  const internal = db as unknown as {
    dialect: { migrate(m: MigrationMeta[], s: unknown, c: object): void };
    session: unknown;
  };
  internal.dialect.migrate(migrations, internal.session, { migrationsFolder: "", migrationsTable: MIGRATIONS_TABLE });
  return { applied: appliedCount(sqlite) - before, total: migrations.length };
}
