/**
 * How MSPs write customers for short, as independent fleets do: initials ("CMC - Riverbend"),
 * trade shorthand ("Wolfe Rx"), typos that stemming garbles, the controller a customer runs
 * for itself, and a console whose texts say different amounts. Names here are not the
 * generator's. Precision first: each kind also has the case where the shorthand must not link.
 */
import { describe, expect, test } from "bun:test";
import { analyze, createSiteMatcher, type OrgInput, type SiteFacts } from "../../src/sources/matching";
import { initialsOf } from "../../src/sources/matching/org-index";
import { wordSimilarity } from "../../src/sources/matching/similarity";

const msp = (name: string, siteId = "s1"): SiteFacts =>
  ({ siteId, name, hostId: "msp", hostType: "network-server", hostName: "Northpoint IT Hosted Controller", hostHostname: "unifi.northpoint.example" });
const onConsole = (hostName: string | null, hostHostname: string | null, name = "Default"): SiteFacts =>
  ({ siteId: "s1", name, hostId: "c", hostType: "console", hostName, hostHostname });
/**
 * A fleet's other customers: word weights are rarities among customers, so a fleet of four says
 * little (these names share no word or initials with the cases).
 */
const FIRST = ["Zephyr", "Yarrow", "Xeno", "Quill", "Vortex", "Umber", "Jasper", "Ivory", "Garnet", "Fjord"];
const SECOND = ["Zinc", "Yew", "Xylo", "Quartz", "Velvet", "Urchin", "Juniper", "Indigo", "Gale", "Fennel"];
const FLEET: OrgInput[] = FIRST.flatMap((a, i) => SECOND.map((b, j) => ({ orgId: 1000 + i * 10 + j, name: `${a} ${b} Co.` })));
/** One site per call, on a shared controller that carries many others (so it is the MSP's). */
const decide = (cases: OrgInput[], site: SiteFacts, siblings = 5) => {
  const orgs = [...cases, ...FLEET];
  const others: SiteFacts[] = Array.from({ length: siblings }, (_, k) => msp(`Filler Site ${k}`, `f${k}`));
  const r = createSiteMatcher(orgs, { mapping: {} }).all([site, ...(site.hostId === "msp" ? others : [])])[0]!;
  return { kind: r.kind, org: r.orgId ?? r.candidates.map((c) => c.orgId) };
};

describe("initials", () => {
  test.each([
    ["Cornerstone Medical Center", "cmc"],
    ["Tran & Sullivan", "ts"], // "&" is read as "and", a stop word
    ["Keller & Richter L.L.C.", "kr"], // legal forms left out
    ["Acme", null], // one word has no initials
    ["Integrated Telecom", null], // "IT" is the IT closet, not a customer
    ["A1 Plumbing", null], // words of letters only
    ["One Two Three Four Five Six", null], // six words: nobody types that
  ] as const)("%p → %p", (name, expected) => {
    expect(initialsOf(analyze(name).tokens)).toBe(expected);
  });

  const ORGS: OrgInput[] = [
    { orgId: 1, name: "Cornerstone Medical Center" },
    { orgId: 2, name: "Watson Medical Clinic Inc." },
    { orgId: 3, name: "Wexford Mobile Care S.L." },
    { orgId: 4, name: "Pine Hill Outfitters Corporation" },
    { orgId: 5, name: "CMC Fabrication" },
    { orgId: 6, name: "Keller & Richter LLC" },
  ];
  test.each([
    ["one organization has them", msp("PHO Warehouse"), "name", 4],
    ["with a label", msp("  PHO  - Riverbend "), "name", 4],
    ["legal forms are no initials", msp("KR"), "name", 6],
    ["two have them: an operator chooses", msp("WMC - HQ"), "ambiguous", [2, 3]],
    ["a name that begins with them is as plausible", msp("CMC"), "ambiguous", [1, 5]],
    ["a console named by them", onConsole("KR", "UCG-Ultra"), "console", 6],
    ["not from a hostname (its codes name places and boxes)", onConsole("UCG Ultra", "pho-gw"), "unmatched", []],
    ["initials are read as written: no typo of them", msp("PHQ"), "unmatched", []],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(decide(ORGS, site)).toEqual({ kind, org: org as never });
  });
});

describe("trade shorthand is read as the words it stands for, on both sides", () => {
  test.each([
    ["Wolfe Rx", ["wolfe", "pharmacy"]],
    ["Alvarez HVAC, Inc.", ["alvarez", "heating", "air"]],
    ["Alvarez Heating & Air Inc", ["alvarez", "heating", "air"]],
  ] as const)("%p", (text, tokens) => {
    expect(analyze(text).tokens).toEqual([...tokens]);
  });
  const ORGS: OrgInput[] = [
    { orgId: 1, name: "Wolfe Pharmacy" },
    { orgId: 2, name: "Wolfe Roofing" },
    { orgId: 3, name: "Alvarez HVAC LLC" },
    { orgId: 4, name: "Alvarez Insurance" },
  ];
  test.each([
    ["Rx for Pharmacy", msp("Wolfe Rx - Guest WiFi"), "name", 1],
    ["Heating & Air for HVAC", msp("Alvarez Heating & Air"), "name", 3],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(decide(ORGS, site)).toEqual({ kind, org: org as never });
  });
});

describe("typos", () => {
  test.each([
    ["two slips in a long word", "winedrmree", "windermere", 0.7],
    ["a typo that stemming garbles (servies → servy)", analyze("Servies").tokens[0]!, analyze("Services").tokens[0]!, 0.85],
    ["a doubled letter before a plural (yattes → yatte)", analyze("yattes").tokens[0]!, analyze("Yates").tokens[0]!, 0.85],
    ["four letters are no typo of another four, plural or not", analyze("Yates").tokens[0]!, analyze("Yales").tokens[0]!, 0],
    ["two slips in a 7-letter word are too many", "tookig", "tooling", 0],
  ] as const)("%s", (_label, a, b, sim) => {
    expect(wordSimilarity(a, b, false)).toBeCloseTo(sim, 5);
  });
  const ORGS: OrgInput[] = [{ orgId: 1, name: "Windermere Consulting LLC" }, { orgId: 2, name: "Whitfield Services LLC" }, { orgId: 3, name: "Harbor Freight Lines" }];
  test.each([
    ["a two-slip typo is found and linked", msp("Winedrmree Consulting - Upstairs"), "name", 1],
    ["garbled plural and a doubled letter", msp("Whiitfield Servies Incorporated 2"), "name", 2],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(decide(ORGS, site)).toEqual({ kind, org: org as never });
  });
});

describe("a customer's own controller speaks for its sites", () => {
  const ORGS: OrgInput[] = [
    { orgId: 1, name: "Underwood Chiropractic Consulting Inc" },
    { orgId: 2, name: "Underwood Plumbing" },
    { orgId: 3, name: "Keller & Richter LLC" },
    { orgId: 4, name: "Marsh Dental" },
  ];
  const own = (hostName: string, ...names: string[]): SiteFacts[] =>
    names.map((name, k) => ({ siteId: `o${k}`, name, hostId: "own", hostType: "network-server", hostName, hostHostname: "unifi.own.example" }));
  const all = (sites: SiteFacts[]) => createSiteMatcher([...ORGS, ...FLEET], { mapping: {} }).all(sites).map((r) => ({ kind: r.kind, org: r.orgId ?? r.candidates.map((c) => c.orgId) }));

  test("a site name several customers fit: the controller's customer, when it is one of them", () => {
    expect(all(own("Underwood Chiropractic Consulting (self-hosted)", "Underwood", "Underwood - Annex"))).toEqual([
      { kind: "console", org: 1 },
      { kind: "console", org: 1 },
    ]);
  });
  test("a site name that names no one (initials of no one, a room)", () => {
    expect(all(own("Keller & Richter (self-hosted)", "Back Room 2"))).toEqual([{ kind: "console", org: 3 }]);
  });
  test("a site that names another customer keeps its own decision, and the controller then speaks for no other site", () => {
    expect(all(own("Underwood Chiropractic Consulting (self-hosted)", "Marsh Dental", "Underwood"))).toEqual([
      { kind: "name", org: 4 },
      { kind: "unmatched", org: [] },
    ]);
  });
  test("an MSP's controller (more than three sites) never speaks for them", () => {
    const sites = own("Underwood Chiropractic Consulting (self-hosted)", "Underwood", "A", "B", "C");
    expect(all(sites)[0]).toEqual({ kind: "unmatched", org: [] });
  });
});

describe("a console's texts weighed one by one", () => {
  const ORGS: OrgInput[] = [
    { orgId: 1, name: "Shady Grove Pharmacy" },
    { orgId: 2, name: "Shady Grove Medical" },
    { orgId: 3, name: "Shady Grove Pediatrics LLC" },
    { orgId: 4, name: "Quarry Lane Bakery" },
    { orgId: 5, name: "Quarry Lane Bakery Inc." },
  ];
  test.each([
    ["the name with a typo says which, the hostname only the place", onConsole("Shady Grove Phqmacy", "shadygrove-gw"), "console", 1],
    ["the hostname alone: every Shady Grove fits", onConsole("UDM Pro", "shadygrove-gw"), "ambiguous", [1, 2, 3]],
    ["legal-form twins stay tied, however their texts compare", onConsole("Quarry Lane Bakery", "quarrylane-gw"), "ambiguous", [4, 5]],
  ] as const)("%s", (_label, site, kind, org) => {
    expect(decide(ORGS, site)).toEqual({ kind, org: org as never });
  });
});
