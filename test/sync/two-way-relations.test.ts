/**
 * Two-way relations: a customer's page lists its sites, devices and alerts (Notion keeps the
 * reverse side, at no write of ours), and a workspace set up with one-way relations is made
 * two-way by `setup-databases --migrate` with every link kept. Real setup, sync and emulator
 * over HTTP.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { livePages } from "../helpers/sync-harness";
import { cliIn, startStack, type Stack } from "../helpers/stack";
import { setupAndRegister } from "../../src/sync/databases";
import { TEMPLATES } from "../../src/notion/templates";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/** Page id → Sync Key, and each page's relation lists by property name (page ids). */
function workspace(stack: Stack) {
  const dump = stack.emulators.notion.store.dump();
  const keyOf = new Map(livePages(stack.emulators.notion).map((p) => [p.pageId, p.key]));
  const relations = (key: string, prop: string): string[] => {
    const page = dump.pages.find((p) => keyOf.get(p.id) === key)!;
    const v = page.properties[prop] as { relation?: { id: string }[] } | undefined;
    return (v?.relation ?? []).map((r) => keyOf.get(r.id)!).sort();
  };
  return { relations, pages: livePages(stack.emulators.notion) };
}

/** What every synced page links to, by Sync Key: the forward side we write. */
function forward(stack: Stack) {
  const { pages } = workspace(stack);
  const byPage = new Map(pages.map((p) => [p.pageId, p.key]));
  const links: { from: string; prop: string; to: string }[] = [];
  const dump = stack.emulators.notion.store.dump();
  for (const page of dump.pages) {
    const from = byPage.get(page.id);
    if (!from) continue;
    for (const prop of ["Customer", "Site", "Device"]) {
      const v = page.properties[prop] as { type: string; relation?: { id: string }[] } | undefined;
      if (v?.type !== "relation") continue;
      for (const r of v.relation ?? []) links.push({ from, prop, to: byPage.get(r.id)! });
    }
  }
  return links;
}

describe("two-way relations", () => {
  test("after a sync, a customer's page lists its sites, devices and alerts; a second sync writes nothing", async () => {
    s = await startStack({ customers: 6, seed: 21 });
    expect((await s.sync()).exitCode).toBe(0);
    const { relations, pages } = workspace(s);
    const links = forward(s);
    expect(links.length).toBeGreaterThan(30);
    const customers = pages.filter((p) => p.database === "Customer Status");
    const reverse = { sites: "Linked Sites", devices: "Linked Devices", alerts: "Linked Alerts" } as const;
    let listed = 0;
    for (const c of customers) {
      const want = (db: string) => links.filter((l) => l.prop === "Customer" && l.to === c.key && pages.find((p) => p.key === l.from)!.database === db).map((l) => l.from).sort();
      expect(relations(c.key, reverse.sites)).toEqual(want("Sites"));
      expect(relations(c.key, reverse.devices)).toEqual(want("Devices"));
      expect(relations(c.key, reverse.alerts)).toEqual(want("Alerts"));
      listed += want("Sites").length + want("Devices").length + want("Alerts").length;
    }
    expect(listed).toBeGreaterThan(20);
    // A site lists its devices, a device its alerts.
    for (const l of links.filter((x) => x.prop === "Site")) expect(relations(l.to, "Linked Devices")).toContain(l.from);
    for (const l of links.filter((x) => x.prop === "Device")) expect(relations(l.to, "Linked Alerts")).toContain(l.from);

    s.emulators.notion.stats.reset();
    const again = await s.sync();
    expect(again.totals.unchanged).toBe(pages.length);
    expect(s.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id") + s.emulators.notion.stats.count("POST", "/v1/pages")).toBe(0);
  }, 60_000);

  test("one-way relations from an earlier setup: schema check names them, --migrate makes them two-way and keeps every link", async () => {
    s = await startStack({ customers: 5, seed: 22, setup: false });
    // An earlier version's setup: the same databases, every relation one-way.
    const saved = Object.values(TEMPLATES).flatMap((t) => Object.values(t.properties)).filter((p) => p.dual);
    const duals = saved.map((p) => [p, p.dual] as const);
    for (const p of saved) delete p.dual;
    try {
      await setupAndRegister({ notion: s.notion, known: {}, parentPageId: s.emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
    } finally {
      for (const [p, d] of duals) p.dual = d;
    }
    expect((await s.sync()).exitCode).toBe(0);
    const before = forward(s);
    expect(before.length).toBeGreaterThan(20);
    expect(workspace(s).relations(workspace(s).pages.find((p) => p.database === "Customer Status")!.key, "Linked Sites")).toEqual([]);

    const check = await cliIn(s, {}, ["schema", "check", "--json"]);
    expect(check.code).toBe(1);
    const kinds = (JSON.parse(check.stdout).problems as { database: string; property: string; kind: string }[]).map((p) => `${p.database}.${p.property}:${p.kind}`).sort();
    expect(kinds).toEqual(["alerts.Customer:one_way_relation", "alerts.Device:one_way_relation", "devices.Customer:one_way_relation", "devices.Site:one_way_relation", "sites.Customer:one_way_relation"]);

    const migrate = await cliIn(s, {}, ["setup-databases", "--migrate"]);
    expect([migrate.code, migrate.stderr]).toEqual([0, ""]);
    expect(migrate.stdout).toContain("Changed properties: sites.Customer, devices.Customer, devices.Site, alerts.Customer, alerts.Device");
    expect(forward(s)).toEqual(before);
    const { relations, pages } = workspace(s);
    for (const l of before.filter((x) => x.prop === "Customer")) {
      const db = pages.find((p) => p.key === l.from)!.database;
      expect(relations(l.to, `Linked ${db === "Sites" ? "Sites" : db === "Devices" ? "Devices" : "Alerts"}`)).toContain(l.from);
    }
    expect((await cliIn(s, {}, ["schema", "check", "--json"])).code).toBe(0);
  }, 60_000);
});
