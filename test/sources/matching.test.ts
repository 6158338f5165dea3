import { describe, expect, test } from "bun:test";
import { createRng } from "@oberaconnect/common/random";
import { aliasesFrom, createSiteMatcher, normalizeName, tokens, type MatcherConfig, type SiteFacts } from "../../src/sources/matching";

describe("normalizeName (the exact key)", () => {
  test.each([
    ["case", "ACME", "acme"],
    ["punctuation", "Acme, Corp.", "acme"],
    ["legal suffix chain", "ACME Corporation, Inc.", "acme"],
    ["short legal suffix", "Acme Corp", "acme"],
    ["accents", "Café Zürich GmbH", "cafe zurich"],
    ["ampersand", "Smith & Sons", "smith and sons"],
    ["apostrophes", "O'Brien’s Plumbing", "obriens plumbing"],
    ["a suffix alone stays", "Inc", "inc"],
    ["suffix in the middle stays", "Co Op Market", "co op market"],
    ["Hebrew kept (RTL, no case)", "מרפאת השרון", "מרפאת השרון"],
    ["fullwidth folded by NFKD", "ＡＣＭＥ", "acme"],
    ["only punctuation", "---", ""],
  ])("%s: %p → %p", (_label, input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe("tokens (what the scorer compares)", () => {
  test.each([
    ["legal words anywhere, plurals stemmed", "Acme Corp. Services, Inc.", "name", ["acme", "service"]],
    ["accents typed as combining marks (NFD)", "Cafe\u0301 Zu\u0308rich", "name", ["cafe", "zurich"]],
    ["right-to-left and zero-width marks dropped", "\u200Fמרפאת\u200B השרון בע״מ", "name", ["מרפאת", "השרון"]],
    ["padding and runs of spaces", "   Acme    Corp  HQ ", "name", ["acme", "hq"]],
    ["& is and, and is a stop word", "Smith & Sons", "name", ["smith", "son"]],
    ["camelCase split, short caps kept whole", "GraniteLogistics WiFi GmbH", "name", ["granite", "logistic", "wifi"]],
    ["emoji are decoration", "Bakery 🥐 Lyon", "name", ["bakery", "lyon"]],
    ["a mistyped legal word is still one", "Pacific Systems Corpoation", "name", ["pacific", "system"]],
    ["console: device words and their model suffix", "UDM-Pro-ACME", "device", ["acme"]],
    ["console: two-word device names", "UniFi Cloud Gateway Max", "device", []],
    ["hostname: domain labels of dotted names", "gw-hq.acme-dental.example", "device", ["hq", "acme", "dental"]],
    ["a site name keeps words a console would lose", "Pro Plumbing Home", "name", ["pro", "plumbing", "home"]],
  ] as const)("%s: %p", (_label, input, kind, expected) => {
    expect(tokens(input, kind)).toEqual([...expected]);
  });
});

describe("aliasesFrom (trade names in a NinjaOne description)", () => {
  test.each([
    ["dba Sunrise Pediatrics", ["Sunrise Pediatrics"]],
    ["Formerly Keller Dental, Inc.", ["Keller Dental"]],
    ["Keller & Novak (d/b/a Pacific Staffing)", ["Pacific Staffing"]],
    ["aka Pacific Staffing; managed since 2019", ["Pacific Staffing"]],
    ["DBA: Granite Freight", ["Granite Freight"]],
    ["Akamai Partners office", []],
    ["Managed customer since 2015", []],
    ["", []],
  ])("%p → %p", (description, expected) => {
    expect(aliasesFrom(description)).toEqual(expected);
  });
});

const ORGS = [
  { orgId: 1, name: "Acme Corp" },
  { orgId: 2, name: "Acme Corporate Travel" },
  { orgId: 3, name: "Cafe Zurich" },
  { orgId: 4, name: "Smith and Sons" },
  { orgId: 5, name: "Summit Partners LLC" },
  { orgId: 6, name: "Summit Partners, Inc." },
  { orgId: 7, name: "מרפאת השרון בע״מ" },
  { orgId: 8, name: "Bakery 🥐 Lyon" },
  { orgId: 9, name: "Pinecrest Medical Group", locations: ["Fox Hollow Annex", "Main Office"] },
  { orgId: 10, name: "Granite Logistics International", description: "dba Granite Freight; managed since 2019" },
  { orgId: 11, name: "Keller Dental" },
  { orgId: 12, name: "Kellar Dental" },
  { orgId: 13, name: "Bluewater Veterinary Services" },
  { orgId: 14, name: "Chen & Novak Architecture" },
  { orgId: 15, name: "North Labs" },
  { orgId: 16, name: "Whitaker Orthodontics" },
];

/** A site on a self-hosted server (the site name is the only evidence) or on a console. */
const server = (name: string, siteId = "s1"): SiteFacts => ({ siteId, name, hostId: "h", hostType: "network-server", hostName: "MSP Controller", hostHostname: "unifi.msp.example" });
const onConsole = (hostName: string | null, hostHostname: string | null, name = "Default", siteId = "s1"): SiteFacts =>
  ({ siteId, name, hostId: "h", hostType: "console", hostName, hostHostname });

const match = (site: SiteFacts, config: MatcherConfig = { mapping: {} }) => {
  const r = createSiteMatcher(ORGS, config)(site);
  return { kind: r.kind, org: r.orgId ?? r.candidates.map((c) => c.orgId) };
};

describe("the matcher on the hard cases", () => {
  test.each([
    // Names as MSPs type them
    ["case, comma, another legal suffix", server("ACME Corporation, Inc."), "name", 1],
    ["a slug", server("acme-corp"), "name", 1],
    ["a location qualifier", server("Acme Corp HQ"), "name", 1],
    ["a dash qualifier, padded", server("  Acme   Corp  - Main Office "), "name", 1],
    ["the distinctive word alone, when the other Acme has more words", server("Acme"), "name", 1],
    ["accents as combining marks, padded, with a suffix", server(" Cafe\u0301 Zu\u0308rich GmbH  "), "name", 3],
    ["& for and", server("Smith & Sons"), "name", 4],
    ["RTL name behind a right-to-left mark, suffix dropped", server("\u200Fמרפאת השרון"), "name", 7],
    ["emoji are decoration", server("BAKERY LYON"), "name", 8],
    ["name words with a qualifier", server("Pinecrest Medical - Annex"), "name", 9],
    ["a short form with two qualifiers: they name no one, so they cost the short form nothing", server("Whitaker - Building B"), "name", 16],
    ["the same with a site number", server("Whitaker - Site 2"), "name", 16],
    ["a location name of one customer only", server("Fox Hollow Annex"), "name", 9],
    ["a trade name from the description (dba)", server("Granite Freight"), "name", 10],
    ["an abbreviation (Intl)", server("Granite Logistics Intl"), "name", 10],
    ["abbreviations and a slug together", server("bluewater-vet-svcs"), "name", 13],
    ["two words for one (Blue Water / Bluewater)", server("Blue Water Veterinary"), "name", 13],
    ["word order", server("Novak and Chen Architecture"), "name", 14],
    ["a name made of qualifiers only", server("NORTH LABS"), "name", 15],
    ["one typo, where only one customer is that close", server("Keler Dental"), "name", 11],
    // Decoys
    ["the decoy by its own name", server("Acme Corporate Travel"), "name", 2],
    ["exact beats a one-letter neighbour", server("Keller Dental"), "name", 11],
    ["the neighbour by its own name", server("Kellar Dental"), "name", 12],
    ["a decoy's words shared by both Acmes: never guessed", server("Acme Travel"), "ambiguous", [2, 1]],
    ["two organizations normalise alike", server("Summit Partners"), "ambiguous", [5, 6]],
    ["qualifiers do not settle a short form two organizations share", server("Summit - Site 2"), "unmatched", []],
    // Consoles: the default site is named by the console
    ["console name", onConsole("ACME Corporation, Inc.", "UDM-Pro"), "console", 1],
    ["hostname 'acme-udm-pro'", onConsole("UDM Pro", "acme-udm-pro"), "console", 1],
    ["hostname 'UDM-Pro-ACME'", onConsole("UDM Pro", "UDM-Pro-ACME"), "console", 1],
    ["hostname 'ucg-acmecorp'", onConsole("UCG Ultra", "ucg-acmecorp"), "console", 1],
    ["two typos in a console name", onConsole("Whitakr Orthodontcs", "UDM-SE"), "console", 16],
    ["a console's second site, named by a qualifier only", onConsole("Acme Corp", "UDM-Pro", "Warehouse"), "console", 1],
    ["site and console name different customers: never guessed", onConsole("Acme Corp", "UDM-Pro", "Summit Partners"), "ambiguous", [1, 5, 6]],
    // No evidence
    ["a console never named: its model and default hostname", onConsole("UDM Pro", "UDM-Pro"), "unmatched", []],
    ["a console that never reported", onConsole(null, null), "unmatched", []],
    ["qualifiers only", server("Main Office"), "unmatched", []],
    ["the MSP's lab", server("OberaConnect Lab"), "unmatched", []],
    ["a bare meta.name", server("k3n8q2x1"), "unmatched", []],
    ["a name of punctuation", server("!!!"), "unmatched", []],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(match(site)).toEqual({ kind, org: org as never });
  });

  test("a network server's name names no one on the MSP's shared controller, and its customer on a customer's own", () => {
    const m = createSiteMatcher(ORGS, { mapping: {} });
    const on = (hostId: string, hostName: string, names: string[]) =>
      names.map((name, i): SiteFacts => ({ siteId: `${hostId}-${i}`, name, hostId, hostType: "network-server", hostName, hostHostname: null }));
    // Four sites: the MSP's; its "Default" belongs to no one, whatever the controller is called.
    const shared = m.all(on("msp", "Acme Corp Controller", ["Default", "Keller Dental", "Smith & Sons", "Cafe Zurich"]));
    expect(shared.map((r) => [r.kind, r.orgId])).toEqual([["unmatched", null], ["name", 11], ["name", 4], ["name", 3]]);
    // One site, and nothing on it says otherwise: the customer's own, named like a console.
    expect(m.all(on("own", "Acme Corp (self-hosted)", ["Default"])).map((r) => [r.kind, r.orgId])).toEqual([["console", 1]]);
    // A few sites, one of them another customer's by its own name: the controller's name is not trusted.
    expect(m.all(on("mixed", "Acme Corp Server", ["Default", "Keller Dental"])).map((r) => [r.kind, r.orgId])).toEqual([["unmatched", null], ["name", 11]]);
  });

  test("a console renamed between runs: the link follows the evidence, and is never kept without it", () => {
    const m = createSiteMatcher(ORGS, { mapping: {} });
    const run = (name: string) => {
      const r = m(onConsole(name, "UDM-SE", "Default", "site-w"));
      return [r.kind, r.orgId];
    };
    expect(run("Whitaker Orthodontics")).toEqual(["console", 16]);
    expect(run("Whitaker Ortho - Main Office")).toEqual(["console", 16]);
    expect(run("UDM SE")).toEqual(["unmatched", null]);
    expect(run("Keller Dental")).toEqual(["console", 11]); // the console went to another customer
  });

  test("a branch named like another customer: a location other customers' words share still stops the short-form link", () => {
    // "Greenville" is Silver Staffing's branch (its NinjaOne location) and a word of Greenville
    // Imaging's name: the location names no one alone, but the short form may no longer link.
    const orgs = [
      { orgId: 1, name: "Greenville Imaging Inc." },
      { orgId: 2, name: "Silver Staffing Inc.", locations: ["Greenville"] },
      { orgId: 3, name: "Keller Dental" },
    ];
    const m = createSiteMatcher(orgs, { mapping: {} });
    const r = m(server("Greenville"));
    expect([r.kind === "unmatched" || r.kind === "ambiguous", r.orgId]).toEqual([true, null]);
    // Without the branch, the short form links as before.
    expect(createSiteMatcher(orgs.filter((o) => o.orgId !== 2), { mapping: {} })(server("Greenville"))).toMatchObject({ kind: "name", orgId: 1 });
  });

  test("an unmatched site keeps its closest organization as a suggestion; an ambiguous one lists its candidates", () => {
    const m = createSiteMatcher(ORGS, { mapping: {} });
    expect(m(server("Pinecrest")).runnerUp?.orgId).toBe(9);
    const amb = m(server("Summit Partners"));
    expect(amb.candidates.map((c) => [c.orgId, c.score])).toEqual([[5, 1], [6, 1]]);
    expect(amb.evidence).toMatchObject({ kind: "site-name", text: "Summit Partners" });
  });
});

describe("config decides first", () => {
  const cfg = (mapping: Record<string, number>, exclude: string[] = []): MatcherConfig => ({ mapping, exclude });

  test.each([
    ["a mapping by site id wins over the name", server("ACME Corporation, Inc.", "site-acme"), cfg({ "site-acme": 4 }), "mapping", 4],
    ["a mapping by site name settles an ambiguous name", server("Summit Partners"), cfg({ "Summit Partners": 6 }), "mapping", 6],
    ["the site id mapping is consulted before the site name mapping", server("Summit Partners", "s9"), cfg({ s9: 1, "Summit Partners": 5 }), "mapping", 1],
    ["a mapping to a missing organization is not trusted (and not replaced by the name)", server("Acme Corp"), cfg({ s1: 999 }), "unmatched", []],
    ["exclusion by site id unlinks a perfect name", server("Acme Corp", "lab-1"), cfg({}, ["lab-1"]), "excluded", []],
    ["exclusion by site name", server("Acme Corp"), cfg({}, ["Acme Corp"]), "excluded", []],
    ["at one level the exclusion wins", server("Acme Corp"), cfg({ s1: 1 }, ["s1"]), "excluded", []],
    ["a mapping by id beats an exclusion by name", server("Acme Corp"), cfg({ s1: 4 }, ["Acme Corp"]), "mapping", 4],
    ["'Default' is never a config key: it would catch every console", onConsole("Acme Corp", "UDM-Pro"), cfg({ Default: 4 }, ["Default"]), "console", 1],
  ] as const)("%s", (_label, site, config, kind, org) => {
    expect(match(site, config)).toEqual({ kind, org: org as never });
  });
});

describe("stable: the same inputs give the same links, whatever their order", () => {
  test("shuffled organizations and sites, five times", () => {
    const sites: SiteFacts[] = [
      server("Acme Corp HQ", "a"), server("Acme Travel", "b"), server("Summit Partners", "c"), server("Keler Dental", "d"),
      onConsole("UDM Pro", "ucg-acmecorp", "Default", "e"), server("Pinecrest", "f"), server("Fox Hollow Annex", "g"),
    ];
    const rng = createRng(42);
    const shuffle = <T,>(xs: readonly T[]): T[] => {
      const a = [...xs];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    };
    const runOnce = (orgs: typeof ORGS, list: SiteFacts[]) => {
      const m = createSiteMatcher(orgs, { mapping: {} });
      return Object.fromEntries(list.map((s) => [s.siteId, m(s)]));
    };
    const base = runOnce(ORGS, sites);
    for (let k = 0; k < 5; k++) expect(runOnce(shuffle(ORGS), shuffle(sites))).toEqual(base);
  });
});
