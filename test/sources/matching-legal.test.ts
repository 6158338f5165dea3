/**
 * Legal forms, dotted initialisms, legal-form twins and trade words (issue 23), as independent
 * fleets write them. Names here are not the generator's: the matcher must hold on fleets it
 * was never shown.
 */
import { describe, expect, test } from "bun:test";
import { aliasesFrom, analyze, createSiteMatcher, normalizeName, type MatchKind, type OrgInput, type SiteFacts } from "../../src/sources/matching";

const server = (name: string, siteId = "s1"): SiteFacts => ({ siteId, name, hostId: "h", hostType: "network-server", hostName: "MSP Controller", hostHostname: "unifi.msp.example" });
const onConsole = (hostName: string | null, hostHostname: string | null, name = "Default"): SiteFacts =>
  ({ siteId: "s1", name, hostId: "h", hostType: "console", hostName, hostHostname });
const matcher = (orgs: OrgInput[]) => {
  const m = createSiteMatcher(orgs, { mapping: {} });
  return (site: SiteFacts) => {
    const r = m(site);
    return { kind: r.kind, org: r.orgId ?? r.candidates.map((c) => c.orgId) };
  };
};

describe("dotted initialisms are one word, on both sides, before legal forms are read", () => {
  test.each([
    ["L.L.P. in a name", "Okonkwo & Brandt L.L.P.", "name", ["okonkwo", "brandt"], ["llp"]],
    ["l-l-p in a hostname", "okonkwo-brandt-l-l-p-udm", "device", ["okonkwo", "brandt"], ["llp"]],
    ["G.m.b.H.", "Feldmann Präzision G.m.b.H.", "name", ["feldmann", "prazision"], ["gmbh"]],
    ["S.A. and S.p.A.", "Lusitânia Têxtil S.A.", "name", ["lusitania", "textil"], ["sa"]],
    ["S.p.A. is a form only with its dots", "Officine Rinaldi S.p.A.", "name", ["officine", "rinaldi"], ["spa"]],
    ["a day spa is a trade", "Serenity Day Spa", "name", ["serenity", "day", "spa"], []],
    ["initials before the form stay apart", "Plan B L.L.C.", "name", ["plan", "b"], ["llc"]],
    ["initials that are a name stay one", "J.R. Okafor Roofing", "name", ["jr", "okafor", "roofing"], []],
    ["U.S.A. is no form", "U.S.A. Pallets", "name", ["usa", "pallet"], []],
    ["A/S", "Nordlys Shipping A/S", "name", ["nordly", "shipping"], ["as"]],
    ["spelled out, equal to the short form", "Ridgeline Dental Incorporated", "name", ["ridgeline", "dental"], ["inc"]],
    ["Limited is Ltd", "Harrowgate Surveyors Limited", "name", ["harrowgate", "surveyor"], ["ltd"]],
    ["Company is Co", "Bexley Tile Company", "name", ["bexley", "tile"], ["co"]],
    ["a form inside a concatenation", "bexleytilellc-gw", "device", ["bexleytilellc"], ["llc"]],
    ["P.A. and P.C.", "Whitcombe Law, P.A.", "name", ["whitcombe", "law"], ["pa"]],
    ["a console named with dotted initials is no dotted hostname", "Foster Home Care L.L.P.", "device", ["foster", "home", "care"], ["llp"]],
    ["a dotted hostname loses its domain labels", "gw.foster-home.example", "device", ["foster"], []],
  ] as const)("%s: %p", (_label, text, kind, tokens, legal) => {
    expect(analyze(text, kind)).toMatchObject({ tokens: [...tokens], legal: [...legal] });
  });

  test("the exact key and the trade names of a description read the dots too", () => {
    expect(normalizeName("Okonkwo & Brandt, L.L.P.")).toBe("okonkwo and brandt");
    expect(aliasesFrom("Formerly Bexley Tile L.L.C.; moved 2021")).toEqual(["Bexley Tile LLC"]);
  });

  const ORGS: OrgInput[] = [
    { orgId: 1, name: "Okonkwo & Brandt LLP" },
    { orgId: 2, name: "Feldmann Präzision GmbH" },
    { orgId: 3, name: "Lusitânia Têxtil SA" },
    { orgId: 4, name: "Okonkwo Realty" },
    { orgId: 5, name: "Ridgeline Dental Inc." },
  ];
  test.each([
    ["site name with L.L.P.", server("Okonkwo & Brandt L.L.P."), "name", 1],
    ["hostname with l-l-p, console unnamed", onConsole("UDM Pro", "okonkwo-brandt-l-l-p"), "console", 1],
    ["G.m.b.H. in a console name", onConsole("Feldmann Präzision G.m.b.H. - Halle 2", "UCG-Ultra"), "console", 2],
    ["S.A. typed without dots and with", server("LUSITANIA TEXTIL S.A."), "name", 3],
    ["a short form shared by two, with a form neither has: no link", server("Okonkwo L.L.C."), "unmatched", []],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(matcher(ORGS)(site)).toEqual({ kind, org: org as never });
  });
});

describe("legal-form twins: the form in the site's texts decides, its absence leaves it to an operator", () => {
  // Each pair, both directions: the form of one, the form of the other, and none.
  const PAIRS: [string, OrgInput[], [string, SiteFacts, MatchKind, number | number[]][]][] = [
    ["X Inc. / X AG", [{ orgId: 10, name: "Marten Optik Inc." }, { orgId: 11, name: "Marten Optik AG" }], [
      ["AG in the site name", server("Marten Optik AG - HQ"), "name", 11],
      ["Incorporated in the site name", server("Marten Optik Incorporated"), "name", 10],
      ["A.G. in the hostname of an unnamed console", onConsole("UDM SE", "marten-optik-a-g"), "console", 11],
      ["inc in a slug", server("marten-optik-inc"), "name", 10],
      ["no form", server("Marten Optik"), "ambiguous", [10, 11]],
      ["a form neither has", server("Marten Optik GmbH"), "ambiguous", [10, 11]],
      ["forms of both", server("Marten Optik AG, Inc."), "ambiguous", [10, 11]],
    ]],
    ["X / X Inc.", [{ orgId: 20, name: "Calloway Tile" }, { orgId: 21, name: "Calloway Tile, Inc." }], [
      ["Inc. in the console name", onConsole("Calloway Tile Inc.", "UDM-Pro"), "console", 21],
      ["no form: the one without a form is not thereby chosen", onConsole("Calloway Tile", "UDM-Pro"), "ambiguous", [20, 21]],
      ["the site says nothing, the console's hostname the form", onConsole("Calloway Tile - Main Office", "calloway-tile-inc-gw"), "console", 21],
    ]],
    ["X LLP / X Ltd", [{ orgId: 30, name: "Penhallow Surveyors LLP" }, { orgId: 31, name: "Penhallow Surveyors Ltd" }], [
      ["L.L.P.", server("Penhallow Surveyors L.L.P."), "name", 30],
      ["Limited", server("Penhallow Surveyors Limited (Truro)"), "name", 31],
      ["short form with its form", server("Penhallow LLP"), "name", 30],
      ["short form alone", server("Penhallow"), "ambiguous", [30, 31]],
    ]],
    ["X Co. / X", [{ orgId: 40, name: "Quayside Rope Co." }, { orgId: 41, name: "Quayside Rope" }], [
      ["Company", server("Quayside Rope Company"), "name", 40],
      ["no form", server("QUAYSIDE ROPE"), "ambiguous", [40, 41]],
    ]],
  ];
  for (const [pair, orgs, cases] of PAIRS) {
    test.each(cases)(`${pair}: %s`, (_label, site, kind, org) => {
      expect(matcher(orgs)(site)).toEqual({ kind, org: org as never });
    });
  }

  test("a word that speaks for the other twin keeps the decision open, and the link says which form settled it", () => {
    const orgs = [{ orgId: 1, name: "Marten Optik Inc.", locations: ["Lausanne Lab"] }, { orgId: 2, name: "Marten Optik AG" }];
    const m = createSiteMatcher(orgs, { mapping: {} });
    // The AG is named, but "Lausanne" is the Inc.'s location: no link.
    expect(m(server("Marten Optik AG Lausanne"))).toMatchObject({ kind: "ambiguous", orgId: null });
    const r = m(server("Marten Optik AG"));
    expect(r).toMatchObject({ kind: "name", orgId: 2, evidence: { legal: { forms: ["ag"], rulesOut: [1] } } });
  });
});

describe("trade words are names, not qualifiers", () => {
  const ORGS: OrgInput[] = [
    { orgId: 1, name: "Vantera Corp" },
    { orgId: 2, name: "Vantera Clinic S.A." },
    { orgId: 3, name: "Halden Dental Lab" },
    { orgId: 4, name: "Halden Dental" },
  ];
  test.each([
    ["the clinic by its name", server("VANTERA CLINIC"), "name", 2],
    ["the clinic with its dotted form", server("Vantera Clinic S.A."), "name", 2],
    ["the corp with a site qualifier", server("Vantera Corp - HQ"), "name", 1],
    ["a dental lab is not a lab of the dental practice", server("Halden Dental Lab"), "name", 3],
    ["the practice", server("Halden Dental - Front Office"), "name", 4],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(matcher(ORGS)(site)).toEqual({ kind, org: org as never });
  });

  test("in the label after the name, a word no customer has is a qualifier, one a customer has still counts", () => {
    const m = matcher([{ orgId: 1, name: "Brackwater Pediatrics" }, { orgId: 2, name: "OberaConnect" }, { orgId: 3, name: "Tarrant Heating" }]);
    expect(m(server("Brackwater Pediatrics - Urgent Care"))).toEqual({ kind: "name", org: 1 });
    expect(m(server("Brackwater Pediatrics (Showroom)"))).toEqual({ kind: "name", org: 1 });
    // The MSP's name first, a customer's after the dash: never the MSP's own organization.
    expect(m(server("OberaConnect - Tarrant Heating")).org).not.toBe(2);
  });
});

describe("the whole name before a label decides, unless the label names another customer in full", () => {
  const ORGS: OrgInput[] = [
    { orgId: 1, name: "Osprey Care LLC" },
    { orgId: 2, name: "Deer Park Urgent Care" },
    { orgId: 3, name: "Osprey Transport Inc." },
    { orgId: 4, name: "Montgomery Surveying LLC" },
    { orgId: 5, name: "Fern Hollow Brothers" },
    { orgId: 6, name: "OberaConnect" },
    { orgId: 7, name: "Keller Dental" },
    { orgId: 8, name: "Montgomery Electric" },
    { orgId: 9, name: "Harbor Logistics", locations: ["Fern Hollow"] },
  ];
  test.each([
    ["a label that is part of another customer's name (its last words)", server("Osprey Care llc - Urgent Care"), "name", 1],
    ["a place that begins another customer's name", server("Montgomery Surveying LLC - Deer Park"), "name", 4],
    ["the label is another customer's whole name, with more: left open", server("Montgomery Surveying LLC - Fern Hollow Brothers Annex"), "ambiguous", [5, 4]],
    ["the label names another customer in full: never the first one's", server("OberaConnect - Keller Dental"), "ambiguous", [6, 7]],
    ["the label is another customer's location in full: left open", server("Montgomery Surveying LLC - Fern Hollow"), "unmatched", []],
    ["the other customer by its own name, with a label", server("Deer Park Urgent Care - Osprey"), "name", 2],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(matcher(ORGS)(site)).toEqual({ kind, org: org as never });
  });

  test("the same site links once the place is no other customer's location", () => {
    expect(matcher(ORGS.filter((o) => o.orgId !== 9))(server("Montgomery Surveying LLC - Fern Hollow"))).toEqual({ kind: "name", org: 4 });
  });
});
