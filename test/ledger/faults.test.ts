import { describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ledgerFaultOf, LedgerFaults } from "../../src/ledger/faults";
import { acquireLease } from "../../src/ledger/lease";
import { openLedger } from "../../src/ledger/ledger";
import { ServiceStateRepo } from "../../src/ledger/service-state";
import { LockBusyError } from "../../src/core/errors";

const coded = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("ledgerFaultOf", () => {
  test.each([
    ["SQLITE_READONLY", "read_only"],
    ["SQLITE_READONLY_DBMOVED", "read_only"],
    ["EROFS", "read_only"],
    ["SQLITE_FULL", "full"],
    ["ENOSPC", "full"],
    ["EDQUOT", "full"],
    ["SQLITE_IOERR_WRITE", "io"],
    ["SQLITE_CANTOPEN", "read_only"],
    ["EIO", "io"],
    ["SQLITE_CONSTRAINT_UNIQUE", null],
    ["SQLITE_BUSY", null],
    ["ECONNRESET", null],
  ])("%s → %s", (code, kind) => {
    expect(ledgerFaultOf(coded(code))?.kind ?? null).toBe(kind as never);
  });

  test("found through a cause (a LedgerError wrapping SQLite's), never a plain error", () => {
    const wrapped = new Error("cannot open ledger", { cause: coded("SQLITE_FULL", "database or disk is full") });
    expect(ledgerFaultOf(wrapped)).toMatchObject({ kind: "full", message: expect.stringContaining("SQLITE_FULL: database or disk is full") });
    expect(ledgerFaultOf(new Error("boom"))).toBeNull();
    expect(ledgerFaultOf("SQLITE_FULL")).toBeNull();
  });

  test("real SQLite errors: query_only gives read_only, max_page_count gives full", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE t(x TEXT)");
    db.exec("PRAGMA query_only = ON");
    let err: unknown;
    try {
      db.run("INSERT INTO t VALUES ('a')");
    } catch (e) {
      err = e;
    }
    expect(ledgerFaultOf(err)?.kind).toBe("read_only");
    db.exec("PRAGMA query_only = OFF");
    const pages = (db.query("PRAGMA page_count").get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${pages}`);
    try {
      for (let i = 0; i < 100; i++) db.run("INSERT INTO t VALUES (?)", ["x".repeat(2000)]);
      err = undefined;
    } catch (e) {
      err = e;
    }
    expect(ledgerFaultOf(err)?.kind).toBe("full");
  });
});

describe("LedgerFaults: one line per change of state", () => {
  test("the same fault met many times is said once; a write that goes through clears it, said once", () => {
    const lines: [string, string][] = [];
    const logger = { error: (_o: unknown, m: string) => void lines.push(["error", m]), info: (_o: unknown, m: string) => void lines.push(["info", m]) };
    let write: () => void = () => {
      throw coded("SQLITE_READONLY");
    };
    const faults = new LedgerFaults(logger as never, () => Date.parse("2026-12-06T03:00:00Z"), () => write());
    for (let i = 0; i < 20; i++) expect(faults.report(coded("SQLITE_READONLY"))).not.toBeNull();
    expect(faults.report(new Error("another bug"))).toBeNull();
    expect(faults.current()).toMatchObject({ kind: "read_only", since: "2026-12-06T03:00:00.000Z" });
    expect(faults.probe()).toBe(false);
    faults.report(coded("SQLITE_FULL")); // a different fault is a change
    write = () => undefined;
    expect(faults.probe()).toBe(true);
    faults.cleared();
    expect(faults.current()).toBeNull();
    expect(lines.map(([level, m]) => `${level}: ${m.split(" (")[0]}`)).toEqual([
      "error: ledger unwritable: the ledger cannot be written",
      "error: ledger unwritable: the disk holding the ledger is full; free space there",
      "info: ledger writable again; scheduled syncs and writes resume",
    ]);
  });
});

describe("the probe on a full disk", () => {
  test("a write that still fits in the file's pages does not call a full disk writable; room again does", () => {
    const dir = mkdtempSync(join(tmpdir(), "probe-"));
    try {
      const ledger = openLedger(join(dir, "ledger.db"));
      const state = new ServiceStateRepo(ledger.db, () => new Date().toISOString());
      ledger.sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
      const pages = (ledger.sqlite.query("PRAGMA page_count").get() as { page_count: number }).page_count;
      ledger.sqlite.exec(`PRAGMA max_page_count = ${pages + 2}`); // the disk is full but for two pages
      state.setSchedulerPause({ paused: false }); // a small write still goes through
      const faults = new LedgerFaults({ error: () => undefined, info: () => undefined } as never, Date.now, () => state.probeWrite());
      faults.report(coded("SQLITE_FULL"));
      expect(faults.probe()).toBe(false);
      expect(faults.current()?.kind).toBe("full");
      ledger.sqlite.exec("PRAGMA max_page_count = 1073741823"); // space freed
      expect(faults.probe()).toBe(true);
      expect(faults.current()).toBeNull();
      ledger.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the lease after a failed release", () => {
  test("this process takes back its own lease whose release failed; another live holder still blocks", () => {
    const dir = mkdtempSync(join(tmpdir(), "lease-"));
    try {
      const ledger = openLedger(join(dir, "ledger.db"));
      const now = () => Date.now();
      const lease = acquireLease(ledger.db, "sync", 600_000, now);
      ledger.sqlite.exec("PRAGMA query_only = ON"); // the disk is full, say: the release cannot delete the row
      expect(lease.release()).toBe(false);
      ledger.sqlite.exec("PRAGMA query_only = OFF"); // space freed
      // Before: LockBusyError naming this very process for the lease's ten minutes.
      const again = acquireLease(ledger.db, "sync", 600_000, now);
      expect(() => acquireLease(ledger.db, "sync", 600_000, now)).toThrow(LockBusyError); // held, and held by a live lease of ours
      expect(again.release()).toBe(true);
      ledger.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
