import { describe, expect, test } from "bun:test";
import { generateDatasetWithTruth } from "../../src/emulators/dataset/generate";
import { HARD_CASE_CUSTOMERS, HARD_CASES } from "../../src/emulators/dataset/hard-cases";
import { createSiteMatcher, normalizeName } from "../../src/sources/matching";
import { keys } from "../../src/sources/model";
import { sourceHarness } from "./source-harness";

describe("normalizeName", () => {
  test.each([
    ["case", "ACME", "acme"],
    ["punctuation", "Acme, Corp.", "acme"],
    ["legal suffix chain", "ACME Corporation, Inc.", "acme"],
    ["short legal suffix", "Acme Corp", "acme"],
    ["accents", "Café Zürich GmbH", "cafe zurich"],
    ["ampersand", "Smith & Sons", "smith and sons"],
    ["'and' spelled out", "Smith and Sons", "smith and sons"],
    ["apostrophes", "O'Brien’s Plumbing", "obriens plumbing"],
    ["both quote kinds", `O'Brien & "Sons" Plumbing, LLC`, "obrien and sons plumbing"],
    ["whitespace and newlines", "  Main\n Street\tClinic ", "main street clinic"],
    ["a suffix alone stays", "Inc", "inc"],
    ["suffix in the middle stays", "Co Op Market", "co op market"],
    ["emoji kept", "Café ☕ Central", "cafe ☕ central"],
    ["Hebrew kept (RTL, no case)", "מרפאת השרון", "מרפאת השרון"],
    ["CJK kept", "東京 Clinic", "東京 clinic"],
    ["fullwidth folded by NFKD", "ＡＣＭＥ", "acme"],
    ["only punctuation", "---", ""],
  ])("%s: %p → %p", (_label, input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

const ORGS = [
  { orgId: 1, name: "Acme Corp" },
  { orgId: 2, name: "Cafe Zurich" },
  { orgId: 3, name: "Smith and Sons" },
  { orgId: 4, name: "Summit Partners LLC" },
  { orgId: 5, name: "Summit Partners, Inc." },
  { orgId: 6, name: "מרפאת השרון בע״מ" },
  { orgId: 7, name: "Bakery 🥐 Lyon" },
];

describe("createSiteMatcher", () => {
  const site = (name: string, siteId = "s1") => ({ siteId, name });

  test.each([
    ["case + punctuation + other legal suffix", "ACME Corporation, Inc.", { kind: "name", orgId: 1 }],
    ["accents + suffix on the UniFi side", "Café Zürich GmbH", { kind: "name", orgId: 2 }],
    ["& vs and", "Smith & Sons", { kind: "name", orgId: 3 }],
    ["RTL name, identical", "מרפאת השרון בע״מ", { kind: "name", orgId: 6 }],
    ["emoji name", "BAKERY 🥐 LYON", { kind: "name", orgId: 7 }],
    ["no match", "Zephyrine Staging Lab", { kind: "unmatched" }],
    ["a different emoji is a different name", "Bakery 🍞 Lyon", { kind: "unmatched" }],
    ["ambiguous: two orgs normalise alike", "Summit Partners", { kind: "ambiguous", candidates: [4, 5] }],
  ])("%s", (_label, name, expected) => {
    expect(createSiteMatcher(ORGS, {})(site(name))).toEqual(expected as never);
  });

  test("an explicit mapping by site id wins over the name", () => {
    const match = createSiteMatcher(ORGS, { "site-acme": 3 });
    expect(match(site("ACME Corporation, Inc.", "site-acme"))).toEqual({ kind: "mapping", orgId: 3 });
    expect(match(site("ACME Corporation, Inc.", "other"))).toEqual({ kind: "name", orgId: 1 });
  });

  test("an explicit mapping by site name resolves an ambiguous name", () => {
    const match = createSiteMatcher(ORGS, { "Summit Partners": 5 });
    expect(match(site("Summit Partners"))).toEqual({ kind: "mapping", orgId: 5 });
  });

  test("the site id mapping is consulted before the site name mapping", () => {
    const match = createSiteMatcher(ORGS, { s9: 1, "Summit Partners": 5 });
    expect(match(site("Summit Partners", "s9"))).toEqual({ kind: "mapping", orgId: 1 });
  });

  test("a mapping to an organization that does not exist is not trusted (unmatched, not the name match)", () => {
    const match = createSiteMatcher(ORGS, { s1: 999 });
    expect(match(site("Acme Corp", "s1"))).toEqual({ kind: "unmatched" });
  });

  test("an org whose name normalises to nothing never matches an empty site name", () => {
    const match = createSiteMatcher([{ orgId: 9, name: "..." }], {});
    expect(match(site("!!!"))).toEqual({ kind: "unmatched" });
  });
});

describe("the generator's hard cases, through the reader over real HTTP", () => {
  test("each planted case lands as HARD_CASES says", async () => {
    const { dataset, truth } = generateDatasetWithTruth({ customers: HARD_CASE_CUSTOMERS, seed: 5 });
    const h = await sourceHarness({ dataset });
    const snap = await h.reader.read();
    expect(snap.problems).toEqual([]);
    const sites = new Map(snap.sites.map((s) => [s.siteId, s]));
    const devices = new Map(snap.devices.map((d) => [d.key, d]));
    expect(Object.keys(truth.hardCases).sort()).toEqual(HARD_CASES.map((c) => c.key).sort());

    for (const hc of HARD_CASES) {
      const rec = truth.hardCases[hc.key]!;
      for (const siteId of rec.siteIds) {
        const site = sites.get(siteId)!;
        const label = `${hc.key} / ${site.name}`;
        if (hc.expected === "match") {
          expect([label, site.match]).toEqual([label, "name"]);
          expect([label, site.customerKey]).toEqual([label, keys.customer(truth.siteOrganization[siteId]!)]);
        } else if (hc.expected === "no-match") {
          expect([label, site.match, site.customerKey]).toEqual([label, "unmatched", null]);
          expect(snap.matchReport?.unmatched.map((u) => u.siteId)).toContain(siteId);
        } else if (hc.expected === "ambiguous") {
          expect([label, site.match, site.customerKey]).toEqual([label, "ambiguous", null]);
          const entry = snap.matchReport?.ambiguous.find((a) => a.siteId === siteId);
          expect(entry?.candidates).toEqual([...rec.organizationIds].sort((a, b) => a - b));
        }
      }
    }

    const rec = (key: string) => truth.hardCases[key]!;
    // An org without a site: no site claims it.
    const lonely = keys.customer(rec("org-without-site").organizationIds[0]!);
    expect(snap.sites.some((s) => s.customerKey === lonely)).toBe(false);
    expect(snap.customers.some((c) => c.key === lonely)).toBe(true);
    // Two sites of one network server, same org: its devices know the customer but not the site.
    const pinecrest = rec("two-sites-one-org");
    const pinecrestDevices = snap.devices.filter((d) => d.source === "unifi" && dataset.unifi.devices.find((g) => g.hostId === pinecrest.hostIds[0])?.devices.some((x) => keys.unifiDevice(x.id) === d.key));
    expect(pinecrestDevices.length).toBeGreaterThan(0);
    for (const d of pinecrestDevices) expect([d.customerKey, d.siteKey]).toEqual([keys.customer(pinecrest.organizationIds[0]!), null]);
    // A disconnected console: its site is not connected and every device on it is offline.
    const riverside = sites.get(rec("disconnected-host").siteIds[0]!)!;
    expect(riverside.hostConnected).toBe(false);
    expect(snap.devices.filter((d) => d.siteKey === riverside.key).every((d) => d.status === "offline")).toBe(true);
    // statistics: null stays null.
    expect(sites.get(rec("statistics-null").siteIds[0]!)!.stats).toBeNull();
    // Unicode, emoji, quotes and newlines survive untouched.
    const names = rec("unicode-rtl-emoji").deviceKeys.map((k) => devices.get(k)?.name).sort();
    expect(names).toEqual(["AP-Lobby 📶", "Reception 🖨️ PC"].sort());
    const obrien = rec("quotes-newline").deviceKeys.map((k) => devices.get(k)!);
    expect(obrien.map((d) => d.name).sort()).toEqual([`AP-"Shop" O'Brien`, "Front Desk\nPC 2"].sort());
    expect(obrien.find((d) => d.source === "ninjaone")?.location).toBe("Main St.\nSuite 2");
    // A 5,000-character description arrives whole.
    expect(snap.customers.find((c) => c.orgId === rec("long-description").organizationIds[0])?.description).toHaveLength(5000);
    // Same device name in two customers: two devices, two customers.
    const frontDesks = rec("duplicate-device-names").deviceKeys.map((k) => devices.get(k)!);
    expect(frontDesks.map((d) => d.name)).toEqual(["FRONT-DESK-PC", "FRONT-DESK-PC"]);
    expect(new Set(frontDesks.map((d) => d.customerKey)).size).toBe(2);
  });

  test("an explicit mapping settles the ambiguous case", async () => {
    const { dataset, truth } = generateDatasetWithTruth({ customers: HARD_CASE_CUSTOMERS, seed: 5 });
    const siteId = truth.hardCases["normalized-name-collision"]!.siteIds[0]!;
    const h = await sourceHarness({ dataset, config: { sync: { site_mapping: { [siteId]: 12 } } } });
    const snap = await h.reader.read();
    expect(snap.sites.find((s) => s.siteId === siteId)).toMatchObject({ match: "mapping", customerKey: keys.customer(12) });
    expect(snap.matchReport?.ambiguous).toEqual([]);
  });
});
