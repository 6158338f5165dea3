import { API_SAMPLES } from "@oberaconnect/common/samples";
import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { generateDataset, generateDatasetWithTruth } from "../src/dataset/generate";
import { HARD_CASE_CUSTOMERS, HARD_CASES } from "../src/dataset/hard-cases";
import { legalSuffixOf, normalizeCompanyName, stripLegalSuffix } from "../src/dataset/names";
import type { Dataset } from "../src/dataset/types";
import {
  NinjaActivitySchema, NinjaAlertSchema, NinjaDeviceSchema, NinjaLocationSchema, NinjaOrganizationSchema,
} from "@oberaconnect/common/wire/ninjaone";
import {
  UnifiHostDevicesSchema, UnifiHostSchema, UnifiIspMetricSchema, UnifiSiteSchema,
} from "@oberaconnect/common/wire/unifi";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deviceCounts, devicesBySite } from "../src/dataset/site-stats";
import { consistencyProblems } from "./dataset-helpers";

const small = (seed = 7, customers = 60) => generateDatasetWithTruth({ customers, seed });

describe("determinism", () => {
  test("same seed gives a deep-equal dataset; another seed a different one", () => {
    const a = generateDataset({ customers: 40, seed: 11 });
    expect(generateDataset({ customers: 40, seed: 11 })).toEqual(a);
    expect(generateDataset({ customers: 40, seed: 12 })).not.toEqual(a);
  });

  test("customer i is the same whatever the customer count (its devices and hosts, addresses included)", () => {
    const a = generateDataset({ customers: 20, seed: 3 });
    const b = generateDataset({ customers: 35, seed: 3 });
    expect(b.ninjaone.organizations.slice(0, 20)).toEqual(a.ninjaone.organizations);
    expect(b.unifi.sites.slice(0, a.unifi.sites.length)).toEqual(a.unifi.sites);
    expect(b.ninjaone.devices.slice(0, a.ninjaone.devices.length)).toEqual(a.ninjaone.devices);
    expect(b.unifi.hosts.slice(0, a.unifi.hosts.length)).toEqual(a.unifi.hosts);
  });

  test("now moves every timestamp but defaults to a fixed date", () => {
    const a = generateDataset({ customers: 5, seed: 1 });
    const b = generateDataset({ customers: 5, seed: 1, now: new Date("2025-06-24T04:00:00Z") });
    expect(b.ninjaone.devices[0]!.lastContact! - a.ninjaone.devices[0]!.lastContact!).toBeCloseTo(86_400, 3);
  });
});

/** Every record list of the dataset with the schema the connectors parse it with. */
const RECORD_LISTS: [string, (d: Dataset) => unknown[], z.ZodType][] = [
  ["unifi hosts", (d) => d.unifi.hosts, UnifiHostSchema],
  ["unifi sites", (d) => d.unifi.sites, UnifiSiteSchema],
  ["unifi device groups", (d) => d.unifi.devices, UnifiHostDevicesSchema],
  ["unifi isp metrics", (d) => d.unifi.ispMetrics, UnifiIspMetricSchema],
  ["ninjaone organizations", (d) => d.ninjaone.organizations, NinjaOrganizationSchema],
  ["ninjaone locations", (d) => d.ninjaone.locations, NinjaLocationSchema],
  ["ninjaone devices", (d) => d.ninjaone.devices, NinjaDeviceSchema],
  ["ninjaone alerts", (d) => d.ninjaone.alerts, NinjaAlertSchema],
  ["ninjaone activities", (d) => d.ninjaone.activities, NinjaActivitySchema],
];

describe("every generated record validates against the wire schemas", () => {
  const { dataset } = small(5, 150);
  test.each(RECORD_LISTS)("%s", (_name, list, schema) => {
    const records = list(dataset);
    expect(records.length).toBeGreaterThan(0);
    const bad = records.map((r) => schema.safeParse(r)).filter((r) => !r.success);
    expect(bad.map((r) => r.error?.issues)).toEqual([]);
  });
});

describe("site counts follow the real samples", () => {
  const samples = join(API_SAMPLES, "unifi");
  const read = (f: string) => JSON.parse(readFileSync(join(samples, f), "utf8")).data;
  const unifi: Dataset["unifi"] = {
    hosts: [...read("hosts-page1.json"), ...read("hosts-page2.json")],
    sites: read("sites.json"),
    devices: [...read("devices-page1.json"), ...read("devices-page2.json")],
    ispMetrics: [],
  };
  const bySite = devicesBySite(unifi);
  test.each(unifi.sites.filter((s) => s.statistics).map((s) => [`${s.meta.desc} (${s.meta.name})`, s] as const))(
    "sample site %s: counts derived from the sample devices equal the sample's counts",
    (_name, site) => {
      const derived = deviceCounts(bySite.get(site.siteId) ?? []);
      const actual = Object.fromEntries(Object.keys(derived).map((k) => [k, (site.statistics!.counts as Record<string, unknown>)[k]]));
      expect(derived).toEqual(actual as typeof derived);
    },
  );
});

describe("referential integrity and consistency", () => {
  const { dataset: d } = small(9, 150);

  test("devices point at existing organizations and locations of the same org", () => {
    const orgs = new Set(d.ninjaone.organizations.map((o) => o.id));
    const locs = new Map(d.ninjaone.locations.map((l) => [l.id, l.organizationId]));
    for (const dev of d.ninjaone.devices) {
      expect(orgs.has(dev.organizationId)).toBe(true);
      expect(locs.get(dev.locationId)).toBe(dev.organizationId);
    }
    for (const l of d.ninjaone.locations) expect(orgs.has(l.organizationId)).toBe(true);
  });

  test("alerts, activities, sites, groups and metrics point at existing records", () => {
    const devices = new Set(d.ninjaone.devices.map((x) => x.id));
    const uids = new Set(d.ninjaone.alerts.map((a) => a.uid));
    for (const a of d.ninjaone.alerts) expect(devices.has(a.deviceId)).toBe(true);
    for (const a of d.ninjaone.activities) expect(uids.has(a.seriesUid!)).toBe(true);
    const hosts = new Set(d.unifi.hosts.map((h) => h.id));
    const sites = new Set(d.unifi.sites.map((s) => s.siteId));
    for (const s of d.unifi.sites) expect(hosts.has(s.hostId)).toBe(true);
    expect(d.unifi.devices.map((g) => g.hostId).sort()).toEqual([...hosts].sort());
    for (const m of d.unifi.ispMetrics) expect(hosts.has(m.hostId) && sites.has(m.siteId)).toBe(true);
  });

  test("ids ascend, MACs are upper-case hex, timestamps have the right unit", () => {
    const ids = d.ninjaone.organizations.map((o) => o.id);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const devIds = d.ninjaone.devices.map((x) => x.id);
    expect(devIds).toEqual([...devIds].sort((a, b) => a - b));
    for (const g of d.unifi.devices) for (const x of g.devices) expect(x.id).toMatch(/^[0-9A-F]{12}$/);
    // Seconds, not milliseconds: 2025 is ~1.75e9 s.
    for (const x of d.ninjaone.devices) expect(x.lastContact!).toBeLessThan(2e9);
    for (const h of d.unifi.hosts.filter((h) => h.type === "console")) expect(h.id).toMatch(/^[0-9A-F]+:\d+$/);
  });

  test("site statistics, offline alerts and activities are consistent", () => {
    expect(consistencyProblems(d)).toEqual([]);
  });
});

describe("counts are about what was asked", () => {
  const { dataset: d } = small(21, 400);
  const n = d.ninjaone;
  test.each([
    ["organizations", n.organizations.length, 400, 400],
    ["devices (~20 per customer)", n.devices.length, 400 * 18, 400 * 22],
    ["offline devices (~5%)", n.devices.filter((x) => x.offline).length, n.devices.length * 0.035, n.devices.length * 0.065],
    ["devices in maintenance (a few)", n.devices.filter((x) => x.maintenance).length, 1, n.devices.length * 0.03],
    ["open alerts (~0.5 per customer)", n.alerts.length, 400 * 0.3, 400 * 0.75],
    // 85% have UniFi: 72% of them their own console, 8% their own server, 20% the MSP's shared controllers.
    ["hosts (own consoles and servers, a few shared controllers and lab consoles)", d.unifi.hosts.length, 400 * 0.62, 400 * 0.78],
    ["sites (about one per customer with UniFi, plus the MSP's own)", d.unifi.sites.length, 400 * 0.8, 400 * 1.05],
    ["locations (1–3 per org)", n.locations.length, 400 * 1.5, 400 * 2.5],
    ["sites with ISP metrics", d.unifi.ispMetrics.length, 10, d.unifi.sites.length * 0.4],
  ])("%s: %p", (_name, actual, min, max) => {
    expect(actual).toBeGreaterThanOrEqual(min);
    expect(actual).toBeLessThanOrEqual(max);
  });

  test("activities speak like the real API, and about 15% of TRIGGERED ones carry neither severity nor priority", () => {
    const triggered = n.activities.filter((a) => a.statusCode === "TRIGGERED");
    expect(triggered.every((a) => a.status === "Triggered")).toBe(true);
    const silent = triggered.filter((a) => a.severity === undefined && a.priority === undefined);
    // 15% drawn per activity; with ~180 of them, ±7.5 points is about three standard deviations.
    expect(silent.length / triggered.length).toBeGreaterThanOrEqual(0.075);
    expect(silent.length / triggered.length).toBeLessThanOrEqual(0.225);
    // The others carry both, never one without the other.
    expect(triggered.filter((a) => (a.severity === undefined) !== (a.priority === undefined))).toEqual([]);
  });

  test("node classes are mixed, workstations the majority", () => {
    const byClass = new Map<string, number>();
    for (const x of n.devices) byClass.set(x.nodeClass, (byClass.get(x.nodeClass) ?? 0) + 1);
    expect(byClass.get("WINDOWS_WORKSTATION")! / n.devices.length).toBeGreaterThan(0.5);
    for (const c of ["WINDOWS_SERVER", "MAC", "LINUX_SERVER", "VMWARE_VM_HOST", "NMS_SWITCH"]) expect(byClass.get(c)).toBeGreaterThan(0);
  });

  test("org names are distinct after normalisation, but for legal-form twins (the planted pairs among them)", () => {
    const groups = new Map<string, string[]>();
    for (const o of n.organizations) groups.set(normalizeCompanyName(o.name), [...(groups.get(normalizeCompanyName(o.name)) ?? []), o.name]);
    const twins = [...groups.values()].filter((g) => g.length > 1);
    // Each collision is a pair with the same words and two different legal forms (or one and none).
    for (const pair of twins) {
      expect([pair, pair.length]).toEqual([pair, 2]);
      expect([pair, stripLegalSuffix(pair[0]!)]).toEqual([pair, stripLegalSuffix(pair[1]!)]);
      expect([pair, legalSuffixOf(pair[0]!) === legalSuffixOf(pair[1]!)]).toEqual([pair, false]);
    }
    const planted = [["Summit Partners LLC", "Summit Partners, Inc."], ["Tessaro Imports AG", "Tessaro Imports Inc."], ["Brightline Freight", "Brightline Freight L.L.C."]];
    for (const pair of planted) expect(twins).toContainEqual(pair);
    // A few random pairs besides (TWIN_SHARE), never a crowd.
    expect(twins.length - planted.length).toBeLessThanOrEqual(10);
  });
});

describe("a fleet as MSPs have it (source-apis.md, \"Site names on real fleets\")", () => {
  const { dataset: d, truth } = small(13, 400);
  const sitesOf = new Map<string, typeof d.unifi.sites>();
  for (const s of d.unifi.sites) sitesOf.set(s.hostId, [...(sitesOf.get(s.hostId) ?? []), s]);
  const orgs = new Map(d.ninjaone.organizations.map((o) => [o.id, o]));
  const isDefault = (s: (typeof d.unifi.sites)[number]) => s.meta.name === "default" && s.meta.desc === "Default";

  test("most consoles carry one site, UniFi's Default, and the console's name is what names the customer", () => {
    const consoles = d.unifi.hosts.filter((h) => h.type === "console");
    const oneDefault = consoles.filter((h) => sitesOf.get(h.id)?.length === 1 && isDefault(sitesOf.get(h.id)![0]!));
    expect(oneDefault.length / consoles.length).toBeGreaterThan(0.7);
    const named = oneDefault.filter((h) => {
      const owner = truth.siteOrganization[sitesOf.get(h.id)![0]!.siteId];
      return owner != null && normalizeCompanyName(h.reportedState!.name!).includes(normalizeCompanyName(orgs.get(owner)!.name).split(" ")[0]!);
    });
    expect(named.length / oneDefault.length).toBeGreaterThan(0.6);
  });

  test("some consoles were never named: they say their model", () => {
    const models = new Set(["UDM Pro", "UDM SE", "UCG Ultra", "UCG Max", "UDR", "UDMPRO", "UDMPROSE", "UCGULTRA", "UCGMAX", "UniFi Dream Machine Pro", "UniFi Dream Machine SE", "UniFi Cloud Gateway Ultra", "UniFi Cloud Gateway Max", "UniFi Dream Router"]);
    const unnamed = d.unifi.hosts.filter((h) => h.type === "console" && models.has(h.reportedState?.name ?? ""));
    expect(unnamed.length).toBeGreaterThan(2);
    expect(unnamed.length / d.unifi.hosts.length).toBeLessThan(0.1);
  });

  test("shared self-hosted controllers carry many customers' sites and a Default site of nobody's", () => {
    const shared = d.unifi.hosts.filter((h) => h.type === "network-server" && (sitesOf.get(h.id)?.length ?? 0) >= 15);
    expect(shared.length).toBeGreaterThanOrEqual(1);
    for (const h of shared) {
      const sites = sitesOf.get(h.id)!;
      const owners = new Set(sites.map((s) => truth.siteOrganization[s.siteId]).filter((o) => o != null));
      expect(owners.size).toBeGreaterThan(10);
      const def = sites.filter(isDefault);
      expect(def.map((s) => truth.siteOrganization[s.siteId])).toEqual([null]);
    }
  });

  test("sites are not all named after their customer: variants, and a few sites that belong to nobody", () => {
    const owned = d.unifi.sites.filter((s) => truth.siteOrganization[s.siteId] != null && !isDefault(s) && s.meta.desc);
    const exact = owned.filter((s) => normalizeCompanyName(s.meta.desc!) === normalizeCompanyName(orgs.get(truth.siteOrganization[s.siteId]!)!.name));
    expect(exact.length / owned.length).toBeGreaterThan(0.2);
    expect(exact.length / owned.length).toBeLessThan(0.75);
    const nobody = Object.values(truth.siteOrganization).filter((o) => o === null).length;
    expect(nobody).toBeGreaterThan(2);
    expect(nobody / d.unifi.sites.length).toBeLessThan(0.05);
    expect(Object.keys(truth.siteOrganization).sort()).toEqual(d.unifi.sites.map((s) => s.siteId).sort());
  });

  test("decoys share a distinctive word with another customer, and some customers go by a trade name", () => {
    const first = new Map<string, number>();
    for (const o of d.ninjaone.organizations) {
      const w = normalizeCompanyName(o.name).split(" ")[0]!;
      first.set(w, (first.get(w) ?? 0) + 1);
    }
    expect([...first.values()].filter((n) => n > 1).length).toBeGreaterThan(10);
    expect(d.ninjaone.organizations.filter((o) => /\b(dba|d\/b\/a|formerly|aka)\b/i.test(o.description ?? "")).length).toBeGreaterThan(3);
  });

  test("2,000 customers still generate in a few seconds", () => {
    const t0 = performance.now();
    generateDataset({ customers: 2000, seed: 1 });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe("WAN addresses as real networks have them (wan.ts)", () => {
  const { dataset: d, truth } = small(17, 500);
  const n = d.ninjaone;
  const byIp = new Map<string, Map<number, number>>();
  for (const x of n.devices) {
    if (!x.publicIP) continue;
    const orgs = byIp.get(x.publicIP) ?? new Map<number, number>();
    orgs.set(x.organizationId, (orgs.get(x.organizationId) ?? 0) + 1);
    byIp.set(x.publicIP, orgs);
  }
  const hostsByIp = new Map<string, number>();
  for (const h of d.unifi.hosts) hostsByIp.set(h.ipAddress!, (hostsByIp.get(h.ipAddress!) ?? 0) + 1);
  const ownerOf = new Map<string, number | null>();
  for (const s of d.unifi.sites) ownerOf.set(s.hostId, truth.siteOrganization[s.siteId] ?? null);
  const consoles = d.unifi.hosts.filter((h) => h.type === "console" && ownerOf.get(h.id) != null);
  const devicesOf = new Map<number, number>();
  for (const x of n.devices) devicesOf.set(x.organizationId, (devicesOf.get(x.organizationId) ?? 0) + 1);

  test("most customer consoles sit behind the line most of their customer's agents report", () => {
    const withAgents = consoles.filter((h) => (devicesOf.get(ownerOf.get(h.id)!) ?? 0) > 0);
    const agree = withAgents.filter((h) => {
      const owner = ownerOf.get(h.id)!;
      const mine = [...byIp.get(h.ipAddress!)?.entries() ?? []].find(([o]) => o === owner)?.[1] ?? 0;
      return mine / devicesOf.get(owner)! > 0.4;
    });
    expect(agree.length / withAgents.length).toBeGreaterThan(0.85);
    // ...but not all: changed WAN addresses (DHCP), all-remote customers.
    expect(agree.length).toBeLessThan(withAgents.length);
  });

  test("some customers have no NinjaOne agents at all; agentless NMS devices report no address", () => {
    expect(n.organizations.filter((o) => !devicesOf.has(o.id)).length).toBeGreaterThan(3);
    const nms = n.devices.filter((x) => x.nodeClass.startsWith("NMS_"));
    expect(nms.length).toBeGreaterThan(0);
    expect(nms.every((x) => x.publicIP === undefined)).toBe(true);
    expect(n.devices.filter((x) => !x.nodeClass.startsWith("NMS_")).every((x) => typeof x.publicIP === "string")).toBe(true);
  });

  test("laptops roam: homes, hotspots several customers share, carrier-grade NAT", () => {
    const cgnat = n.devices.filter((x) => /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(x.publicIP ?? ""));
    expect(cgnat.length).toBeGreaterThan(10);
    expect(cgnat.every((x) => ["WINDOWS_WORKSTATION", "MAC"].includes(x.nodeClass))).toBe(true);
    // A hotspot: many customers, one device or two each, and no UniFi host behind it.
    const hotspots = [...byIp].filter(([ip, orgs]) => orgs.size >= 5 && !hostsByIp.has(ip));
    expect(hotspots.length).toBeGreaterThan(3);
    const alone = [...byIp.values()].filter((orgs) => orgs.size === 1 && [...orgs.values()][0] === 1).length;
    expect(alone).toBeGreaterThan(200); // home lines
  });

  test("some offices share one line (a multi-tenant building), some customers have two", () => {
    const shared = [...byIp].filter(([ip, orgs]) => hostsByIp.has(ip) && [...orgs.values()].filter((c) => c >= 2).length >= 2);
    expect(shared.length).toBeGreaterThan(2);
    expect([...hostsByIp.values()].some((c) => c >= 2)).toBe(true);
    const orgsWithTwoOffices = n.organizations.filter((o) => {
      const ips = new Map<string, number>();
      for (const x of n.devices) if (x.organizationId === o.id && x.nodeClass === "WINDOWS_SERVER") ips.set(x.publicIP!, 1);
      return ips.size >= 2;
    });
    expect(orgsWithTwoOffices.length).toBeGreaterThan(3);
  });

  test("the MSP's shared controllers sit in its datacenter: no device reports their address", () => {
    const shared = d.unifi.hosts.filter((h) => h.type === "network-server" && d.unifi.sites.filter((s) => s.hostId === h.id).length >= 15);
    expect(shared.length).toBeGreaterThan(0);
    for (const h of shared) expect(byIp.has(h.ipAddress!)).toBe(false);
  });
});

describe("hard cases", () => {
  const { dataset: d, truth } = generateDatasetWithTruth({ customers: HARD_CASE_CUSTOMERS, seed: 99 });
  const org = (id: number) => d.ninjaone.organizations.find((o) => o.id === id)!;
  const site = (id: string) => d.unifi.sites.find((s) => s.siteId === id)!;
  const recs = (key: string) => truth.hardCases[key]!;
  const norm = normalizeCompanyName;

  test("every hard case is planted with the minimum customer count", () => {
    expect(Object.keys(truth.hardCases).sort()).toEqual(HARD_CASES.map((h) => h.key).sort());
  });

  test("fewer customers plant only the cases that fit", () => {
    const few = generateDatasetWithTruth({ customers: 5, seed: 99 }).truth;
    expect(Object.keys(few.hardCases).sort()).toEqual(["accents", "name-case-punctuation-suffix", "org-without-site", "site-without-org", "two-sites-one-org"]);
  });

  test.each([["name-case-punctuation-suffix"], ["accents"]])("%s: site differs in text but normalises to its org", (key) => {
    const o = org(recs(key).organizationIds[0]!);
    const s = site(recs(key).siteIds[0]!);
    expect(s.meta.desc).not.toBe(o.name);
    expect(norm(s.meta.desc!)).toBe(norm(o.name));
  });

  test("org without site / site without org", () => {
    const orgId = recs("org-without-site").organizationIds[0]!;
    expect(Object.values(truth.siteOrganization)).not.toContain(orgId);
    const orphan = site(recs("site-without-org").siteIds[0]!);
    expect(truth.siteOrganization[orphan.siteId]).toBeNull();
    expect(d.ninjaone.organizations.map((o) => norm(o.name))).not.toContain(norm(orphan.meta.desc!));
  });

  test("two sites on one host for one org", () => {
    const r = recs("two-sites-one-org");
    expect(r.siteIds).toHaveLength(2);
    expect(new Set(r.siteIds.map((s) => site(s).hostId)).size).toBe(1);
    expect(r.siteIds.map((s) => truth.siteOrganization[s])).toEqual([r.organizationIds[0]!, r.organizationIds[0]!]);
  });

  test("disconnected host: every device offline and the site's offline counts match", () => {
    const r = recs("disconnected-host");
    const host = d.unifi.hosts.find((h) => h.id === r.hostIds[0])!;
    expect(host.reportedState?.state).toBe("disconnected");
    const group = d.unifi.devices.find((g) => g.hostId === host.id)!;
    expect(group.devices.every((x) => x.status === "offline")).toBe(true);
    const counts = site(r.siteIds[0]!).statistics!.counts!;
    expect(counts.offlineDevice).toBe(counts.totalDevice!);
    expect(counts.totalDevice).toBeGreaterThan(0);
  });

  test("statistics null", () => {
    expect(site(recs("statistics-null").siteIds[0]!).statistics).toBeNull();
  });

  test("unicode, RTL and emoji names", () => {
    const r = recs("unicode-rtl-emoji");
    expect(org(r.organizationIds[0]!).name).toMatch(/\p{Script=Hebrew}/u);
    const names = [...d.ninjaone.devices.map((x) => x.displayName), ...d.unifi.devices.flatMap((g) => g.devices.map((x) => x.name))];
    expect(names.filter((x) => /\p{Extended_Pictographic}/u.test(x ?? "")).length).toBeGreaterThanOrEqual(2);
  });

  test("quotes and newlines inside names", () => {
    const o = org(recs("quotes-newline").organizationIds[0]!);
    expect(o.name).toContain('"');
    expect(o.name).toContain("'");
    expect(d.ninjaone.devices.some((x) => x.organizationId === o.id && x.displayName?.includes("\n"))).toBe(true);
    expect(d.ninjaone.locations.some((l) => l.organizationId === o.id && l.name.includes("\n"))).toBe(true);
  });

  test("a 5,000-character description", () => {
    expect(org(recs("long-description").organizationIds[0]!).description).toHaveLength(5000);
  });

  test("duplicate device names across two orgs", () => {
    const holders = d.ninjaone.devices.filter((x) => x.displayName === "FRONT-DESK-PC").map((x) => x.organizationId);
    expect(new Set(holders).size).toBe(2);
  });

  test("WAN addresses of the hard cases: Lindqvist's agents behind its console, the Summits' shared office, Ellsworth without agents", () => {
    const host = (key: string) => d.unifi.hosts.find((h) => h.id === recs(key).hostIds[0])!;
    const reporting = (ip: string) => [...new Set(d.ninjaone.devices.filter((x) => x.publicIP === ip).map((x) => x.organizationId))].sort((a, b) => a - b);
    expect(reporting(host("console-model-name").ipAddress!)).toEqual(recs("console-model-name").organizationIds);
    expect(d.ninjaone.devices.filter((x) => x.publicIP === host("console-model-name").ipAddress).length).toBeGreaterThanOrEqual(3);
    expect(reporting(host("normalized-name-collision").ipAddress!)).toEqual(recs("normalized-name-collision").organizationIds);
    expect(d.ninjaone.devices.filter((x) => x.organizationId === recs("console-no-evidence").organizationIds[0])).toEqual([]);
    expect(reporting(host("msp-lab-console").ipAddress!)).toEqual([]);
  });

  test("consoles: never named (no evidence), named by hostname only, the usual Default site named by its console", () => {
    const host = (key: string) => d.unifi.hosts.find((h) => h.id === recs(key).hostIds[0])!;
    expect(host("console-model-name").reportedState).toMatchObject({ name: "UDM Pro", hostname: "UDM-Pro" });
    expect(host("console-hostname-only").reportedState).toMatchObject({ name: "UCG Ultra", hostname: "marlowe-vet-ucg" });
    expect(host("console-default-site").reportedState?.name).toBe("Brightwater Dental - Main Office");
    for (const key of ["console-model-name", "console-hostname-only", "console-default-site", "msp-lab-console", "console-no-evidence"]) {
      expect([key, site(recs(key).siteIds[0]!).meta]).toMatchObject([key, { name: "default", desc: "Default" }]);
    }
    expect(truth.siteOrganization[recs("msp-lab-console").siteIds[0]!]).toBeNull();
  });

  test("the shared controller: three variants of one customer among others, and its Default site of nobody's", () => {
    const r = recs("shared-controller-variants");
    expect(r.siteIds.map((s) => site(s).meta.desc)).toEqual(["Quillfeather Ins Svcs", "quillfeather-insurance", "QUILLFEATHER INSURANCE - Warehouse"]);
    const host = d.unifi.hosts.find((h) => h.id === r.hostIds[0])!;
    expect(host.type).toBe("network-server");
    const def = recs("shared-controller-default");
    expect(def.hostIds).toEqual(r.hostIds);
    expect(truth.siteOrganization[def.siteIds[0]!]).toBeNull();
  });

  test("two orgs collide after normalisation and one site names them both", () => {
    const [a, b] = recs("normalized-name-collision").organizationIds.map(org);
    expect(a!.name).not.toBe(b!.name);
    expect(norm(a!.name)).toBe(norm(b!.name));
    expect(norm(site(recs("normalized-name-collision").siteIds[0]!).meta.desc!)).toBe(norm(a!.name));
  });
});
