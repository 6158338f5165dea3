import { afterEach, describe, expect, test } from "bun:test";
import { RecordsRepo } from "../../src/ledger/records-repo";
import { makeSnapshot, recordCount } from "../helpers/snapshot";
import { startSyncHarness, type SyncHarness } from "../helpers/sync-harness";

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** The hand-made snapshot with the times real sources send: seconds and milliseconds. */
function snapshotWithSeconds() {
  const snap = makeSnapshot(3, 3);
  snap.devices.forEach((d, i) => {
    d.upSince = new Date(Date.UTC(2025, 11, 1, 8, 15, 7 + i, 120 + i));
    if (i % 2 === 0) {
      d.status = "offline";
      d.lastContact = new Date(Date.UTC(2026, 0, 2, 3, 4, 59, 999));
    }
  });
  snap.alerts.forEach((a, i) => {
    a.createdAt = new Date(Date.UTC(2026, 0, 3, 10, 20, 30 + i, 412));
    a.updatedAt = new Date(Date.UTC(2026, 0, 3, 10, 25, 1, 5));
  });
  return snap;
}

describe("unknown-outcome creates are adopted, not rewritten", () => {
  test("creates committed then dropped: each page is found by Sync Key and adopted with 0 further writes", async () => {
    // Half the creates lose their answer (not all: five in a row would rightly open the circuit).
    h = await startSyncHarness();
    await fetch(`${h.server.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ seed: 2, commit_then_drop_rate: 0.5, match: { methods: ["POST"], routes: ["/v1/pages"] } }),
    });
    const snap = snapshotWithSeconds();
    const run = await h.sync(snap);
    expect(run.error).toBeNull();
    expect(run.exitCode).toBe(0);
    expect(run.totals.created).toBe(recordCount(snap));
    expect(h.emu.stats.snapshot().dropped_after_commit).toBeGreaterThanOrEqual(recordCount(snap) / 3);
    // One POST per record and not a single PATCH: the looked-up page already held the values.
    expect(h.emu.stats.count("POST", "/v1/pages")).toBe(recordCount(snap));
    expect(h.emu.stats.count("PATCH", "/v1/pages/:page_id")).toBe(0);
    expect(new Set(h.pages().map((p) => p.key)).size).toBe(recordCount(snap));
    const repo = new RecordsRepo(h.ledger.db, () => "");
    expect(repo.counts()).toEqual({ customers: { synced: 3 }, sites: { synced: 3 }, devices: { synced: 9 }, alerts: { synced: 3 } });

    await fetch(`${h.server.url}/_emulator/faults`, { method: "POST", body: "{}" });
    await h.resetStats();
    const again = await h.sync(snap);
    expect(again.totals.unchanged).toBe(recordCount(snap));
    expect(h.writes()).toBe(0);
  });

  test("409 conflict_error on updates is retried with backoff: the run succeeds with nothing failed", async () => {
    h = await startSyncHarness();
    const snap = snapshotWithSeconds();
    await h.sync(snap);
    for (const d of snap.devices) d.model = "OptiPlex 7010";
    await fetch(`${h.server.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ seed: 3, conflict_rate: 0.3, match: { methods: ["PATCH"], routes: ["/v1/pages/:page_id"] } }),
    });
    await h.resetStats();
    const run = await h.sync(snap);
    expect(run.error).toBeNull();
    expect(run.exitCode).toBe(0);
    expect(run.totals.updated).toBe(snap.devices.length);
    expect(run.totals.failed).toBe(0);
    const conflicts = h.emu.stats.count("PATCH", "/v1/pages/:page_id", 409);
    expect(conflicts).toBeGreaterThan(0);
    expect(h.emu.stats.count("PATCH", "/v1/pages/:page_id")).toBe(snap.devices.length + conflicts);
  });
});
