/**
 * The review of what the matcher leaves open (issue 23): it never picks an organization on a tie,
 * its `site_mapping` snippet is refused by the config until every placeholder is replaced, and
 * its `site_mapping_exclude` snippet only offers sites no organization plausibly owns.
 */
import { describe, expect, test } from "bun:test";
import { ConfigError } from "../../src/config/errors";
import { parseConfig } from "../../src/config/load";
import {
  buildMatchReport, createSiteMatcher, excludeSnippet, formatMatchReport, mappingSnippet, reportEntry, type OrgInput, type SiteFacts,
} from "../../src/sources/matching";

const ORGS: OrgInput[] = [
  { orgId: 20, name: "Calloway Tile" },
  { orgId: 21, name: "Calloway Tile, Inc." },
  { orgId: 30, name: "Penhallow Surveyors LLP" },
  { orgId: 31, name: "Penhallow Realty" },
  { orgId: 40, name: "Quayside Rope Co." },
  { orgId: 50, name: "Keller Dental" },
  { orgId: 51, name: "Kellar Dental" },
];
const names = new Map(ORGS.map((o) => [o.orgId, o.name]));

const SITES: SiteFacts[] = [
  { siteId: "tie", name: "Default", hostId: "h1", hostType: "console", hostName: "Calloway Tile - Main Office", hostHostname: "UDM-Pro" },
  { siteId: "even", name: "Kellor Dental", hostId: "srv", hostType: "network-server", hostName: "MSP Controller", hostHostname: null },
  { siteId: "weak", name: "Quayside Marine", hostId: "srv", hostType: "network-server", hostName: "MSP Controller", hostHostname: null },
  { siteId: "lab", name: "NOC Bench", hostId: "srv", hostType: "network-server", hostName: "MSP Controller", hostHostname: null },
  { siteId: "linked", name: "Calloway Tile Incorporated", hostId: "srv", hostType: "network-server", hostName: "MSP Controller", hostHostname: null },
];

function report() {
  const results = createSiteMatcher(ORGS, { mapping: {} }).all(SITES);
  return buildMatchReport(SITES.map((s, i) => reportEntry(
    { siteId: s.siteId, name: s.name, hostId: s.hostId!, hostName: s.hostName ?? null, hostType: s.hostType ?? null },
    results[i]!,
    (id) => names.get(id) ?? `#${id}`,
  )));
}
const entry = (siteId: string) => report().sites.find((s) => s.siteId === siteId)!;

describe("the review of open sites", () => {
  test("a legal-form tie: no organization pre-selected, the reason names both with their ids", () => {
    const tie = entry("tie");
    expect(tie).toMatchObject({ kind: "ambiguous", link: null });
    expect(tie.candidates.map((c) => c.orgId)).toEqual([20, 21]);
    expect(tie.review).toBe("names differ only by legal form: ‹Calloway Tile› (#20) vs ‹Calloway Tile, Inc.› (#21) — choose");
    // The twin whose form the text states is linked, and says how.
    expect(entry("linked")).toMatchObject({ kind: "name", link: { orgId: 21 }, review: null, evidence: { legal: { forms: ["inc"], rulesOut: [20] } } });
  });

  test("each kind of open site says why it is open", () => {
    expect(entry("even").review).toBe("names fit equally: ‹Keller Dental› (#50) vs ‹Kellar Dental› (#51), both 0.91 — choose");
    expect(entry("weak")).toMatchObject({ kind: "unmatched", runnerUp: { orgId: 40 } });
    expect(entry("weak").review).toMatch(/^closest: ‹Quayside Rope Co\.› \(#40\) 0\.\d\d, too weak to link — confirm it, or exclude the site$/);
    expect(entry("lab").review).toBe("no plausible owner: exclude it if it belongs to no customer, or map it");
  });

  test("the site_mapping snippet holds placeholders only, listing the ids to choose from", () => {
    const snippet = mappingSnippet(report());
    expect(snippet).toEqual({
      tie: "<choose: 20 | 21>",
      even: "<choose: 50 | 51>",
      weak: "<choose: 40, or exclude the site>",
    });
    expect(Object.values(snippet).some((v) => typeof v === "number")).toBe(false);
  });

  test("the site_mapping_exclude snippet lists only the site no organization plausibly owns", () => {
    expect(excludeSnippet(report())).toEqual(["lab"]);
  });

  test("the printed report fits 100 columns (--wide: one row per site, every column); names and evidence trimmed", () => {
    const text = formatMatchReport(report());
    const long = text.split("\n").filter((l) => l.length > 100);
    expect(long).toEqual([]);
    const wide = formatMatchReport(report(), { wide: true });
    expect(wide.split("\n").some((l) => l.length > 100)).toBe(true);
    expect(wide).toContain("RUNNER-UP");
  });

  test("the printed report says nothing is pre-selected and shows the same snippets", () => {
    const text = formatMatchReport(report());
    const prose = text.replace(/\n {6}/g, " ").replace(/(\S)\n(\S)/g, "$1 $2"); // lines wrapped at 100 columns
    expect(prose).toContain("nothing is pre-selected");
    expect(prose).toContain("names differ only by legal form: ‹Calloway Tile› (#20) vs ‹Calloway Tile, Inc.› (#21) — choose");
    expect(text).toContain(`"tie": "<choose: 20 | 21>"`);
    expect(text).toContain(`"site_mapping_exclude": [\n  "lab"\n]`);
    expect(text).not.toContain("filled in");
  });
});

describe("the config refuses the snippet until it is edited", () => {
  const parse = (sync: unknown) => parseConfig({ sync }, { file: "/etc/oberaconnect/config.json", env: {} });
  const problems = (sync: unknown): string[] => {
    try {
      parse(sync);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };

  test("pasted unedited: refused, naming each field, with what to do instead", () => {
    const r = report();
    const found = problems({ site_mapping: mappingSnippet(r), site_mapping_exclude: excludeSnippet(r) });
    expect(found).toHaveLength(3);
    for (const siteId of ["tie", "even", "weak"]) {
      expect(found).toContainEqual(expect.stringMatching(new RegExp(`^sync\\.site_mapping\\.${siteId}: a placeholder or text where an organization id belongs: replace it with the NinjaOne organization id`)));
    }
    // The message never echoes the value.
    expect(found.join("\n")).not.toContain("<choose");
  });

  test("edited: an id chosen for each site, the rest excluded, it parses", () => {
    const loaded = parse({ site_mapping: { tie: 21, even: 50 }, site_mapping_exclude: ["lab", "weak"] });
    expect(loaded.config.sync.site_mapping).toEqual({ tie: 21, even: 50 });
    // A number written as text is still refused: config wants the id itself.
    expect(problems({ site_mapping: { tie: "21" } })).toEqual([expect.stringMatching(/^sync\.site_mapping\.tie: a placeholder or text/)]);
  });
});
