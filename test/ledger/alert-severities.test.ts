import { describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";
import { LedgerSeverityMemory } from "../../src/ledger/alert-severities";
import { openLedger } from "../../src/ledger/ledger";
import { embeddedMigrations } from "../../src/ledger/migrate";
import { records } from "../../src/ledger/schema";
import { useTempDir } from "../helpers/temp";

const tmp = useTempDir();
const MIGRATIONS = join(import.meta.dir, "../../migrations");

const tables = (sqlite: Database): string[] =>
  (sqlite.query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const columns = (sqlite: Database, table: string) =>
  sqlite.query(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number; pk: number }[];

/**
 * A ledger as the previous release left it: migrated by drizzle's own folder migrator with the
 * journal cut before 0003_alert_severities.
 */
function previousVersionLedger(path: string): void {
  const folder = join(tmp(), "migrations");
  mkdirSync(join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === "0003_alert_severities"));
  expect(entries.map((e) => e.tag)).toEqual(["0000_init", "0001_sync_state", "0002_property_ids"]);
  writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const e of entries) copyFileSync(join(MIGRATIONS, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  const sqlite = new Database(path, { create: true });
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: folder });
  // Raw SQL: the schema of today has columns this older ledger lacks.
  sqlite.run("INSERT INTO records (job, source_key, state, first_seen_at, last_seen_at) VALUES ('alerts', 'ninjaone:alert:u1', 'synced', 't', 't')");
  expect(tables(sqlite)).not.toContain("alert_severities");
  sqlite.close();
}

describe("alert_severities migration", () => {
  test("a fresh ledger has the table, keyed by alert uid", () => {
    const ledger = openLedger(join(tmp(), "ledger.db"));
    expect(tables(ledger.sqlite)).toContain("alert_severities");
    const cols = columns(ledger.sqlite, "alert_severities");
    expect(cols.map((c) => [c.name, c.notnull, c.pk])).toEqual([
      ["alert_uid", 1, 1],
      ["severity", 0, 0],
      ["priority", 0, 0],
      ["answered", 1, 0],
      ["asked_at", 1, 0],
    ]);
    ledger.close();
  });

  test("a ledger of the previous version gets the table on open, and keeps its records", () => {
    const path = join(tmp(), "ledger.db");
    previousVersionLedger(path);
    const ledger = openLedger(path);
    // Everything after 0002: this table's migration and any later one.
    expect(ledger.migration).toEqual({ applied: embeddedMigrations().length - 3, total: embeddedMigrations().length });
    expect(tables(ledger.sqlite)).toContain("alert_severities");
    expect(ledger.db.select().from(records).all().map((r) => r.sourceKey)).toEqual(["ninjaone:alert:u1"]);
    new LedgerSeverityMemory(ledger.db).put([{ uid: "u1", severity: "MAJOR", priority: "HIGH" }], "2026-01-01T00:00:00.000Z");
    ledger.close();
    const again = openLedger(path);
    expect(again.migration.applied).toBe(0);
    again.close();
  });
});

describe("LedgerSeverityMemory", () => {
  test("answers, lookups without answer and forgetting survive a reopen of the file", () => {
    const path = join(tmp(), "ledger.db");
    const first = openLedger(path);
    const m1 = new LedgerSeverityMemory(first.db);
    m1.put([{ uid: "a", severity: "MAJOR", priority: "HIGH" }, { uid: "silent", severity: null, priority: null }], "2026-01-01T00:00:00.000Z");
    m1.touch(["pending", "gone"], "2026-01-01T00:01:00.000Z");
    m1.forget(["gone"]);
    first.close();

    const second = openLedger(path);
    const all = new LedgerSeverityMemory(second.db).all();
    expect(Object.fromEntries(all)).toEqual({
      a: { severity: "MAJOR", priority: "HIGH", answered: true, askedAt: "2026-01-01T00:00:00.000Z" },
      silent: { severity: null, priority: null, answered: true, askedAt: "2026-01-01T00:00:00.000Z" },
      pending: { severity: null, priority: null, answered: false, askedAt: "2026-01-01T00:01:00.000Z" },
    });
    second.close();
  });

  test("touch moves only the time: an answer is never turned back into 'unanswered'", () => {
    const ledger = openLedger(join(tmp(), "ledger.db"));
    const m = new LedgerSeverityMemory(ledger.db);
    m.put([{ uid: "a", severity: "MINOR", priority: "LOW" }], "2026-01-01T00:00:00.000Z");
    m.touch(["a"], "2026-01-02T00:00:00.000Z");
    expect(m.all().get("a")).toEqual({ severity: "MINOR", priority: "LOW", answered: true, askedAt: "2026-01-02T00:00:00.000Z" });
    // A later answer replaces an unanswered row.
    m.touch(["b"], "2026-01-01T00:00:00.000Z");
    m.put([{ uid: "b", severity: "CRITICAL", priority: "HIGH" }], "2026-01-03T00:00:00.000Z");
    expect(m.all().get("b")).toEqual({ severity: "CRITICAL", priority: "HIGH", answered: true, askedAt: "2026-01-03T00:00:00.000Z" });
    ledger.close();
  });

  test("thousands of alerts at once (beyond one statement's parameters) are written and forgotten", () => {
    const ledger = openLedger(join(tmp(), "ledger.db"));
    const m = new LedgerSeverityMemory(ledger.db);
    const uids = Array.from({ length: 7_000 }, (_, i) => `uid-${i}`);
    m.put(uids.map((uid) => ({ uid, severity: "NONE", priority: "NONE" })), "2026-01-01T00:00:00.000Z");
    m.touch(uids.map((u) => `${u}-x`), "2026-01-01T00:00:00.000Z");
    expect(m.all().size).toBe(14_000);
    m.forget(uids);
    expect(m.all().size).toBe(7_000);
    ledger.close();
  });
});
