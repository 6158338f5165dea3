import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLedger, type Ledger } from "../../src/ledger/ledger";
import { RUNS_KEPT_DAYS, RUNS_KEPT_MIN, RunsRepo } from "../../src/ledger/runs-repo";

let dir: string | undefined;
let ledger: Ledger | undefined;
afterEach(() => {
  ledger?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  ledger = undefined;
  dir = undefined;
});

describe("run history retention", () => {
  test(`runs older than ${RUNS_KEPT_DAYS} days go, but never the newest ${RUNS_KEPT_MIN}, nor one still running`, () => {
    dir = mkdtempSync(join(tmpdir(), "oc-runs-"));
    ledger = openLedger(join(dir, "ledger.db"));
    let now = Date.parse("2026-01-01T00:00:00Z");
    const runs = new RunsRepo(ledger.db, () => new Date(now).toISOString());
    const counts = { created: 0, updated: 0, unchanged: 0, archived: 0, failed: 0, blocked: 0, notionRequests: 0 };
    // 2,500 runs, one a minute from 60 days ago; the oldest one never finished.
    now -= 60 * 86_400_000;
    for (let i = 0; i < RUNS_KEPT_MIN + 500; i++) {
      const id = runs.start("all", "incremental");
      if (i > 0) runs.finish(id, "succeeded", counts, null);
      now += 60_000;
    }
    now = Date.parse("2026-01-01T00:00:00Z");
    const all = () => ledger!.db.$client.query("SELECT COUNT(*) AS n FROM sync_runs").get() as { n: number };
    const before = all().n;
    const pruned = runs.prune();
    // Every run is older than 30 days, so the newest RUNS_KEPT_MIN stay, and the running one.
    expect(all().n).toBe(RUNS_KEPT_MIN + 1);
    expect(pruned).toBe(before - RUNS_KEPT_MIN - 1);
    expect(runs.get(1)?.status).toBe("running");
    // 300 new runs push 300 old ones out; start() prunes by itself every hundredth run.
    for (let i = 0; i < 300; i++) runs.finish(runs.start("all", "incremental"), "succeeded", counts, null);
    expect(all().n).toBe(RUNS_KEPT_MIN + 1);
    expect(runs.prune()).toBe(0);
    // A recent run is never pruned, however many there are: 2,100 from today all stay.
    for (let i = 0; i < RUNS_KEPT_MIN + 100; i++) runs.finish(runs.start("all", "incremental"), "succeeded", counts, null);
    const recent = ledger.db.$client.query("SELECT COUNT(*) AS n FROM sync_runs WHERE started_at >= ?").get(new Date(now).toISOString()) as { n: number };
    expect(recent.n).toBe(RUNS_KEPT_MIN + 400);
  });
});
