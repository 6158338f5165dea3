/**
 * The on-call views (src/notion/views.ts) through the real setup and CLI against the Notion
 * emulator over HTTP: made once with the databases, adopted by name, a hand-made view left
 * alone, ours repaired by --migrate, a deleted one named by `schema check`, made again on a
 * recreated database, and never touched by a sync.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { cliIn, startStack, type Stack } from "../helpers/stack";
import { DASHBOARD, VIEW_SPECS } from "../../src/notion/views";
import { TEMPLATES, type DatabaseName } from "../../src/notion/templates";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const viewRequests = (stack: Stack) =>
  ["POST /v1/views", "GET /v1/views", "GET /v1/views/:view_id", "PATCH /v1/views/:view_id", "DELETE /v1/views/:view_id"]
    .map((r) => r.split(" ") as [string, string])
    .reduce((n, [m, p]) => n + stack.emulators.notion.stats.count(m, p), 0);

/** Database name → its live database id, from the emulator. */
function databases(stack: Stack): Record<DatabaseName, string> {
  const dump = stack.emulators.notion.store.dump();
  const byTitle = new Map(dump.databases.filter((d) => !d.in_trash).map((d) => [d.title.map((t) => t.plain_text).join(""), d.id]));
  return Object.fromEntries(Object.values(TEMPLATES).map((t) => [t.name, byTitle.get(t.title)!])) as Record<DatabaseName, string>;
}

/** Tab views by database (names), and the dashboard's widgets (names), as Notion holds them. */
async function views(stack: Stack) {
  const client = stack.emulators.notion;
  const out: Record<string, string[]> = {};
  for (const [name, id] of Object.entries(databases(stack))) {
    out[name] = client.store.viewRegistry.tabsOf(id).map((v) => v.name);
  }
  const dash = [...client.store.viewRegistry.views.values()].find((v) => v.type === "dashboard" && v.name === DASHBOARD.name);
  const widgets = dash ? (dash.rows ?? []).flatMap((r) => r.widgets.map((w) => client.store.viewRegistry.views.get(w.view_id)!)) : [];
  return { tabs: out, dashboard: dash, widgets };
}

const expectedTabs = (db: DatabaseName) => ["Default view", ...VIEW_SPECS.filter((v) => v.database === db).map((v) => v.name), ...(db === DASHBOARD.database ? [DASHBOARD.name] : [])];

describe("on-call views", () => {
  test("setup makes every view and the dashboard once, says what it cost, and a second setup or a sync makes none", async () => {
    s = await startStack({ customers: 4, seed: 31, setup: false });
    s.emulators.notion.stats.reset();
    const first = await cliIn(s, {}, ["setup-databases"]);
    expect(first.code).toBe(0);
    const made = viewRequests(s);
    expect(first.stdout).toMatch(new RegExp(`On-call views: ${VIEW_SPECS.length + 1 + DASHBOARD.widgets.length} created, 0 repaired, \\d+ requests`));
    const { tabs, dashboard, widgets } = await views(s);
    for (const db of Object.keys(tabs) as DatabaseName[]) expect([db, tabs[db]]).toEqual([db, expectedTabs(db)]);
    expect(dashboard?.dataSourceId).toBeNull();
    expect(widgets.map((w) => w.name)).toEqual([...DASHBOARD.widgets]);
    // Each widget shows its own database.
    const dsOf = (db: DatabaseName) => s!.emulators.notion.store.databases.get(databases(s!)[db])!.dataSourceIds[0]!;
    expect(widgets.map((w) => w.dataSourceId)).toEqual([dsOf("customer_status"), dsOf("alerts"), dsOf("devices"), dsOf("customer_status")]);
    console.log(`setup's view requests: ${made} (lists, reads, creates)`);

    s.emulators.notion.stats.reset();
    const second = await cliIn(s, {}, ["setup-databases"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/On-call views: 0 created, 0 repaired, \d+ requests/);
    expect(s.emulators.notion.stats.count("POST", "/v1/views") + s.emulators.notion.stats.count("PATCH", "/v1/views/:view_id")).toBe(0);
    expect((await views(s)).tabs).toEqual(tabs);

    s.emulators.notion.stats.reset();
    expect((await s.sync()).exitCode).toBe(0);
    expect(viewRequests(s)).toBe(0);
  }, 60_000);

  test("a view made by hand survives setup and --migrate; a deleted view of ours is named by schema check and added back by --migrate", async () => {
    s = await startStack({ customers: 3, seed: 32, setup: false });
    expect((await cliIn(s, {}, ["setup-databases"])).code).toBe(0);
    const client = s.emulators.notion.store.viewRegistry;
    const alerts = databases(s).alerts;
    const ds = s.emulators.notion.store.databases.get(alerts)!.dataSourceIds[0]!;
    const mine = client.createOnDatabase(alerts, { dataSourceId: ds, name: "My minor alerts", type: "table", filter: { property: "Severity", select: { equals: "MINOR" } } });
    const ourBoard = client.tabsOf(alerts).find((v) => v.name === "By severity")!;
    client.delete(ourBoard.id);

    const check = await cliIn(s, {}, ["schema", "check", "--json"]);
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).problems).toEqual([expect.objectContaining({ database: "alerts", property: 'view "By severity"', kind: "missing_view" })]);
    // A sync goes on: a missing view is no reason to stop writing.
    expect((await s.sync()).exitCode).toBe(0);

    const plain = await cliIn(s, {}, ["setup-databases"]);
    expect(plain.code).toBe(1); // left for --migrate, said so
    expect(plain.stdout).toContain('alerts.view "By severity": missing view');
    const migrated = await cliIn(s, {}, ["setup-databases", "--migrate"]);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('created: view "By severity"');
    expect(client.tabsOf(alerts).map((v) => v.name)).toEqual(["Default view", "Critical & major, newest first", "My minor alerts", "By severity"]);
    expect(client.views.get(mine.id)).toEqual(mine);
    expect((await cliIn(s, {}, ["schema", "check"])).code).toBe(0);
  }, 60_000);

  test("a filter on a column that was renamed and added again is repaired by --migrate, and only ours", async () => {
    s = await startStack({ customers: 3, seed: 33, setup: false });
    expect((await cliIn(s, {}, ["setup-databases"])).code).toBe(0);
    const store = s.emulators.notion.store;
    const db = databases(s).customer_status;
    const dsId = store.databases.get(db)!.dataSourceIds[0]!;
    const oldStatus = store.dataSources.get(dsId)!.properties.find((p) => p.name === "Status")!.id;
    // Someone renames Status; --migrate adds Status anew: our views still filter on the old column.
    store.updateSchema(store.dataSources.get(dsId)!, [["Status", { kind: "rename", name: "Health" }]]);
    const mine = store.viewRegistry.createOnDatabase(db, { dataSourceId: dsId, name: "Down (mine)", type: "table", filter: { property: "Health", select: { equals: "Down" } } });
    const migrated = await cliIn(s, {}, ["setup-databases", "--migrate"]);
    expect(migrated.code).toBe(0);
    const newStatus = store.dataSources.get(dsId)!.properties.find((p) => p.name === "Status")!.id;
    expect(newStatus).not.toBe(oldStatus);
    expect(migrated.stdout).toContain('repaired: view "Needs attention", view "By status", view "Customers by status", dashboard "On-call" widget "Needs attention", dashboard "On-call" widget "Customers by status"');
    const needs = store.viewRegistry.tabsOf(db).find((v) => v.name === "Needs attention")!;
    expect(JSON.stringify(needs.filter)).toContain(newStatus);
    expect(JSON.stringify(needs.filter)).not.toContain(oldStatus);
    expect(store.viewRegistry.views.get(mine.id)).toEqual(mine);
    expect((await cliIn(s, {}, ["schema", "check"])).code).toBe(0);
  }, 60_000);

  test("--recreate of a database makes our views on it again, and the dashboard's widget over it", async () => {
    s = await startStack({ customers: 3, seed: 34, setup: false });
    expect((await cliIn(s, {}, ["setup-databases"])).code).toBe(0);
    const before = databases(s).alerts;
    const r = await cliIn(s, {}, ["setup-databases", "--recreate", "alerts"]);
    expect(r.code).toBe(0);
    const after = databases(s).alerts;
    expect(after).not.toBe(before);
    const { tabs, widgets } = await views(s);
    expect(tabs.alerts).toEqual(expectedTabs("alerts"));
    const newDs = s.emulators.notion.store.databases.get(after)!.dataSourceIds[0]!;
    expect(widgets.map((w) => w.name)).toEqual([...DASHBOARD.widgets]);
    expect(widgets.find((w) => w.name === "Critical & major, newest first")!.dataSourceId).toBe(newDs);
    expect((await cliIn(s, {}, ["schema", "check"])).code).toBe(0);
  }, 60_000);
});
