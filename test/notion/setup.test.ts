import { afterEach, describe, expect, test } from "bun:test";
import { openLedger } from "../../src/ledger/ledger";
import { SEARCH_INDEX_LAG_MS } from "@oberaconnect/emulators/notion";
import { OutcomeUnknownError } from "../../src/http";
import { FakeClock } from "@oberaconnect/common/clock";
import { createNotionApi, type NotionApi } from "../../src/notion/api";
import { setupDatabases, SetupError, type KnownDatabase, type SetupInput } from "../../src/notion/setup";
import { control, startNotion, text, type NotionHarness } from "../../packages/emulators/test/notion-harness";
import { setupAndRegister } from "../../src/sync/databases";
import { DatabaseRegistry } from "../../src/ledger/database-registry";
import { fastGate } from "../helpers/stack";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const api = (harness: NotionHarness): NotionApi =>
  createNotionApi({ baseUrl: harness.server.url, token: "secret_emulator_notion_token", gate: fastGate("notion") });

const setup = (harness: NotionHarness, extra: Partial<SetupInput> = {}) =>
  setupDatabases({ notion: api(harness), known: {}, parentPageId: harness.emu.store.rootPageId, migrate: false, ...extra });

const liveDatabases = (harness: NotionHarness) =>
  harness.emu.store.dump().databases.filter((d) => !d.in_trash).map((d) => ({ id: d.id, title: d.title.map((t) => t.plain_text).join(""), parent: d.parent }));

const creates = (harness: NotionHarness) => harness.emu.stats.count("POST", "/v1/databases");
const listings = (harness: NotionHarness) => harness.emu.stats.count("GET", "/v1/blocks/:block_id/children");

async function makeDatabase(harness: NotionHarness, title: string, parentPageId = harness.emu.store.rootPageId) {
  return harness.client.databases.create({ parent: { type: "page_id", page_id: parentPageId }, title: text(title) });
}

describe("setupDatabases finds databases through the parent page's children", () => {
  test("each database is reported the moment it is known, a created one straight from its create response", async () => {
    h = startNotion();
    const seen: string[] = [];
    const reported: KnownDatabase[] = [];
    const result = await setup(h, {
      onDatabase: (db) => {
        // How many creates Notion had seen when the hook ran: one more per database, never all four at once.
        seen.push(`${db.name}:${db.action}:${creates(h!)}`);
        reported.push(db);
      },
    });
    expect(seen).toEqual(["customer_status:created:1", "sites:created:2", "devices:created:3", "alerts:created:4"]);
    expect(reported).toEqual(result.databases.map(({ propertyIds: _p, ...db }) => db));
    for (const db of reported) expect(h.emu.store.databases.get(db.databaseId)?.dataSourceIds).toEqual([db.dataSourceId]);
    // The data source ids came with the creates: no database was read back.
    expect(h.emu.stats.count("GET", "/v1/databases/:database_id")).toBe(0);

    // Lost ids, and search lagging (the default): the children list still shows all four.
    expect((await h.client.search({ filter: { property: "object", value: "data_source" } })).results).toEqual([]);
    const again = await setup(h);
    expect(again.databases.map((d) => [d.databaseId, d.action])).toEqual(result.databases.map((d) => [d.databaseId, "adopted"]));
    expect(creates(h)).toBe(4);
    expect(h.emu.stats.count("POST", "/v1/search")).toBe(1); // only the test's own
  });

  test("only a live database with exactly the title, directly under the parent, is adopted", async () => {
    h = startNotion();
    const other = h.emu.store.createPlainPage("Elsewhere");
    const trashed = await makeDatabase(h, "Customer Status");
    await h.client.databases.update({ database_id: trashed.id, in_trash: true });
    await makeDatabase(h, "customer status");
    await makeDatabase(h, "Customer Status (old)");
    await makeDatabase(h, "Customer Status", other.id);
    const decoys = liveDatabases(h).length;

    const result = await setup(h);
    expect(result.databases.map((d) => d.action)).toEqual(["created", "created", "created", "created"]);
    const mine = liveDatabases(h).filter((d) => result.databases.some((r) => r.databaseId === d.id));
    expect(mine.every((d) => d.parent.type === "page_id" && d.parent.page_id === h!.emu.store.rootPageId)).toBe(true);
    expect(liveDatabases(h)).toHaveLength(decoys + 4);
  });

  test("two live databases with the template's title under the parent: setup stops and creates nothing", async () => {
    h = startNotion();
    await makeDatabase(h, "Customer Status");
    await makeDatabase(h, "Customer Status");
    const err = await setup(h).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SetupError);
    expect((err as Error).message).toBe('2 databases titled "Customer Status" found; set databases.* in the config to pick one');
    expect(creates(h)).toBe(2);
  });

  test("a create whose outcome is unknown is looked for under the parent and adopted, never made twice", async () => {
    h = startNotion();
    await control(h, "faults", { commit_then_drop_rate: 1, match: { methods: ["POST"], routes: ["/v1/databases"] } });
    const result = await setup(h);
    expect(h.emu.stats.snapshot().dropped_after_commit).toBe(4);
    expect(result.databases.map((d) => d.action)).toEqual(["adopted", "adopted", "adopted", "adopted"]);
    const titles = liveDatabases(h).map((d) => d.title);
    expect(titles.sort()).toEqual(["Alerts", "Customer Status", "Devices", "Sites"]);
    expect(creates(h)).toBe(4);
    // Relations were built on the adopted ids: the schema check finds nothing to repair.
    expect(result.problems).toEqual([]);
  });

  test("an unknown outcome with nothing under the parent leaves the error standing", async () => {
    h = startNotion();
    // A 5xx before the handler runs: Notion committed nothing, but the client cannot know that.
    await control(h, "faults", { error_rate: 1, match: { methods: ["POST"], routes: ["/v1/databases"] } });
    const err = await setup(h).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(creates(h)).toBe(1); // not re-sent
    expect(listings(h)).toBe(2); // looked before the create, and again after it
    expect(liveDatabases(h)).toEqual([]);
  });
});

describe("without a parent page, search is the fallback", () => {
  test("search sees only what its index has caught up with; ambiguity still stops setup", async () => {
    const clock = new FakeClock(Date.parse("2026-05-04T09:00:00.000Z"));
    h = startNotion({ clock });
    const first = await setup(h);

    const early = await setup(h, { parentPageId: undefined }).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(SetupError);
    expect((early as Error).message).toContain("no database for customer_status and no parent page");

    await clock.advance(SEARCH_INDEX_LAG_MS);
    const late = await setup(h, { parentPageId: undefined });
    expect(late.databases.map((d) => [d.databaseId, d.action])).toEqual(first.databases.map((d) => [d.databaseId, "adopted"]));
    expect(listings(h)).toBe(4); // the first setup's four lookups; the fallback never lists

    await makeDatabase(h, "Alerts", h.emu.store.createPlainPage("Archive").id);
    await clock.advance(SEARCH_INDEX_LAG_MS);
    const ambiguous = await setup(h, { parentPageId: undefined }).catch((e: unknown) => e);
    expect((ambiguous as Error).message).toBe('2 databases titled "Alerts" found; set databases.* in the config to pick one');
  });
});

describe("setupAndRegister", () => {
  test("each database is in the ledger before the next is handled; remembered property ids stay with their data source", async () => {
    h = startNotion();
    const ledger = openLedger(":memory:");
    const registry = new DatabaseRegistry(ledger.db, () => "");
    const inLedgerWhenReported: (string | undefined)[] = [];
    const result = await setupAndRegister(
      { notion: api(h), known: {}, parentPageId: h.emu.store.rootPageId, migrate: false, onDatabase: (db) => void inLedgerWhenReported.push(registry.get(db.name)?.databaseId) },
      ledger.db,
    );
    expect(inLedgerWhenReported).toEqual(result.databases.map((d) => d.databaseId));
    const devices = result.databases.find((d) => d.name === "devices")!;
    expect(registry.get("devices")?.propertyIds).toEqual(devices.propertyIds);
    expect(Object.keys(devices.propertyIds)).toContain("Sync Key");

    // Saved again the moment a later setup knows it: same data source, the ids are kept...
    registry.save({ name: "devices", databaseId: devices.databaseId, dataSourceId: devices.dataSourceId });
    expect(registry.get("devices")?.propertyIds).toEqual(devices.propertyIds);
    // ...a new one (recreated) has new columns, so the old ids would only mislead rename detection.
    registry.save({ name: "devices", databaseId: "db-new", dataSourceId: "ds-new" });
    expect(registry.get("devices")?.propertyIds).toEqual({});
    ledger.close();
  });
});
