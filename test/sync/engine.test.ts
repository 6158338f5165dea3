import { afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { startSyncHarness, type SyncHarness } from "../helpers/sync-harness";
import { makeSnapshot, recordCount } from "../helpers/snapshot";
import { RecordsRepo } from "../../src/ledger/records-repo";
import { RunsRepo } from "../../src/ledger/runs-repo";
import { setupAndRegister } from "../../src/sync/databases";
import { DatabaseRegistry } from "../../src/ledger/database-registry";
import { keys } from "../../src/core/model";
import { locks } from "../../src/ledger/schema";

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const byKey = (harness: SyncHarness) => new Map(harness.pages().map((p) => [p.key, p]));

function expectNoDuplicates(harness: SyncHarness) {
  const keysSeen = harness.pages().map((p) => p.key);
  expect(new Set(keysSeen).size).toBe(keysSeen.length);
}

describe("sync engine against the Notion emulator", () => {
  test("first run creates every page once, with relations; second run makes 0 writes", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(3, 3);
    const first = await h.sync(snap);
    expect(first.exitCode).toBe(0);
    expect(first.totals.created).toBe(recordCount(snap));
    expectNoDuplicates(h);
    const pages = byKey(h);
    expect(pages.size).toBe(recordCount(snap));
    const customer = pages.get(keys.customer(1))!;
    expect(customer.props.Status).toBe("Degraded"); // a MAJOR alert is open
    expect(customer.props.Description).toBe("x".repeat(5000)); // chunked into 3 rich-text parts
    expect(pages.get(keys.site("site0001"))!.props.Customer).toEqual([customer.pageId]);
    expect(pages.get(keys.alert("alert-1"))!.props.Device).toEqual([pages.get(keys.ninjaDevice(101))!.pageId]);

    await h.resetStats();
    const second = await h.sync(snap);
    expect(second.exitCode).toBe(0);
    expect(second.totals).toMatchObject({ created: 0, updated: 0, archived: 0, failed: 0, unchanged: recordCount(snap) });
    expect(h.writes()).toBe(0);
  });

  test("a changed record updates exactly its page (and the customer whose status it changes)", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(3, 3);
    await h.sync(snap);
    const before = byKey(h);
    await h.resetStats();
    const device = snap.devices.find((d) => d.key === keys.ninjaDevice(202))!;
    device.status = "offline";
    const run = await h.sync(snap);
    expect(run.totals.updated).toBe(2);
    const after = byKey(h);
    const changed = [...after.values()].filter((p) => p.editSeq !== before.get(p.key)!.editSeq).map((p) => p.key).sort();
    expect(changed).toEqual([keys.customer(2), keys.ninjaDevice(202)].sort());
    // Notion's notation for the same minute.
    expect(after.get(keys.ninjaDevice(202))!.props["Last Contact"]).toBe(device.lastContact!.toISOString().replace("Z", "+00:00"));
    expect(h.emu.stats.count("PATCH", "/v1/pages/:page_id")).toBe(2);
  });

  test("a record gone from its source is archived after 2 runs; a resolved alert at once", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(2, 2);
    await h.sync(snap);
    snap.devices = snap.devices.filter((d) => d.key !== keys.ninjaDevice(102));
    snap.alerts = snap.alerts.filter((a) => a.key !== keys.alert("alert-2"));
    const run1 = await h.sync(snap);
    expect(byKey(h).has(keys.ninjaDevice(102))).toBe(true);
    expect(byKey(h).has(keys.alert("alert-2"))).toBe(false);
    expect(run1.totals.archived).toBe(1);
    const run2 = await h.sync(snap);
    expect(run2.totals.archived).toBe(1);
    expect(byKey(h).has(keys.ninjaDevice(102))).toBe(false);
  });

  test("an incomplete source archives nothing and skips the jobs that need it", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(2, 2);
    await h.sync(snap);
    const broken = { ...snap, devices: [], alerts: [], complete: { customers: false, sites: false, devices: false, alerts: false }, problems: ["ninjaone: 503 after 3 attempts"] };
    for (let i = 0; i < 3; i++) {
      const run = await h.sync(broken);
      expect(run.exitCode).toBe(1);
      expect(run.problems.join("\n")).toContain("ninjaone: 503");
    }
    expect(h.pages()).toHaveLength(recordCount(snap));
  });

  test("commit-then-drop at 10% on creates: 0 duplicate Sync Keys, and a second run completes the set", async () => {
    h = await startSyncHarness();
    await fetch(`${h.server.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ seed: 7, commit_then_drop_rate: 0.1, match: { methods: ["POST"], routes: ["/v1/pages"] } }),
    });
    const snap = makeSnapshot(8, 5);
    await h.sync(snap);
    expect(h.emu.stats.snapshot().dropped_after_commit).toBeGreaterThan(0);
    expectNoDuplicates(h);
    await fetch(`${h.server.url}/_emulator/faults`, { method: "POST", body: "{}" });
    const second = await h.sync(snap);
    expect(second.exitCode).toBe(0);
    expectNoDuplicates(h);
    expect(h.pages()).toHaveLength(recordCount(snap));
  });

  test("ledger deleted → --full-sync adopts every page: 0 creates, 0 writes", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(3, 4);
    await h.sync(snap);
    h.ledger.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(h.loaded.config.ledger.path + suffix, { force: true });
    h.reopenLedger();
    // The database ids live in the config in production; re-save them as setup would.
    const res = await setupAndRegister({ notion: h.notion, known: {}, parentPageId: h.emu.store.rootPageId, migrate: false }, h.ledger.db);
    expect(res.databases.every((d) => d.action === "adopted")).toBe(true);
    await h.resetStats();
    const run = await h.sync(snap, { mode: "full" });
    expect(run.exitCode).toBe(0);
    expect(run.totals.created).toBe(0);
    expect(h.writes()).toBe(0);
    expect(run.totals.unchanged).toBe(recordCount(snap));
    // And the rebuilt ledger makes the next run free too.
    await h.resetStats();
    await h.sync(snap);
    expect(h.writes()).toBe(0);
  });

  test("a record that fails is stored with its error and backoff; --retry-failed retries only those", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(2, 2);
    await h.sync(snap);
    snap.devices[0]!.status = "offline";
    snap.devices[1]!.model = "changed";
    await fetch(`${h.server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ error_rate: 1, match: { methods: ["PATCH"] } }) });
    const failing = await h.sync(snap);
    expect(failing.exitCode).toBe(1);
    expect(failing.totals.failed).toBe(3); // two devices and the customer whose status changed
    const repo = new RecordsRepo(h.ledger.db, () => new Date().toISOString());
    const row = repo.get("devices", snap.devices[0]!.key)!;
    expect(row.state).toBe("failed");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain("notion pages.update");
    expect(Date.parse(row.nextAttemptAt!)).toBeGreaterThan(Date.now());

    // Not due yet: a normal run defers them (no request).
    await fetch(`${h.server.url}/_emulator/faults`, { method: "POST", body: "{}" });
    await h.resetStats();
    const deferred = await h.sync(snap);
    expect(deferred.totals.failed).toBe(0);
    expect(deferred.totals.deferred).toBe(3);
    expect(deferred.exitCode).toBe(1);
    expect(h.writes()).toBe(0);

    await h.resetStats();
    const retried = await h.sync(snap, { mode: "retry_failed" });
    expect(retried.totals.updated).toBe(3);
    expect(h.writes()).toBe(3);
    expect(repo.get("devices", snap.devices[0]!.key)!.state).toBe("synced");
  });

  test("a bad token aborts the run with exit 3 and a clear message", async () => {
    h = await startSyncHarness({ token: "secret_wrong_token_value" });
    const run = await h.sync(makeSnapshot(1, 1));
    expect(run.exitCode).toBe(3);
    expect(run.status).toBe("aborted");
    expect(run.error).toContain("NOTION_TOKEN");
    expect(run.error).not.toContain("secret_wrong_token_value");
    expect(new RunsRepo(h.ledger.db, () => "").recent(1)[0]!.status).toBe("aborted");
  });

  test("an open circuit aborts the run with exit 3; what was written stays, the rest waits", async () => {
    h = await startSyncHarness({ config: { circuit_breaker: { failure_threshold: 2 } } });
    const snap = makeSnapshot(3, 10);
    await h.sync(snap);
    for (const d of snap.devices) d.status = "offline";
    await fetch(`${h.server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ error_rate: 1, match: { methods: ["PATCH"] } }) });
    const run = await h.sync(snap);
    expect(run.exitCode).toBe(3);
    expect(run.error).toMatch(/circuit/i);
    expect(run.totals.failed).toBeGreaterThanOrEqual(2);
    // Calls already in flight when it opened still fail on their own; then the run stops.
    expect(run.totals.failed).toBeLessThan(3 + 30);
  });

  test("--job runs one job only; relations to jobs not yet synced stay empty until they are", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(2, 2);
    const devicesOnly = await h.sync(snap, { jobs: ["devices"] });
    expect(devicesOnly.jobs.map((j) => j.job)).toEqual(["devices"]);
    expect(h.pages("Devices")).toHaveLength(4);
    expect(h.pages("Customer Status")).toHaveLength(0);
    expect(h.pages("Devices")[0]!.props.Customer).toEqual([]);
    await h.sync(snap);
    const customers = new Map(h.pages("Customer Status").map((p) => [p.key, p.pageId]));
    expect(h.pages("Devices").find((p) => p.key === keys.ninjaDevice(101))!.props.Customer).toEqual([customers.get(keys.customer(1))]);
  });

  test("a lease taken over mid-run stops the run after the current batch (exit 3)", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(4, 10);
    const harness = h;
    const run = await h.sync(
      {
        read: async () => {
          // Another sync takes the lease (as it would after expiry) while this one is starting.
          harness.ledger.db.update(locks).set({ owner: "someone-else" }).run();
          return snap;
        },
      },
      { batchSize: 3 },
    );
    expect(run.exitCode).toBe(3);
    expect(run.error).toContain("lease");
    expect(run.totals.created).toBeLessThanOrEqual(3);
    expect(h.ledger.db.select().from(locks).all().map((l) => l.owner)).toEqual(["someone-else"]);
  });

  test("--dry-run writes nothing and reports the plan", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(2, 2);
    const run = await h.sync(snap, { dryRun: true, verbose: true });
    expect(h.writes()).toBe(0);
    expect(run.jobs.find((j) => j.job === "devices")!.planned.create).toBe(4);
    expect(run.jobs[0]!.plan!.some((d) => d.action === "create" && d.key === keys.customer(1))).toBe(true);
  });

  test("a dry run over a synced fleet shows old → new for exactly the changed properties", async () => {
    h = await startSyncHarness();
    const snap = makeSnapshot(2, 2);
    await h.sync(snap);
    await h.resetStats();
    const device = snap.devices[0]!;
    device.model = "OptiPlex 7010";
    const run = await h.sync(snap, { dryRun: true, verbose: true });
    expect(h.writes()).toBe(0);
    const devices = run.jobs.find((j) => j.job === "devices")!;
    expect(devices.plan).toEqual([{ key: device.key, action: "update", changes: [{ property: "Model", old: "OptiPlex 7090", new: "OptiPlex 7010" }] }]);
  });
});

describe("fixed cost of a run", () => {
  let g: SyncHarness | undefined;
  afterEach(async () => {
    await g?.stop();
    g = undefined;
  });

  test("an unchanged run costs one Notion request per database and none per record; a stale data source id is re-read", async () => {
    g = await startSyncHarness();
    const snap = makeSnapshot(4, 5);
    await g.sync(snap);
    await g.resetStats();
    const quiet = await g.sync(snap);
    expect(quiet.totals.unchanged).toBe(recordCount(snap));
    expect(g.emu.stats.snapshot().total).toBe(4);
    expect(g.emu.stats.count("GET", "/v1/data_sources/:data_source_id")).toBe(4);

    // The ledger remembers a data source that no longer exists: the database is asked again, once.
    const registry = new DatabaseRegistry(g.ledger.db, () => new Date().toISOString());
    const devices = registry.get("devices")!;
    registry.save({ name: "devices", databaseId: devices.databaseId, dataSourceId: "00000000-0000-4000-8000-000000000000" });
    await g.resetStats();
    const again = await g.sync(snap);
    expect(again.exitCode).toBe(0);
    expect(g.emu.stats.count("GET", "/v1/databases/:database_id")).toBe(1);
    expect(registry.get("devices")!.dataSourceId).toBe(devices.dataSourceId);
    await g.resetStats();
    await g.sync(snap);
    expect(g.emu.stats.snapshot().total).toBe(4);
  });
});
