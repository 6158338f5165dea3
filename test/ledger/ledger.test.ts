import { describe, expect, test } from "bun:test";
import { readFileSync, statSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import { openLedger, LedgerError, ledgerStatus } from "../../src/ledger/ledger";
import { embeddedMigrations } from "../../src/ledger/migrate";
import { records } from "../../src/ledger/schema";
import { useTempDir } from "../helpers/temp";

const tmp = useTempDir();

describe("ledger", () => {
  test("a fresh path is created 0600, migrated, WAL, foreign keys on", () => {
    const path = join(tmp(), "nested", "ledger.db");
    const ledger = openLedger(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(ledger.migration.applied).toBe(embeddedMigrations().length);
    expect((ledger.sqlite.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
    expect((ledger.sqlite.query("PRAGMA foreign_keys").get() as { foreign_keys: number }).foreign_keys).toBe(1);
    expect((ledger.sqlite.query("PRAGMA busy_timeout").get() as { timeout: number }).timeout).toBe(5000);
    const n = embeddedMigrations().length;
    expect(ledgerStatus(ledger)).toEqual({ healthy: true, detail: `migrated (${n}/${n})` });
    ledger.close();
  });

  test("a second open is a no-op migration and keeps the data", () => {
    const path = join(tmp(), "ledger.db");
    const first = openLedger(path);
    first.db.insert(records).values({ job: "devices", sourceKey: "k1", state: "synced", firstSeenAt: "t", lastSeenAt: "t" }).run();
    first.close();
    const second = openLedger(path);
    expect(second.migration.applied).toBe(0);
    expect(second.db.select().from(records).all()).toHaveLength(1);
    second.close();
  });

  test("unique(job, source_key) refuses a second row for the same record", () => {
    const ledger = openLedger(join(tmp(), "ledger.db"));
    const row = { job: "devices", sourceKey: "ninjaone:device:1", state: "synced", firstSeenAt: "t", lastSeenAt: "t" };
    ledger.db.insert(records).values(row).run();
    expect(() => ledger.db.insert(records).values(row).run()).toThrow(/UNIQUE/);
    ledger.db.insert(records).values({ ...row, job: "alerts" }).run();
    ledger.close();
  });

  test("the embedded migrations match the journal on disk", () => {
    const journal = JSON.parse(readFileSync(join(import.meta.dir, "../../migrations/meta/_journal.json"), "utf8"));
    expect(embeddedMigrations()).toHaveLength(journal.entries.length);
  });

  test("a file that is not SQLite is refused and left untouched", () => {
    const path = join(tmp(), "ledger.db");
    writeFileSync(path, "this is a config file, not a database\n".repeat(20));
    const before = readFileSync(path);
    expect(() => openLedger(path)).toThrow(LedgerError);
    expect(() => openLedger(path)).toThrow(/not a SQLite database/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test("a SQLite file with damaged pages fails the integrity check with a clear error", () => {
    const path = join(tmp(), "ledger.db");
    const seed = new Database(path);
    seed.exec("PRAGMA journal_mode=DELETE; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v);");
    const insert = seed.prepare("INSERT INTO t (v) VALUES (?)");
    seed.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`value-${i}-${"x".repeat(50)}`);
    })();
    seed.close();
    // Overwrite the middle of the file (b-tree pages) with garbage, keeping the header intact.
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, 4096 * 3);
    closeSync(fd);
    const before = readFileSync(path);
    let error: unknown;
    try {
      openLedger(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as Error).message).toMatch(/integrity check|not a usable SQLite database/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
