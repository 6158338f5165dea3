import { describe, expect, test } from "bun:test";
import { createRng } from "@oberaconnect/common/random";
import { createSiteMatcher, type SiteFacts, type WanDevice, type WanHost } from "../../src/sources/matching";
import { WanIndex, wanKey } from "../../src/sources/matching/wan";

const ORGS = [
  { orgId: 1, name: "Acme Corp" },
  { orgId: 2, name: "Acme Corporate Travel" },
  { orgId: 5, name: "Summit Partners LLC" },
  { orgId: 6, name: "Summit Partners, Inc." },
  { orgId: 9, name: "Pinecrest Medical Group" },
  { orgId: 11, name: "Keller Dental" },
  { orgId: 20, name: "Redwood Foods" },
  { orgId: 21, name: "Redwood Wellness" },
  { orgId: 30, name: "OberaConnect" }, // the MSP's own organization
];

let nextDevice = 1;
/** `n` devices of `orgId` reporting `ip`. */
const devices = (orgId: number, n: number, ip: string): WanDevice[] =>
  Array.from({ length: n }, () => ({ id: nextDevice++, organizationId: orgId, publicIP: ip }));

const IP = "203.0.113.10";
const onConsole = (hostName: string | null, hostHostname: string | null, opts: Partial<SiteFacts> = {}): SiteFacts =>
  ({ siteId: "s1", name: "Default", hostId: "h1", hostType: "console", hostName, hostHostname, hostIp: IP, ...opts });
const hosts = (...list: [string, string][]): WanHost[] => list.map(([id, ipAddress]) => ({ id, ipAddress }));

/** One site through a matcher that knows these devices and hosts. */
function match(site: SiteFacts, devs: WanDevice[], hostList: WanHost[] = hosts([site.hostId ?? "h1", site.hostIp ?? IP])) {
  const r = createSiteMatcher(ORGS, { mapping: {} }, { devices: devs, hosts: hostList })(site);
  return { kind: r.kind, org: r.orgId ?? r.candidates.map((c) => c.orgId), r };
}

describe("wanKey: which addresses say where a device is", () => {
  test.each([
    ["a public IPv4", "73.12.4.5", "73.12.4.5"],
    ["padded", " 73.12.4.5 ", "73.12.4.5"],
    ["documentation ranges (the samples use them)", "203.0.113.24", "203.0.113.24"],
    ["private 10/8", "10.1.2.3", null],
    ["private 172.16/12", "172.20.1.1", null],
    ["private 192.168/16", "192.168.1.10", null],
    ["carrier-grade NAT 100.64/10: shared by a carrier's subscribers", "100.72.1.9", null],
    ["just outside CGNAT", "100.128.0.1", "100.128.0.1"],
    ["loopback", "127.0.0.1", null],
    ["link-local", "169.254.10.1", null],
    ["multicast", "224.0.0.1", null],
    ["this network", "0.0.0.0", null],
    ["an octet out of range", "300.1.1.1", null],
    ["empty", "", null],
    ["text", "unknown", null],
    ["a public IPv6, lower-cased", "2001:DB8::1", "2001:db8::1"],
    ["IPv6 link-local", "fe80::1", null],
    ["IPv6 unique local", "fd12::1", null],
    ["IPv6 loopback", "::1", null],
  ] as const)("%s: %p", (_label, ip, expected) => {
    expect(wanKey(ip)).toBe(expected);
  });
});

describe("WanIndex: who reports an address", () => {
  const orgIds = new Set([1, 2, 3]);

  test("distinct devices per organization, most first; unknown organizations and unusable addresses left out", () => {
    const d = [...devices(1, 4, IP), ...devices(2, 1, IP), { id: 999, organizationId: 7, publicIP: IP }, ...devices(3, 5, "10.0.0.1")];
    const twice = [...d, d[0]!]; // a device delivered twice counts once
    const obs = new WanIndex(twice, hosts(["h1", IP]), orgIds).observe(IP)!;
    expect(obs).toMatchObject({ ip: IP, devices: 5, orgs: [{ orgId: 1, devices: 4 }, { orgId: 2, devices: 1 }], hosts: 1 });
    expect(obs.dominant).toMatchObject({ orgId: 1, devices: 4, share: 0.8, decisive: true });
    expect(new WanIndex(d, [], orgIds).observe("10.0.0.1")).toBeNull();
  });

  test.each([
    ["3 devices alone: decisive", [[1, 3]], 1, { orgId: 1, decisive: true }],
    ["2 devices alone: dominant, not decisive", [[1, 2]], 1, { orgId: 1, decisive: false }],
    ["1 device: nothing", [[1, 1]], 1, null],
    ["9 and a visitor: decisive (others at most one device each, 90%)", [[1, 9], [2, 1]], 1, { orgId: 1, decisive: true }],
    ["8 and 2: dominant, not decisive (another organization has two there)", [[1, 8], [2, 2]], 1, { orgId: 1, decisive: false }],
    ["5 and 4 (one building, two tenants): nobody", [[1, 5], [2, 4]], 1, null],
    ["10 and 3 and 1: 71%, nobody", [[1, 10], [2, 3], [3, 1]], 1, null],
    ["3 devices but two UniFi hosts behind the address: dominant, not decisive", [[1, 3]], 2, { orgId: 1, decisive: false }],
  ] as const)("%s", (_label, counts, hostCount, expected) => {
    const d = counts.flatMap(([org, n]) => devices(org, n, IP));
    const h = Array.from({ length: hostCount }, (_, i) => ({ id: `h${i}`, ipAddress: IP }));
    const obs = new WanIndex(d, h, orgIds).observe(IP)!;
    expect(obs.dominant === null ? null : { orgId: obs.dominant.orgId, decisive: obs.dominant.decisive }).toEqual(expected as never);
  });
});

describe("the matcher with WAN evidence", () => {
  test("a console never named: decisive agents link it by WAN IP, with the address as evidence", () => {
    const { kind, org, r } = match(onConsole("UDM Pro", "UDM-Pro"), devices(9, 6, IP));
    expect([kind, org]).toEqual(["wan-ip", 9]);
    expect(r.evidence).toEqual({ kind: "wan-ip", text: IP, devices: 6, share: 1 });
    expect(r.support).toEqual([]);
    expect(r.wan).toMatchObject({ ip: IP, devices: 6, orgs: [{ orgId: 9, devices: 6 }], hosts: 1 });
  });

  test("a dominant address that is not decisive alone is kept as a suggestion", () => {
    const { kind, r } = match(onConsole("UDM Pro", "UDM-Pro"), devices(9, 2, IP));
    expect(kind).toBe("unmatched");
    expect(r.runnerUp).toMatchObject({ orgId: 9, evidence: { kind: "wan-ip" } });
  });

  test("a weak name that agrees with a dominant address links, the name as support", () => {
    // "Pinecrest Med" alone is not enough for a link... (see the first expectation)
    expect(match(onConsole("Pinecrst", "UDM-Pro"), []).kind).toBe("unmatched");
    // ...with two of Pinecrest's agents behind the console, it is.
    const { kind, org, r } = match(onConsole("Pinecrst", "UDM-Pro"), devices(9, 2, IP));
    expect([kind, org]).toEqual(["wan-ip", 9]);
    expect(r.support).toMatchObject([{ kind: "console-name", text: "Pinecrst" }]);
    expect(r.score!).toBeGreaterThan(r.wan!.dominant!.score);
  });

  test("a name link the address agrees with carries it as support; one it says nothing about stays as it was", () => {
    const agree = match(onConsole("Acme Corp HQ", "UDM-Pro"), devices(1, 5, IP));
    expect([agree.kind, agree.org]).toEqual(["console", 1]);
    expect(agree.r.support).toEqual([{ kind: "wan-ip", text: IP, devices: 5, share: 1 }]);
    const silent = match(onConsole("Acme Corp HQ", "UDM-Pro"), []);
    expect([silent.kind, silent.org, silent.r.support, silent.r.wan?.devices]).toEqual(["console", 1, [], 0]);
  });

  test("the address contradicts a strong name (another customer's agents, none of the named one's): ambiguous, never linked", () => {
    // A console re-deployed from Acme to Keller Dental and never renamed.
    const { kind, org, r } = match(onConsole("Acme Corp", "acme-udm-pro"), devices(11, 12, IP));
    expect([kind, org]).toEqual(["ambiguous", [1, 11]]);
    expect(r.candidates.map((c) => c.evidence.kind).sort()).toEqual(["console-name", "wan-ip"]);
  });

  test("another customer dominating the address does not contradict a name whose customer is there too (one building)", () => {
    const { kind, org, r } = match(onConsole("Acme Corp", "UDM-Pro"), [...devices(11, 12, IP), ...devices(1, 1, IP)]);
    expect([kind, org, r.support]).toEqual(["console", 1, []]);
  });

  test("an address reported by several customers, none dominating, is reported and decides nothing", () => {
    const d = [...devices(1, 5, IP), ...devices(11, 4, IP)];
    const unnamed = match(onConsole("UDM Pro", "UDM-Pro"), d);
    expect([unnamed.kind, unnamed.r.wan?.dominant, unnamed.r.wan?.orgs]).toEqual(["unmatched", null, [{ orgId: 1, devices: 5 }, { orgId: 11, devices: 4 }]]);
    const named = match(onConsole("Keller Dental", "UDM-Pro"), d);
    expect([named.kind, named.org]).toEqual(["console", 11]);
  });

  test("names that tie: the address chooses only when the other candidates have no device behind it", () => {
    const site = onConsole("Summit Partners", "UDM-Pro");
    expect(match(site, [...devices(5, 4, IP), ...devices(6, 3, "198.51.100.77")])).toMatchObject({ kind: "wan-ip", org: 5 });
    // The twin without any agent (a network-only contract) is absent from every address: its
    // absence here rules nothing out, it may be the sister company that owns the console.
    expect(match(site, devices(5, 4, IP))).toMatchObject({ kind: "ambiguous", org: [5, 6] });
    // Sister companies in one office: both behind the address, it cannot tell them apart.
    expect(match(site, [...devices(5, 9, IP), ...devices(6, 1, IP)])).toMatchObject({ kind: "ambiguous", org: [5, 6] });
    // A first word several customers share ("Redwood"), with one Redwood's agents behind the console.
    expect(match(onConsole("REDWOOD", "UDM-SE"), []).kind).not.toBe("console");
    expect(match(onConsole("REDWOOD", "UDM-SE"), devices(21, 3, IP))).toMatchObject({ kind: "wan-ip", org: 21 });
  });

  test("a name pointing at another customer only contradicts a decisive address: ambiguous", () => {
    // "Keller" names Keller Dental (not well enough to link); Acme's agents are behind the console.
    const { kind, org } = match(onConsole("Keler Dentl", "UDM-Pro"), devices(1, 5, IP));
    expect(kind).toBe("ambiguous");
    expect(org).toEqual([1, 11]);
  });

  test("two UniFi hosts behind one address (tenants of a building): the address alone decides nothing", () => {
    const two = hosts(["h1", IP], ["h2", IP]);
    expect(match(onConsole("UDM Pro", "UDM-Pro"), devices(9, 6, IP), two).kind).toBe("unmatched");
    expect(match(onConsole("Pinecrst", "UDM-Pro"), devices(9, 6, IP), two)).toMatchObject({ kind: "wan-ip", org: 9 }); // with a name, it does
  });

  test("unusable host addresses are no evidence: carrier-grade NAT, private, missing, an unknown host type", () => {
    for (const site of [onConsole("UDM Pro", "UDM-Pro", { hostIp: "100.64.3.3" }), onConsole("UDM Pro", "UDM-Pro", { hostIp: "192.168.1.1" }), onConsole("UDM Pro", "UDM-Pro", { hostIp: null }), onConsole("UDM Pro", "UDM-Pro", { hostType: null })]) {
      const d = devices(9, 6, site.hostIp ?? IP);
      expect([site.hostIp, site.hostType, match(site, d).kind, match(site, d).r.wan]).toEqual([site.hostIp, site.hostType, "unmatched", null]);
    }
  });

  test("config decides before the address", () => {
    const d = devices(9, 6, IP);
    const m = createSiteMatcher(ORGS, { mapping: { s1: 11 }, exclude: ["s2"] }, { devices: d, hosts: hosts(["h1", IP]) });
    expect(m(onConsole("UDM Pro", "UDM-Pro"))).toMatchObject({ kind: "mapping", orgId: 11, wan: null });
    expect(m(onConsole("UDM Pro", "UDM-Pro", { siteId: "s2" }))).toMatchObject({ kind: "excluded", orgId: null });
  });
});

describe("self-hosted controllers: a customer's own, or the MSP's shared one", () => {
  const DC = "198.51.100.7";
  const server = (siteId: string, name: string, hostId = "srv"): SiteFacts =>
    ({ siteId, name, hostId, hostType: "network-server", hostName: "UniFi Network Server", hostHostname: "unifi.example", hostIp: DC });

  test("a customer's own controller (a few sites, none named for anyone else): its Default site is linked by WAN IP", () => {
    const m = createSiteMatcher(ORGS, { mapping: {} }, { devices: devices(9, 5, DC), hosts: hosts(["srv", DC]) });
    const [def, annex] = m.all([server("a", "Default"), server("b", "Pinecrest Medical - Annex")]);
    expect([def!.kind, def!.orgId]).toEqual(["wan-ip", 9]);
    expect([annex!.kind, annex!.orgId, annex!.support.map((e) => e.kind)]).toEqual(["name", 9, ["wan-ip"]]);
  });

  test("the MSP's shared controller, behind the MSP's own organization's address: no site is linked by it", () => {
    // The MSP's servers share the datacenter's address with its controller.
    const d = devices(30, 8, DC);
    const sites = [server("a", "Default"), server("b", "Acme Corp"), server("c", "Keller Dental"), server("d", "Pinecrest Medical Group")];
    const r = createSiteMatcher(ORGS, { mapping: {} }, { devices: d, hosts: hosts(["srv", DC]) }).all(sites);
    expect(r.map((x) => [x.kind, x.orgId, x.wan])).toEqual([["unmatched", null, null], ["name", 1, null], ["name", 11, null], ["name", 9, null]]);
    // Small as it still is: one customer site named for another organization than the address's makes it shared.
    const small = createSiteMatcher(ORGS, { mapping: {} }, { devices: d, hosts: hosts(["srv", DC]) }).all(sites.slice(0, 2));
    expect(small.map((x) => [x.kind, x.orgId, x.wan])).toEqual([["unmatched", null, null], ["name", 1, null]]);
  });

  test("more than three sites: never a customer's own, whatever the address says", () => {
    const sites = ["Default", "Lab", "Staging", "Spare"].map((n, i) => server(`s${i}`, n));
    const r = createSiteMatcher(ORGS, { mapping: {} }, { devices: devices(9, 5, DC), hosts: hosts(["srv", DC]) }).all(sites);
    expect(r.every((x) => x.kind === "unmatched" && x.wan === null)).toBe(true);
  });
});

describe("stable: the same inputs give the same links whatever their order, WAN evidence included", () => {
  test("shuffled organizations, devices, hosts and sites, five times", () => {
    const B = "198.51.100.20";
    const C = "192.0.2.50";
    const devs = [...devices(9, 6, IP), ...devices(5, 3, B), ...devices(6, 3, B), ...devices(21, 4, C), ...devices(1, 2, C), ...devices(11, 1, IP)];
    const hostList = hosts(["h1", IP], ["h2", B], ["h3", C], ["h4", IP]);
    const sites: SiteFacts[] = [
      onConsole("UDM Pro", "UDM-Pro", { siteId: "a", hostId: "h1" }),
      onConsole("Summit Partners", "UDM-Pro", { siteId: "b", hostId: "h2", hostIp: B }),
      onConsole("REDWOOD", "UDM-SE", { siteId: "c", hostId: "h3", hostIp: C }),
      onConsole("Acme Corp", "UDM-Pro", { siteId: "d", hostId: "h3", hostIp: C, name: "Warehouse" }),
      onConsole("Pinecrst", "UDM-Pro", { siteId: "e", hostId: "h4" }),
    ];
    const rng = createRng(7);
    const shuffle = <T,>(xs: readonly T[]): T[] => {
      const a = [...xs];
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a;
    };
    const runOnce = (orgs: typeof ORGS, d: WanDevice[], h: WanHost[], list: SiteFacts[]) => {
      const m = createSiteMatcher(orgs, { mapping: {} }, { devices: d, hosts: h });
      const results = m.all(list);
      return Object.fromEntries(list.map((s, i) => [s.siteId, results[i]]));
    };
    const base = runOnce(ORGS, devs, hostList, sites);
    expect(Object.values(base).some((r) => r!.kind === "wan-ip")).toBe(true);
    for (let k = 0; k < 5; k++) expect(runOnce(shuffle(ORGS), shuffle(devs), shuffle(hostList), shuffle(sites))).toEqual(base);
  });
});
