import { afterEach, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { Client } from "@notionhq/client";
import { runCli } from "../../src/cli";
import { NOTION_EMULATOR_TOKEN } from "@oberaconnect/emulators/notion";
import { FakeClock } from "@oberaconnect/common/clock";
import { DATABASE_NAMES } from "../../src/notion/templates";
import { keys } from "../../src/core/model";
import { DatabaseRegistry } from "../../src/ledger/database-registry";
import { RecordsRepo } from "../../src/ledger/records-repo";
import { captureIO } from "../helpers/temp";
import { makeSnapshot, recordCount } from "../helpers/snapshot";
import { startSyncHarness, type SyncHarness } from "../helpers/sync-harness";

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function cli(harness: SyncHarness, ...args: string[]) {
  const { configPath, env } = harness.cli();
  harness.ledger.close(); // the command opens the ledger itself, as a separate process would
  const cap = captureIO(harness.dir, env);
  const code = await runCli([...args, "--config", configPath], cap.io);
  harness.reopenLedger();
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

const client = (harness: SyncHarness) => new Client({ auth: NOTION_EMULATOR_TOKEN, baseUrl: harness.server.url, retry: false, logger: () => {} });
const devicesDataSource = (harness: SyncHarness) =>
  new DatabaseRegistry(harness.ledger.db, () => "").get("devices")!.dataSourceId;

describe("setup-databases and schema check", () => {
  test("a second setup finds the databases; the ids are printed for the config", async () => {
    h = await startSyncHarness(); // already ran setup once (created)
    const r = await cli(h, "setup-databases");
    expect(r.code).toBe(0);
    expect(r.stdout.match(/ found /g)).toHaveLength(4);
    const idsLine = r.stdout.trim().split("\n").at(-1)!;
    expect(Object.keys(JSON.parse(idsLine).databases).sort()).toEqual(["alerts", "customer_status", "devices", "sites"]);
    expect(h.emu.store.dump().databases.filter((d) => !d.in_trash)).toHaveLength(4);
  });

  test("ledger lost right after setup, search not caught up yet: setup-databases adopts all four from the parent's children", async () => {
    h = await startSyncHarness();
    const ids = () => DATABASE_NAMES.map((n) => new DatabaseRegistry(h!.ledger.db, () => "").get(n)?.databaseId);
    const before = ids();
    h.ledger.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(h.loaded.config.ledger.path + suffix, { force: true });
    h.reopenLedger();
    expect(ids()).toEqual([undefined, undefined, undefined, undefined]);
    // The emulator's default index lag: search shows none of the four databases yet.
    expect((await client(h).search({ filter: { property: "object", value: "data_source" } })).results).toEqual([]);
    await h.resetStats();

    const r = await cli(h, "setup-databases");
    expect(r.code).toBe(0);
    expect(r.stdout.match(/ adopted /g)).toHaveLength(4);
    expect(h.emu.stats.count("POST", "/v1/databases")).toBe(0);
    expect(h.emu.stats.count("POST", "/v1/search")).toBe(0);
    expect(ids()).toEqual(before);
    expect(h.emu.store.dump().databases.filter((d) => !d.in_trash)).toHaveLength(4);
  });

  test("a removed property: schema check names it (exit 1), the sync stops early (exit 3), --migrate repairs it", async () => {
    h = await startSyncHarness();
    await client(h).dataSources.update({ data_source_id: devicesDataSource(h), properties: { Status: null } });

    const check = await cli(h, "schema", "check");
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("devices.Status: missing");
    expect(check.stdout).toContain("setup-databases --migrate");

    await h.resetStats();
    const run = await h.sync(makeSnapshot(2, 2));
    expect(run.exitCode).toBe(3);
    expect(run.error).toContain("devices.Status");
    expect(h.writes()).toBe(0);

    const migrate = await cli(h, "setup-databases", "--migrate");
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain("devices.Status");
    expect((await cli(h, "schema", "check")).code).toBe(0);
    expect((await h.sync(makeSnapshot(2, 2))).exitCode).toBe(0);
  });

  test("a renamed property is reported as a probable rename; a user's own column is left alone", async () => {
    h = await startSyncHarness();
    await client(h).dataSources.update({
      data_source_id: devicesDataSource(h),
      properties: { Model: { name: "Hardware Model" }, "Owner Notes": { rich_text: {} } },
    });
    const check = await cli(h, "schema", "check", "--json");
    expect(check.code).toBe(1);
    const { problems } = JSON.parse(check.stdout);
    expect(problems).toEqual([expect.objectContaining({ database: "devices", property: "Model", kind: "renamed", actual: "Hardware Model (rich_text)" })]);
    await cli(h, "setup-databases", "--migrate");
    const ds = await client(h).dataSources.retrieve({ data_source_id: devicesDataSource(h) });
    expect(Object.keys(ds.properties)).toEqual(expect.arrayContaining(["Model", "Hardware Model", "Owner Notes"]));
  });

  test("--recreate trashes one database, creates it anew and repairs the relations pointing at it", async () => {
    h = await startSyncHarness();
    await h.sync(makeSnapshot(2, 1));
    const before = new DatabaseRegistry(h.ledger.db, () => "").get("customer_status")!;
    const r = await cli(h, "setup-databases", "--recreate", "customer_status");
    expect(r.code).toBe(0);
    const after = new DatabaseRegistry(h.ledger.db, () => "").get("customer_status")!;
    expect(after.databaseId).not.toBe(before.databaseId);
    expect((await cli(h, "schema", "check")).code).toBe(0);
    const run = await h.sync(makeSnapshot(2, 1));
    expect(run.exitCode).toBe(0);
    expect(run.jobs.find((j) => j.job === "customers")!.counts.created).toBe(2);
    const customers = new Map(h.pages("Customer Status").map((p) => [p.key, p.pageId]));
    const site = h.pages("Sites").find((p) => p.key === keys.site("site0001"))!;
    expect(site.props.Customer).toEqual([customers.get(keys.customer(1))]);
  });

  test("--recreate with an unknown name is a usage error", async () => {
    h = await startSyncHarness();
    const r = await cli(h, "setup-databases", "--recreate", "widgets");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--recreate: expected one of");
  });
});

describe("dedupe", () => {
  test("seeded duplicates: dry run changes nothing; --apply keeps the newest edited and archives the rest", async () => {
    const clock = new FakeClock();
    h = await startSyncHarness({ emulatorClock: clock });
    const snap = makeSnapshot(2, 2);
    await h.sync(snap);
    const devices = devicesDataSource(h);
    const c = client(h);
    const original = h.pages("Devices").find((p) => p.key === keys.ninjaDevice(101))!;
    // Two copies of device 101, each edited later than the original.
    const copies: string[] = [];
    for (const minutes of [2, 4]) {
      await clock.advance(minutes * 60_000);
      const page = await c.pages.create({
        parent: { data_source_id: devices },
        properties: { Device: { title: [{ text: { content: "PC-101 copy" } }] }, "Sync Key": { rich_text: [{ text: { content: keys.ninjaDevice(101) } }] } },
      });
      copies.push(page.id);
    }
    // Legacy pages without a Sync Key: same title and no customer, so one group.
    for (const minutes of [1, 1]) {
      await clock.advance(minutes * 60_000);
      await c.pages.create({ parent: { data_source_id: devices }, properties: { Device: { title: [{ text: { content: "OLD-SERVER" } }] } } });
    }

    const dry = await cli(h, "dedupe");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("3 duplicate page(s) would be archived");
    expect(h.pages("Devices").filter((p) => p.key === keys.ninjaDevice(101))).toHaveLength(3);

    const applied = await cli(h, "dedupe", "--apply");
    expect(applied.code).toBe(0);
    const left = h.pages("Devices").filter((p) => p.key === keys.ninjaDevice(101));
    expect(left.map((p) => p.pageId)).toEqual([copies[1]!]); // the newest edited
    expect(h.emu.store.pagesIn(devices).filter((p) => JSON.stringify(p).includes("OLD-SERVER"))).toHaveLength(1);
    const row = new RecordsRepo(h.ledger.db, () => "").get("devices", keys.ninjaDevice(101))!;
    expect(row.notionPageId).toBe(copies[1]!);
    expect(original.pageId).not.toBe(copies[1]!);

    // The next sync rewrites the kept page (its hash was dropped) and creates nothing.
    const run = await h.sync(snap);
    expect(run.totals.created).toBe(0);
    expect(h.pages().length).toBe(recordCount(snap));
    expect((await cli(h, "dedupe")).stdout).toContain("no duplicates found");
  });
});
