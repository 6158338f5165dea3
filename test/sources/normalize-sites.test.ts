import { describe, expect, test } from "bun:test";
import { normalizeCustomers, dedupeByKey } from "../../src/sources/normalize-customers";
import { mappingConflicts, normalizeSites, siteName, siteStats, staleMappings } from "../../src/sources/normalize-sites";
import type { UnifiHost, UnifiSite, UnifiSiteStatistics } from "@oberaconnect/common/wire/unifi";
import { sampleDataset } from "../../packages/emulators/test/source-samples";

describe("customers", () => {
  test("one per organization, blank description → null, tags default to []", () => {
    const out = normalizeCustomers([
      { id: 2, name: "Acme", description: "Dental", tags: ["gold"] },
      { id: 9, name: "Blank", description: "   " },
      { id: 11, name: "None" },
    ]);
    expect(out).toEqual([
      { key: "ninjaone:org:2", orgId: 2, name: "Acme", description: "Dental", tags: ["gold"] },
      { key: "ninjaone:org:9", orgId: 9, name: "Blank", description: null, tags: [] },
      { key: "ninjaone:org:11", orgId: 11, name: "None", description: null, tags: [] },
    ]);
  });

  test("dedupeByKey keeps the first record of a key and names the rest", () => {
    const r = dedupeByKey([{ key: "a", v: 1 }, { key: "b", v: 2 }, { key: "a", v: 3 }]);
    expect(r.unique).toEqual([{ key: "a", v: 1 }, { key: "b", v: 2 }]);
    expect(r.duplicates).toEqual(["a"]);
  });
});

describe("siteName", () => {
  test.each([
    ["desc wins", { desc: "Northwind Clinic", name: "k3n8q2x1" }, "Northwind Clinic"],
    ["desc null", { desc: null, name: "super" }, "super"],
    ["desc missing", { name: "default" }, "default"],
    ["desc blank", { desc: "  ", name: "default" }, "default"],
  ])("%s", (_label, meta, expected) => {
    expect(siteName({ meta } as Pick<UnifiSite, "meta">)).toBe(expected);
  });
});

describe("siteStats", () => {
  const full: UnifiSiteStatistics = {
    counts: { totalDevice: 10, offlineDevice: 2, wifiClient: 7, wiredClient: 5, guestClient: 3, criticalNotification: 1, pendingUpdateDevice: 4 },
    percentages: { wanUptime: 99.5 },
    ispInfo: { name: "Comcast", organization: "Comcast Cable" },
    gateway: { shortname: "UDMPROSE" },
    internetIssues: [{ index: 1 }, { index: 2 }],
  };
  test.each([
    ["null statistics stay null", null, null],
    ["missing statistics → null", undefined, null],
    [
      "every field read; guests not added to clients",
      full,
      { totalDevices: 10, offlineDevices: 2, clients: 12, criticalNotifications: 1, pendingUpdates: 4, wanUptimePct: 99.5, isp: "Comcast", gateway: "UDMPROSE", internetIssues: 2 },
    ],
    [
      "missing counts → 0; missing uptime/isp/gateway → null",
      { counts: { totalDevice: 3 } },
      { totalDevices: 3, offlineDevices: 0, clients: 0, criticalNotifications: 0, pendingUpdates: 0, wanUptimePct: null, isp: null, gateway: null, internetIssues: 0 },
    ],
    [
      "no counts block at all → zeros",
      { ispInfo: { organization: "Org Only ISP" } },
      { totalDevices: 0, offlineDevices: 0, clients: 0, criticalNotifications: 0, pendingUpdates: 0, wanUptimePct: null, isp: "Org Only ISP", gateway: null, internetIssues: 0 },
    ],
  ])("%s", (_label, input, expected) => {
    expect(siteStats(input as UnifiSiteStatistics | null | undefined)).toEqual(expected);
  });
});

describe("normalizeSites on the real-shaped samples", () => {
  const data = sampleDataset();
  const orgs = [
    { id: 2, name: "Northwind Clinic Ltd" },
    { id: 3, name: "Acme Dental" },
    { id: 4, name: "Riverside Law LLP" },
    // Organizations named like UniFi's default site: a "Default" site names no one, so never them.
    { id: 5, name: "Default" },
    { id: 6, name: "DEFAULT, Inc." },
  ];

  test("name, host state, statistics, timezone and match of each sample site", () => {
    const { sites, matchReport } = normalizeSites({ sites: data.unifi.sites, hosts: data.unifi.hosts, orgs, mapping: { super: 2 } });
    const byId = new Map(sites.map((s) => [s.siteId, s]));
    const northwind = byId.get("65f2a0d4c71e8a3b9d4c0a77");
    expect(northwind).toMatchObject({ key: "unifi:site:65f2a0d4c71e8a3b9d4c0a77", name: "Northwind Clinic", match: "name", customerKey: "ninjaone:org:2", timezone: "Europe/London" });
    expect(northwind?.stats).not.toBeNull();
    // meta.desc null → meta.name; statistics null → null; matched through the mapping by name.
    expect(byId.get("65f2a0d4c71e8a3b9d4c0a78")).toMatchObject({ name: "super", stats: null, match: "mapping", customerKey: "ninjaone:org:2" });
    // The two consoles' "Default" sites are named by their consoles ("Acme Dental HQ", "Riverside Law - Branch").
    expect(byId.get("661900ae6aec8f548d49fd54")).toMatchObject({ name: "Default", match: "console", customerKey: "ninjaone:org:3", hostName: "Acme Dental HQ" });
    expect(byId.get("6684f1c2a9e3b14d2f0b7e11")).toMatchObject({ name: "Default", match: "console", customerKey: "ninjaone:org:4" });
    expect(matchReport.counts).toEqual({ sites: 4, linked: 4, mapping: 1, name: 1, console: 2, "wan-ip": 0, excluded: 0, unmatched: 0, ambiguous: 0 });
    const acme = matchReport.sites.find((s) => s.siteId === "661900ae6aec8f548d49fd54")!;
    expect(acme).toMatchObject({ hostType: "console", link: { orgId: 3, orgName: "Acme Dental" }, evidence: { kind: "console-name", text: "Acme Dental HQ" } });
    expect(acme.score).toBeGreaterThan(0.85);
  });

  test("NinjaOne locations are evidence, and an exclusion unlinks", () => {
    const sites = data.unifi.sites.filter((s) => s.siteId === "65f2a0d4c71e8a3b9d4c0a77");
    const locations = [{ organizationId: 4, name: "Northwind Clinic" }];
    // A location whose words another customer's name has identifies no one: org 2 keeps the site.
    expect(normalizeSites({ sites, hosts: data.unifi.hosts, orgs, locations, mapping: {} }).sites[0]).toMatchObject({ match: "name", customerKey: "ninjaone:org:2" });
    // Without org 2, the location is org 4's alone, and names it.
    const alone = normalizeSites({ sites, hosts: data.unifi.hosts, orgs: orgs.filter((o) => o.id !== 2), locations, mapping: {} });
    expect(alone.sites[0]).toMatchObject({ match: "name", customerKey: "ninjaone:org:4" });
    expect(alone.matchReport.sites[0]!.evidence).toEqual({ kind: "site-name", text: "Northwind Clinic", matched: { kind: "location", text: "Northwind Clinic" } });
    const excluded = normalizeSites({ sites, hosts: data.unifi.hosts, orgs, mapping: {}, exclude: ["65f2a0d4c71e8a3b9d4c0a77"] });
    expect(excluded.sites[0]).toMatchObject({ match: "excluded", customerKey: null });
    expect(excluded.matchReport.sites[0]!.evidence).toEqual({ kind: "excluded", text: "65f2a0d4c71e8a3b9d4c0a77" });
  });

  test("host connected only when its console says connected", () => {
    const hosts = data.unifi.hosts;
    const { sites } = normalizeSites({ sites: data.unifi.sites, hosts, orgs: [], mapping: {} });
    for (const s of sites) {
      const host = hosts.find((h) => h.id === s.hostId) as UnifiHost;
      expect(s.hostConnected).toBe(host.reportedState?.state === "connected");
    }
    const orphan = normalizeSites({ sites: data.unifi.sites.slice(0, 1), hosts: [], orgs: [], mapping: {} });
    expect(orphan.sites[0]).toMatchObject({ hostConnected: false, hostName: null, match: "unmatched" });
  });

  test("staleMappings names every mapping to a missing organization; mappingConflicts every key in both lists", () => {
    expect(staleMappings({ a: 1, "Site B": 7 }, new Set([1]))).toEqual([
      'sync.site_mapping: "Site B" points to NinjaOne organization 7, which does not exist; the site is left unmatched',
    ]);
    expect(mappingConflicts({ a: 1, b: 2 }, ["b", "c"])).toEqual([
      'sync.site_mapping and sync.site_mapping_exclude both name "b"; it is excluded (never linked)',
    ]);
  });
});

describe("several sites on one host", () => {
  const mk = (siteId: string, hostId: string, desc: string) => ({ siteId, hostId, meta: { name: "x", desc } }) as UnifiSite;
  const orgs = [{ id: 5, name: "Pinecrest Medical Group" }, { id: 6, name: "Summit Partners" }, { id: 7, name: "Oak Dental" }];
  const run = (sites: UnifiSite[], mapping: Record<string, number> = {}) =>
    normalizeSites({ sites, hosts: [], orgs, mapping }).sites.map((s) => [s.name, s.match, s.customerKey]);

  test.each([
    [
      "an annex names its customer by itself, on its host or another",
      [mk("a", "h1", "Pinecrest Medical Group"), mk("b", "h2", "Pinecrest Medical Group - Annex")],
      {},
      [["Pinecrest Medical Group", "name", "ninjaone:org:5"], ["Pinecrest Medical Group - Annex", "name", "ninjaone:org:5"]],
    ],
    [
      "a host carrying two customers: each site by its own name",
      [mk("a", "h1", "Pinecrest Medical Group"), mk("c", "h1", "Oak Dental"), mk("b", "h1", "Pinecrest Medical Group - Annex")],
      {},
      [["Pinecrest Medical Group", "name", "ninjaone:org:5"], ["Oak Dental", "name", "ninjaone:org:7"], ["Pinecrest Medical Group - Annex", "name", "ninjaone:org:5"]],
    ],
    [
      "a sibling's customer is not inherited by a site whose name says another business",
      [mk("a", "h1", "Summit Partners"), mk("b", "h1", "Summit Warehouse Outlet")],
      {},
      [["Summit Partners", "name", "ninjaone:org:6"], ["Summit Warehouse Outlet", "unmatched", null]],
    ],
    [
      "a site with a (stale) mapping entry is not second-guessed by its name",
      [mk("a", "h1", "Pinecrest Medical Group"), mk("b", "h1", "Pinecrest Medical Group - Annex")],
      { b: 999 },
      [["Pinecrest Medical Group", "name", "ninjaone:org:5"], ["Pinecrest Medical Group - Annex", "unmatched", null]],
    ],
  ])("%s", (_label, sites, mapping, expected) => {
    expect(run(sites, mapping)).toEqual(expected);
  });
});
