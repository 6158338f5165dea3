/**
 * WAN-IP evidence, as MSP tools tie an RMM site to a network: a UniFi host's `ipAddress` is the
 * public address it reaches the cloud from, a NinjaOne device's `publicIP` the one its agent last
 * checked in from (source-apis.md). On a customer's premises both are the office's internet line,
 * so the organizations whose devices report a console's address say whose console it is. Not
 * always: laptops roam (homes, hotels, carrier NAT), tenants of one building share a line, a
 * console's address changes (DHCP), some customers have no agents, and the MSP's own datacenter
 * and office carry many customers' things. So an address is weighed, never trusted alone:
 *
 * - only public addresses count (not private, carrier-grade NAT 100.64.0.0/10, loopback,
 *   link-local, multicast), compared exactly (IPv6 too; no prefixes);
 * - per address, the distinct devices of each organization, counted once per run;
 * - an organization **dominates** an address with 2+ of its devices there and 75%+ of all the
 *   devices there; the address then supports it (with a name that agrees, it links);
 * - it is **decisive** alone with 3+ devices, 90%+ of the devices there, no other organization
 *   with more than one device there, and no other UniFi host behind the same address;
 * - otherwise (several organizations, none dominating) it is reported, never used.
 *
 * Which hosts the address may speak for (a customer's console, not an MSP's shared controller)
 * is the matcher's call (matcher.ts). Pure; the result does not depend on the order of inputs.
 * @module
 */

/** A NinjaOne device as the WAN index needs it. */
export interface WanDevice {
  id: number;
  organizationId: number;
  publicIP?: string | null;
}

/** A UniFi host as the WAN index needs it. */
export interface WanHost {
  id: string;
  ipAddress?: string | null;
}

/** The rule's numbers (see the module comment). */
export const WAN_THRESHOLDS = {
  dominantDevices: 2, dominantShare: 0.75,
  decisiveDevices: 3, decisiveShare: 0.8, decisiveOthersMax: 1,
  /** A self-hosted controller with more sites than this is taken for the MSP's shared one. */
  ownControllerMaxSites: 3,
} as const;

/** How many of one organization's devices report an address. */
export interface WanOrgCount {
  orgId: number;
  devices: number;
}

/** The organization an address points to. */
export interface WanDominant extends WanOrgCount {
  /** Its share of all the devices reporting the address (0..1, three decimals). */
  share: number;
  /** Strong enough to link with no name evidence. */
  decisive: boolean;
  /** 0..1 for ranking and display: share × (1 − 2^−devices). */
  score: number;
}

/** What one address says. */
export interface WanObservation {
  ip: string;
  /** Distinct devices reporting it, all organizations. */
  devices: number;
  /** The organizations among them, most devices first (ties: lower id), at most 5. */
  orgs: WanOrgCount[];
  /** UniFi hosts behind the same address (1: only this one). */
  hosts: number;
  dominant: WanDominant | null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function ipv4Usable(parts: number[]): boolean {
  const [a, b] = parts as [number, number, number, number];
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false; // this network, private, loopback, multicast/reserved
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false; // link-local
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT: shared by a carrier's subscribers
  return true;
}

/**
 * The comparable form of a public address, or null when it says nothing about a place: empty,
 * malformed, private, carrier-grade NAT, loopback, link-local, multicast.
 */
export function wanKey(ip: string | null | undefined): string | null {
  const s = ip?.trim().toLowerCase();
  if (!s) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return null;
    return ipv4Usable(parts) ? parts.join(".") : null;
  }
  if (/^[0-9a-f:]+$/.test(s) && s.includes(":")) {
    if (s === "::" || s === "::1" || /^fe[89ab]/.test(s) || /^f[cd]/.test(s) || s.startsWith("ff")) return null;
    return s;
  }
  return null;
}

/** publicIP → devices per organization, and ipAddress → hosts; built once per run. */
export class WanIndex {
  private readonly byIp = new Map<string, Map<number, number>>();
  private readonly hostsByIp = new Map<string, number>();
  /** Organizations with at least one device reporting a usable address. */
  private readonly reporting = new Set<number>();

  /** `orgIds`: the organizations that exist (a device of any other is not counted). */
  constructor(devices: readonly WanDevice[], hosts: readonly WanHost[], orgIds: ReadonlySet<number>) {
    const seen = new Set<number>();
    for (const d of devices) {
      const ip = wanKey(d.publicIP);
      if (!ip || !orgIds.has(d.organizationId) || seen.has(d.id)) continue;
      seen.add(d.id);
      this.reporting.add(d.organizationId);
      let orgs = this.byIp.get(ip);
      if (!orgs) this.byIp.set(ip, (orgs = new Map()));
      orgs.set(d.organizationId, (orgs.get(d.organizationId) ?? 0) + 1);
    }
    const seenHosts = new Set<string>();
    for (const h of hosts) {
      const ip = wanKey(h.ipAddress);
      if (!ip || seenHosts.has(h.id)) continue;
      seenHosts.add(h.id);
      this.hostsByIp.set(ip, (this.hostsByIp.get(ip) ?? 0) + 1);
    }
  }

  /** How many of `orgId`'s devices report `ip`. */
  devicesOf(ip: string, orgId: number): number {
    return this.byIp.get(ip)?.get(orgId) ?? 0;
  }

  /**
   * Whether any device of `orgId` reports a usable address: only then does its absence from an
   * address say something (a customer without agents is absent from every address).
   */
  reports(orgId: number): boolean {
    return this.reporting.has(orgId);
  }

  /** What the address of a host says; null when it is unusable (see `wanKey`). */
  observe(rawIp: string | null | undefined): WanObservation | null {
    const ip = wanKey(rawIp);
    if (!ip) return null;
    const counts = [...(this.byIp.get(ip) ?? new Map<number, number>())].map(([orgId, devices]) => ({ orgId, devices }));
    counts.sort((a, b) => b.devices - a.devices || a.orgId - b.orgId);
    const devices = counts.reduce((n, c) => n + c.devices, 0);
    const hosts = Math.max(1, this.hostsByIp.get(ip) ?? 0);
    const t = WAN_THRESHOLDS;
    const [top, second] = counts;
    let dominant: WanDominant | null = null;
    if (top && top.devices >= t.dominantDevices && top.devices / devices >= t.dominantShare) {
      const share = top.devices / devices;
      const decisive = top.devices >= t.decisiveDevices && share >= t.decisiveShare && (second?.devices ?? 0) <= t.decisiveOthersMax && hosts === 1;
      dominant = { ...top, share: round(share), decisive, score: round(share * (1 - 2 ** -top.devices)) };
    }
    return { ip, devices, orgs: counts.slice(0, 5), hosts, dominant };
  }
}
