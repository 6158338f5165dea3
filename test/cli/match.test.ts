import { afterEach, describe, expect, test } from "bun:test";
import { HARD_CASE_CUSTOMERS } from "@oberaconnect/emulators/dataset/hard-cases";
import { keys } from "../../src/core/model";
import { livePages } from "../helpers/sync-harness";
import { cliIn, startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const cli = (stack: Stack, config: Record<string, unknown>, ...args: string[]) => cliIn(stack, config, args);

const siteByDesc = (stack: Stack, desc: string) => stack.emulators.dataset.unifi.sites.find((x) => x.meta.desc === desc)!;

describe("oberaconnect-sync match", () => {
  test("--json lists every site with its link, score, evidence and runner-up, the counts and the snippets; exit 1 while some need review", async () => {
    s = await startStack({ customers: HARD_CASE_CUSTOMERS, seed: 5 });
    const r = await cli(s, {}, "match", "--json");
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    const sites = s.emulators.dataset.unifi.sites;
    expect(out.complete).toBe(true);
    expect(out.sites.map((x: { siteId: string }) => x.siteId).sort()).toEqual(sites.map((x) => x.siteId).sort());
    for (const x of out.sites) {
      expect(Object.keys(x).sort()).toEqual(["candidates", "evidence", "hostId", "hostName", "hostType", "kind", "link", "name", "review", "runnerUp", "score", "siteId", "support", "wan"]);
      // Every open site says why; a settled one does not.
      expect([x.siteId, x.review === null]).toEqual([x.siteId, x.kind !== "ambiguous" && x.kind !== "unmatched"]);
      if (x.link) expect([x.siteId, x.evidence?.kind, typeof x.link.orgName]).toEqual([x.siteId, expect.stringMatching(/^(site-name|console-name|hostname|wan-ip|mapping)$/), "string"]);
      // A customer's console shows who reports its WAN address; an MSP's shared controller never does.
      if (x.wan) expect(x.wan).toMatchObject({ ip: expect.any(String), devices: expect.any(Number), hosts: expect.any(Number) });
    }
    expect(out.sites.filter((x: { hostType: string; wan: unknown }) => x.hostType === "network-server" && x.wan !== null).every((x: { hostName: string }) => /self-hosted/.test(x.hostName))).toBe(true);
    // The console never named is linked by its customer's agents behind its WAN address.
    const lindqvist = out.sites.find((x: { hostName: string; kind: string }) => x.hostName === "UDM Pro" && x.kind === "wan-ip");
    expect(lindqvist).toMatchObject({ link: { orgId: 15, orgName: "Lindqvist Bakery" }, evidence: { kind: "wan-ip" }, wan: { dominant: { orgId: 15, decisive: true } } });
    expect(out.counts["wan-ip"]).toBeGreaterThanOrEqual(1);
    const summit = out.sites.find((x: { name: string }) => x.name === "Summit Partners");
    expect(summit).toMatchObject({ kind: "ambiguous", link: null, candidates: [{ orgId: 12 }, { orgId: 13 }] });
    const brightwater = out.sites.find((x: { hostName: string }) => x.hostName === "Brightwater Dental - Main Office");
    expect(brightwater).toMatchObject({ kind: "console", name: "Default", hostType: "console", link: { orgId: 17 }, evidence: { kind: "console-name" }, support: [{ kind: "wan-ip" }] });
    expect(out.counts.sites).toBe(sites.length);
    // The Summits and the Brightlines: names that differ only by legal form, no form in the site's texts.
    const brightline = out.sites.find((x: { hostName: string }) => x.hostName === "Brightline Freight - Main Office");
    expect(brightline).toMatchObject({ kind: "ambiguous", link: null, candidates: [{ orgId: 27 }, { orgId: 28 }] });
    expect(out.counts.ambiguous).toBe(2);
    expect(summit.review).toBe("names differ only by legal form: ‹Summit Partners LLC› (#12) vs ‹Summit Partners, Inc.› (#13) — choose");
    // No organization pre-filled: a placeholder per open site with a plausible owner, none a number.
    expect(out.snippet.site_mapping).toMatchObject({ [summit.siteId]: "<choose: 12 | 13>", [brightline.siteId]: "<choose: 27 | 28>" });
    expect(Object.values(out.snippet.site_mapping).every((v) => typeof v === "string" && v.startsWith("<choose"))).toBe(true);
    // Exclusion is offered only for sites nothing points to.
    type Open = { siteId: string; kind: string; runnerUp: unknown; wan: { dominant: unknown } | null };
    const ownerless = out.sites.filter((x: Open) => x.kind === "unmatched" && x.runnerUp === null && !x.wan?.dominant);
    expect(out.snippet.site_mapping_exclude).toEqual(ownerless.map((x: Open) => x.siteId));
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    // Nothing was written anywhere.
    expect(s.emulators.notion.stats.count("POST", "/v1/pages")).toBe(0);

    const only = JSON.parse((await cli(s, {}, "match", "--json", "--ambiguous")).stdout);
    expect(only.sites.map((x: { siteId: string }) => x.siteId).sort()).toEqual([summit.siteId, brightline.siteId].sort());
    expect(only.counts).toEqual(out.counts);

    const text = await cli(s, {}, "match", "--unmatched", "--ambiguous");
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("KIND      SCORE SITE");
    expect(text.stdout).toContain(`"site_mapping": {\n`);
    expect(text.stdout).toContain(`\n  "${summit.siteId}": "<choose: 12 | 13>"`);
    expect(text.stdout.replace(/\n {6}/g, " ").replace(/(\S)\n(\S)/g, "$1 $2")).toContain("nothing is pre-selected");
    expect(text.stdout.split("\n").filter((l) => l.length > 100)).toEqual([]); // fits 100 columns; --wide does not
    expect(text.stdout).toContain("Summit Partners LLC (#12) 1.00 | Summit Partners, Inc. (#13) 1.00");
    // Both Summits report the WAN address of their shared office: shown, deciding nothing.
    // --wide: one line per entry, as before the 100-column fit.
    const wide = await cli(s, {}, "match", "--unmatched", "--ambiguous", "--wide");
    const summitLine = wide.stdout.split("\n").find((l) => l.startsWith(`  ${summit.siteId}`))!;
    expect(summitLine).toMatch(/; WAN [\d.]+: Summit Partners.* \(#1[23]\) \d+, Summit Partners.* \(#1[23]\) \d+$/);
    expect(text.stdout).toContain('"site_mapping_exclude": [');
    expect(text.stdout).not.toContain("Brightwater");
  }, 60_000);

  test("settled in config: the ambiguous site links on the next sync, an exclusion unlinks, and match exits 0", async () => {
    s = await startStack({ customers: HARD_CASE_CUSTOMERS, seed: 5 });
    const summit = siteByDesc(s, "Summit Partners");
    const acme = siteByDesc(s, "ACME Corporation, Inc.");
    const customerPage = (orgId: number) => livePages(s!.emulators.notion, "Customer Status").find((p) => p.key === keys.customer(orgId))!.pageId;
    const sitePage = (siteId: string) => livePages(s!.emulators.notion, "Sites").find((p) => p.key === keys.site(siteId))!.props;

    for (const job of ["customers", "sites"]) expect((await cli(s, {}, "sync", "--job", job)).code).toBe(0);
    expect(sitePage(summit.siteId)).toMatchObject({ Match: "Ambiguous", Customer: [] });
    expect(sitePage(acme.siteId)).toMatchObject({ Match: "Name", Customer: [customerPage(1)] });

    const { snippet, sites } = JSON.parse((await cli(s, {}, "match", "--json")).stdout);
    // Pasted as printed, the placeholders are refused: nothing is linked that nobody chose.
    const unedited = await cli(s, { sync: { site_mapping: snippet.site_mapping } }, "sync", "--job", "sites");
    expect(unedited.code).toBe(2);
    expect(unedited.stderr).toContain(`config error: sync.site_mapping.${summit.siteId}: a placeholder or text where an organization id belongs`);
    // Edited: the operator chose the Summit and the Brightline the sites belong to.
    const brightline = sites.find((x: { hostName: string }) => x.hostName === "Brightline Freight - Main Office");
    const chosen = { [summit.siteId]: 12, [brightline.siteId]: 27 };
    const settled = { sync: { site_mapping: chosen, site_mapping_exclude: [acme.siteId] } };
    expect((await cli(s, settled, "sync", "--job", "sites")).code).toBe(0);
    expect(sitePage(summit.siteId)).toMatchObject({ Match: "Mapping", Customer: [customerPage(12)] });
    expect(sitePage(acme.siteId)).toMatchObject({ Match: "Excluded", Customer: [] });

    // Every unmatched site excluded too (here they belong to no one): nothing left to review.
    const unmatched = sites.filter((x: { kind: string }) => x.kind === "unmatched").map((x: { siteId: string }) => x.siteId);
    const all = { sync: { site_mapping: chosen, site_mapping_exclude: [acme.siteId, ...unmatched] } };
    const done = await cli(s, all, "match");
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(" 0 unmatched, 0 ambiguous");
  }, 60_000);
});
