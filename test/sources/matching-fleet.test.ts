import { describe, expect, test } from "bun:test";
import { generateDatasetWithTruth } from "@oberaconnect/emulators/dataset/generate";
import { HARD_CASE_CUSTOMERS, HARD_CASES } from "@oberaconnect/emulators/dataset/hard-cases";
import { normalizeCompanyName } from "@oberaconnect/emulators/dataset/names";
import type { Dataset } from "@oberaconnect/emulators/dataset/types";
import { createRng } from "@oberaconnect/common/random";
import { evidenceOf } from "../../src/sources/matching";
import { keys } from "../../src/core/model";
import { normalizeSites } from "../../src/sources/normalize-sites";
import { figures, scoreLinks, type FleetScore } from "./fleet-score";
import { sourceHarness } from "./source-harness";

const normalize = (d: Dataset, mapping: Record<string, number> = {}) =>
  normalizeSites({ sites: d.unifi.sites, hosts: d.unifi.hosts, orgs: d.ninjaone.organizations, locations: d.ninjaone.locations, devices: d.ninjaone.devices, mapping });

/** How many links each kind of evidence made, and how many name links the WAN address confirmed. */
const byEvidence = (r: ReturnType<typeof normalize>) => {
  const out: Record<string, number> = {};
  for (const s of r.matchReport.sites) {
    if (!s.link || !s.evidence) continue;
    const key = s.support.length ? `${s.evidence.kind}+${s.support.map((e) => e.kind).join("+")}` : s.evidence.kind;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
};

const linksOf = (sites: { siteId: string; customerKey: string | null }[]) =>
  new Map(sites.map((s) => [s.siteId, s.customerKey === null ? null : Number(s.customerKey.split(":").pop())]));

describe("the matcher against the generator's ground truth", () => {
  // Three seeds, so one lucky fleet cannot carry the figures. These are the TUNING seeds: the
  // matcher was developed looking at their misses. The held-out seeds, never looked at while
  // tuning, are below.
  test.each([[1], [2], [3]])("500 customers, tuning seed %p: precision ≥ 0.99 and recall ≥ 0.96 (the issue's targets)", (seed) => {
    const { dataset, truth } = generateDatasetWithTruth({ customers: 500, seed });
    const r = normalize(dataset);
    const { sites, matchReport } = r;
    const score = scoreLinks(linksOf(sites), truth);
    // Owned sites with no evidence at all: no name evidence, and no WAN address that one
    // organization dominates (an unnamed console whose customer has no agent behind it, a
    // customer's own controller with its "Default" site in the same state). No matcher can link
    // them without config.
    const blind = matchReport.sites.filter((s) => {
      const h = dataset.unifi.hosts.find((x) => x.id === s.hostId);
      const facts = { siteId: s.siteId, name: s.name, hostType: h?.type ?? null, hostName: h?.reportedState?.name ?? null, hostHostname: h?.reportedState?.hostname ?? null };
      return truth.siteOrganization[s.siteId] !== null && evidenceOf(facts).length === 0 && !s.wan?.dominant;
    }).length;
    console.log(`seed ${seed}: ${figures(score)}; ${blind} owned site(s) carry no evidence (recall ceiling ${((score.owned - blind) / score.owned).toFixed(4)}); links by evidence ${JSON.stringify(byEvidence(r))}; report counts ${JSON.stringify(matchReport.counts)}`);
    if (score.precision < 0.99) expect(score.wrongLinks).toEqual([]); // names them in the failure
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.96);
    expect(matchReport.counts.sites).toBe(score.sites);
    // Every WAN-IP link is right: the address never decides against the truth.
    const wrongByWan = score.wrongLinks.filter((w) => matchReport.sites.find((s) => s.siteId === w.siteId)?.kind === "wan-ip");
    expect(wrongByWan).toEqual([]);
    expect(matchReport.counts["wan-ip"]).toBeGreaterThan(0);
  });

  test("2,000 customers: near-linear (the figures and the time are printed)", () => {
    const { dataset, truth } = generateDatasetWithTruth({ customers: 2000, seed: 1 });
    const t0 = performance.now();
    const r = normalize(dataset);
    const ms = Math.round(performance.now() - t0);
    const score = scoreLinks(linksOf(r.sites), truth);
    console.log(`2,000 customers (${dataset.ninjaone.devices.length} NinjaOne devices): ${figures(score)}; links by evidence ${JSON.stringify(byEvidence(r))}; matched in ${ms} ms`);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    // Comparing every site with every organization takes minutes; the index keeps it to seconds
    // even on a busy 2-core machine.
    expect(ms).toBeLessThan(15_000);
  });

  test("stable: shuffled organizations, locations, devices, hosts and sites give every site the same result", () => {
    const { dataset: d } = generateDatasetWithTruth({ customers: 200, seed: 4 });
    const rng = createRng(9);
    const shuffle = <T,>(xs: readonly T[]): T[] => {
      const a = [...xs];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    };
    const bySite = (r: ReturnType<typeof normalize>) => new Map(r.matchReport.sites.map((s) => [s.siteId, s]));
    const base = bySite(normalize(d));
    for (let k = 0; k < 3; k++) {
      const shuffled: Dataset = {
        ...d,
        unifi: { ...d.unifi, sites: shuffle(d.unifi.sites), hosts: shuffle(d.unifi.hosts) },
        ninjaone: { ...d.ninjaone, organizations: shuffle(d.ninjaone.organizations), locations: shuffle(d.ninjaone.locations), devices: shuffle(d.ninjaone.devices) },
      };
      expect(bySite(normalize(shuffled))).toEqual(base);
    }
    // The WAN evidence took part: the stability covers it.
    expect([...base.values()].filter((s) => s.kind === "wan-ip").length).toBeGreaterThan(0);
    expect([...base.values()].filter((s) => s.support.some((e) => e.kind === "wan-ip")).length).toBeGreaterThan(0);
  });
});

/**
 * HELD-OUT fleets: seeds 101, 102 and 103 (500 customers each, with every kind the generator
 * plants: dotted legal forms in names, site names and hostnames, legal-form twins with and
 * without the form in their texts, trade words). They were fixed before the matcher was tuned for
 * issue 23 and not looked at while tuning (the tuning seeds are 1, 2 and 3, above): they say how
 * the matcher does on fleets it was not shaped on. When they fail, change the matcher, not them.
 */
const HELD_OUT_SEEDS = [101, 102, 103] as const;
/**
 * Held-out fleets whose recall is below the 0.96: none since the whole name before a
 * site's label decides (label-decision.ts, found on tuning seeds 13 and 15): seed 101 went from
 * 0.9521 (first run) to 0.9583 (initials, trade shorthand, two-slip typos, a customer's own
 * controller) to 0.9604; 102 is at 0.9619, 103 at 0.9768. A seed that falls short goes here: its
 * recall test is then marked failing, so the suite stays green and says so, and turns into a
 * failure the day the seed reaches 0.96 again.
 */
const RECALL_BELOW_TARGET: ReadonlySet<number> = new Set<number>([]);

describe("the matcher on held-out fleets", () => {
  const scored = new Map<number, FleetScore>();
  const score = (seed: number): FleetScore => {
    const known = scored.get(seed);
    if (known) return known;
    const { dataset, truth } = generateDatasetWithTruth({ customers: 500, seed });
    const { sites, matchReport } = normalize(dataset);
    const s = scoreLinks(linksOf(sites), truth);
    // Legal-form twins in this fleet (the only names that normalise alike), and how many of their sites were linked.
    const byKey = new Map<string, number[]>();
    for (const o of dataset.ninjaone.organizations) byKey.set(normalizeCompanyName(o.name), [...(byKey.get(normalizeCompanyName(o.name)) ?? []), o.id]);
    const twinOrgs = new Set([...byKey.values()].filter((ids) => ids.length > 1).flat());
    const twinSites = Object.entries(truth.siteOrganization).filter(([, owner]) => owner !== null && twinOrgs.has(owner));
    const linked = linksOf(sites);
    const twinLinked = twinSites.filter(([siteId, owner]) => linked.get(siteId) === owner).length;
    console.log(`held-out seed ${seed}: ${figures(s)}; report counts ${JSON.stringify(matchReport.counts)}; legal-form twins: ${twinOrgs.size} orgs, ${twinLinked} of ${twinSites.length} of their sites linked`);
    scored.set(seed, s);
    return s;
  };

  test.each(HELD_OUT_SEEDS.map((s) => [s]))("500 customers, held-out seed %p: precision ≥ 0.99", (seed) => {
    const s = score(seed);
    if (s.precision < 0.99) expect(s.wrongLinks).toEqual([]); // names them in the failure
    expect(s.precision).toBeGreaterThanOrEqual(0.99);
  });

  for (const seed of HELD_OUT_SEEDS) {
    const recallTest = RECALL_BELOW_TARGET.has(seed) ? test.failing : test;
    recallTest(`500 customers, held-out seed ${seed}: recall ≥ 0.96${RECALL_BELOW_TARGET.has(seed) ? " (known to fall short)" : ""}`, () => {
      expect(score(seed).recall).toBeGreaterThanOrEqual(0.96);
    });
  }
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
      if (hc.expected !== "not-applicable") expect([hc.key, rec.siteIds.length > 0]).toEqual([hc.key, true]);
      for (const siteId of rec.siteIds) {
        const site = sites.get(siteId)!;
        const label = `${hc.key} / ${site.name}`;
        const entry = snap.matchReport!.sites.find((s) => s.siteId === siteId)!;
        if (hc.expected === "match") {
          expect([label, ["name", "console", "wan-ip"].includes(site.match)]).toEqual([label, true]);
          expect([label, site.customerKey]).toEqual([label, keys.customer(truth.siteOrganization[siteId]!)]);
        } else if (hc.expected === "no-match") {
          expect([label, site.match, site.customerKey]).toEqual([label, "unmatched", null]);
        } else if (hc.expected === "ambiguous") {
          expect([label, site.match, site.customerKey]).toEqual([label, "ambiguous", null]);
          const expected = hc.candidates ? hc.candidates.map((c) => c + 1) : [...rec.organizationIds].sort((a, b) => a - b);
          expect([label, entry.candidates.map((c) => c.orgId)]).toEqual([label, expected]);
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
    const group = dataset.unifi.devices.find((g) => g.hostId === pinecrest.hostIds[0])!;
    const pinecrestDevices = snap.devices.filter((d) => d.source === "unifi" && group.devices.some((x) => keys.unifiDevice(x.id) === d.key));
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
    // The report shows the evidence of the console cases.
    const byKey = (key: string) => snap.matchReport!.sites.find((s) => s.siteId === rec(key).siteIds[0])!;
    expect(byKey("console-hostname-only").evidence).toMatchObject({ kind: "hostname", text: "marlowe-vet-ucg" });
    expect(byKey("alias-in-description").evidence).toMatchObject({ kind: "console-name", matched: { kind: "alias", text: "Sunrise Pediatrics" } });
    // WAN addresses: the unnamed console linked by its customer's agents; the shared office of
    // the two Summits reported but deciding nothing; the console of a customer without agents
    // and the MSP's bench console (behind the MSP's office) left alone.
    const lindqvist = byKey("console-model-name");
    const lindqvistOrg = rec("console-model-name").organizationIds[0]!;
    expect(lindqvist).toMatchObject({ kind: "wan-ip", link: { orgId: lindqvistOrg }, evidence: { kind: "wan-ip", text: dataset.unifi.hosts.find((x) => x.id === lindqvist.hostId)!.ipAddress } });
    expect(lindqvist.evidence!.devices).toBeGreaterThanOrEqual(3);
    expect(lindqvist.wan?.dominant).toMatchObject({ orgId: lindqvistOrg, decisive: true });
    const summit = byKey("normalized-name-collision");
    expect(summit.wan?.orgs.map((o) => o.orgId).sort()).toEqual([...rec("normalized-name-collision").organizationIds].sort());
    expect(byKey("console-no-evidence")).toMatchObject({ kind: "unmatched", wan: { devices: 0, dominant: null } });
    expect(byKey("msp-lab-console").wan?.dominant ?? null).toBeNull();
  });

  test("an explicit mapping settles the ambiguous cases, an exclusion unlinks a matched one", async () => {
    const { dataset, truth } = generateDatasetWithTruth({ customers: HARD_CASE_CUSTOMERS, seed: 5 });
    const siteId = truth.hardCases["normalized-name-collision"]!.siteIds[0]!;
    const twin = truth.hardCases["legal-form-twin-without-form"]!.siteIds[0]!;
    const acme = truth.hardCases["name-case-punctuation-suffix"]!.siteIds[0]!;
    const h = await sourceHarness({ dataset, config: { sync: { site_mapping: { [siteId]: 13, [twin]: 27 }, site_mapping_exclude: [acme] } } });
    const snap = await h.reader.read();
    expect(snap.sites.find((s) => s.siteId === siteId)).toMatchObject({ match: "mapping", customerKey: keys.customer(13) });
    expect(snap.sites.find((s) => s.siteId === twin)).toMatchObject({ match: "mapping", customerKey: keys.customer(27) });
    expect(snap.sites.find((s) => s.siteId === acme)).toMatchObject({ match: "excluded", customerKey: null });
    expect(snap.matchReport!.counts.ambiguous).toBe(0);
    expect(snap.problems).toEqual([]);
  });
});
