import { afterEach, describe, expect, test } from "bun:test";
import { generateDatasetWithTruth } from "@oberaconnect/emulators/dataset/generate";
import { keys } from "../../src/core/model";
import { normalizeSites } from "../../src/sources/normalize-sites";
import { livePages } from "../helpers/sync-harness";
import { startStack, type Stack } from "../helpers/stack";
import { figures, scoreLinks } from "./fleet-score";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const writes = (stack: Stack) =>
  stack.emulators.notion.stats.count("POST", "/v1/pages") + stack.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id");

describe("a 100-customer generated fleet synced to Notion", () => {
  test("Sites → Customer relations in the Notion emulator score like the matcher; a second run makes 0 writes", async () => {
    s = await startStack({ customers: 100, seed: 3 });
    // The emulators generated the same fleet (only its timestamps follow the clock): same ids.
    const { dataset, truth } = generateDatasetWithTruth({ customers: 100, seed: 3 });
    expect(s.emulators.dataset.unifi.sites.map((x) => x.siteId)).toEqual(dataset.unifi.sites.map((x) => x.siteId));

    const first = await s.sync({ jobs: ["customers", "sites"] });
    expect(first.exitCode).toBe(0);

    // Read the links back from the Notion emulator's dump, not from the sync's own report.
    const orgOfPage = new Map(livePages(s.emulators.notion, "Customer Status").map((p) => [p.pageId, Number(p.key.split(":").pop())]));
    const sitePages = livePages(s.emulators.notion, "Sites");
    expect(sitePages).toHaveLength(dataset.unifi.sites.length);
    const fromNotion = new Map(sitePages.map((p) => {
      const related = p.props.Customer as string[];
      return [p.key.slice("unifi:site:".length), related.length ? orgOfPage.get(related[0]!)! : null] as const;
    }));
    const score = scoreLinks(fromNotion, truth);
    console.log(`100 customers, synced: ${figures(score)}`);
    expect(score.precision).toBeGreaterThanOrEqual(0.99);
    expect(score.recall).toBeGreaterThanOrEqual(0.96);

    // The same links the matcher makes on the same data, hence the same precision and recall.
    const pure = normalizeSites({
      sites: dataset.unifi.sites, hosts: dataset.unifi.hosts, orgs: dataset.ninjaone.organizations, locations: dataset.ninjaone.locations,
      devices: dataset.ninjaone.devices, mapping: {},
    });
    expect(fromNotion).toEqual(new Map(pure.sites.map((x) => [x.siteId, x.customerKey === null ? null : Number(x.customerKey.split(":").pop())])));
    // The Match column says how: a linked page is Name / Console / WAN IP, the rest Unmatched / Ambiguous.
    const match = new Map(sitePages.map((p) => [p.key, p.props.Match]));
    expect(pure.sites.some((x) => x.match === "wan-ip")).toBe(true);
    for (const site of pure.sites) {
      const label = { name: "Name", console: "Console", "wan-ip": "WAN IP", unmatched: "Unmatched", ambiguous: "Ambiguous", mapping: "Mapping", excluded: "Excluded" }[site.match];
      expect([site.key, match.get(keys.site(site.siteId))]).toEqual([site.key, label]);
    }

    s.emulators.notion.stats.reset();
    const second = await s.sync({ jobs: ["customers", "sites"] });
    expect(second.exitCode).toBe(0);
    expect(writes(s)).toBe(0);
  }, 120_000);
});
