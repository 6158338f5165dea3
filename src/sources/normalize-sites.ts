/**
 * UniFi sites → the Site model: name, host state, statistics, and the customer found by the
 * matcher (./matching: config first, then name evidence scored with a margin, weighed with the
 * host's WAN address as the customers' NinjaOne devices report it), with the match report of
 * every site. Pure.
 * @module
 */
import { keys, type Site, type SiteStats } from "../core/model";
import { mapSteps, runSteps, type Steps } from "../lib/slices";
import { buildMatchReport, createSiteMatcher, reportEntry, type SiteMatchEntry, type SiteMatchReport } from "./matching";
import type { NinjaDevice, NinjaLocation, NinjaOrganization } from "@oberaconnect/common/wire/ninjaone";
import type { UnifiHost, UnifiSite, UnifiSiteStatistics } from "@oberaconnect/common/wire/unifi";

export type { SiteMatchReport } from "./matching";

/** `meta.desc` is the name people gave the site; `meta.name` ("default", "k3n8q2x1") is the fallback. */
export function siteName(site: Pick<UnifiSite, "meta">): string {
  const desc = site.meta.desc;
  return desc !== null && desc !== undefined && desc.trim() !== "" ? desc : site.meta.name;
}

/**
 * Site statistics. `statistics: null` stays null (the site reports nothing: status Unknown). A
 * count missing from `counts` is 0: the real API leaves keys out of `counts` (CBD Sites/Full.json)
 * and a site with nothing to count is the only reading that does not invent data; the model's
 * counts are numbers, not nullable. WAN uptime, ISP and gateway have no such default and stay null.
 */
export function siteStats(statistics: UnifiSiteStatistics | null | undefined): SiteStats | null {
  if (!statistics) return null;
  const c = statistics.counts ?? {};
  return {
    totalDevices: c.totalDevice ?? 0,
    offlineDevices: c.offlineDevice ?? 0,
    // guestClient is left out: whether the Wi-Fi/wired counts already include guests is not
    // documented, and adding it could count a guest twice.
    clients: (c.wifiClient ?? 0) + (c.wiredClient ?? 0),
    criticalNotifications: c.criticalNotification ?? 0,
    pendingUpdates: c.pendingUpdateDevice ?? 0,
    wanUptimePct: statistics.percentages?.wanUptime ?? null,
    isp: statistics.ispInfo?.name || statistics.ispInfo?.organization || null,
    gateway: statistics.gateway?.shortname || null,
    internetIssues: statistics.internetIssues?.length ?? 0,
  };
}

export interface NormalizeSitesInput {
  sites: readonly UnifiSite[];
  hosts: readonly UnifiHost[];
  orgs: readonly Pick<NinjaOrganization, "id" | "name" | "description">[];
  /** NinjaOne locations: their names are evidence for their organization. */
  locations?: readonly Pick<NinjaLocation, "organizationId" | "name">[];
  /** NinjaOne devices: the `publicIP` they report is evidence for whose console has that WAN address. */
  devices?: readonly Pick<NinjaDevice, "id" | "organizationId" | "publicIP">[];
  /** config `sync.site_mapping`: site id or site name → organization id. */
  mapping: Record<string, number>;
  /** config `sync.site_mapping_exclude`: site ids or names never to link. */
  exclude?: readonly string[];
}

/**
 * Normalizes every site and matches it to a customer. A host that is missing, never reported
 * (`reportedState: null`) or reports anything but `connected` counts as not connected: the
 * dashboard must not call a site online on no evidence.
 */
export function normalizeSites(input: NormalizeSitesInput): NormalizedSites {
  return runSteps(normalizeSitesSteps(input));
}

export interface NormalizedSites {
  sites: Site[];
  matchReport: SiteMatchReport;
}

/** normalizeSites with a pause point after each site (lib/slices.ts). */
export function* normalizeSitesSteps(input: NormalizeSitesInput): Steps<NormalizedSites> {
  const hosts = new Map(input.hosts.map((h) => [h.id, h]));
  const locations = new Map<number, string[]>();
  for (const l of input.locations ?? []) {
    const list = locations.get(l.organizationId);
    if (list) list.push(l.name);
    else locations.set(l.organizationId, [l.name]);
  }
  const orgNames = new Map(input.orgs.map((o) => [o.id, o.name]));
  const match = createSiteMatcher(
    input.orgs.map((o) => ({ orgId: o.id, name: o.name, description: o.description, locations: locations.get(o.id) ?? [] })),
    { mapping: input.mapping, exclude: input.exclude ?? [] },
    { devices: input.devices ?? [], hosts: input.hosts },
  );
  const facts = input.sites.map((s) => {
    const host = hosts.get(s.hostId);
    const state = host?.reportedState;
    return {
      siteId: s.siteId, name: siteName(s), hostId: s.hostId, hostType: host?.type ?? null,
      hostName: state?.name ?? null, hostHostname: state?.hostname ?? null, hostIp: host?.ipAddress ?? null,
    };
  });
  // The whole fleet at once: whether a self-hosted controller is a customer's own depends on its other sites.
  yield; // the indexes of every organization and address are built
  const results = yield* match.allSteps(facts);
  const entries: SiteMatchEntry[] = [];
  const sites = yield* mapSteps(input.sites, (s, i): Site => {
    const { name } = facts[i]!;
    const m = results[i]!;
    const host = hosts.get(s.hostId);
    const state = host?.reportedState;
    const hostName = state?.name || state?.hostname || null;
    entries.push(reportEntry({ siteId: s.siteId, name, hostId: s.hostId, hostName, hostType: host?.type ?? null }, m, (id) => orgNames.get(id) ?? `#${id}`));
    return {
      key: keys.site(s.siteId),
      siteId: s.siteId,
      hostId: s.hostId,
      name,
      customerKey: m.orgId === null ? null : keys.customer(m.orgId),
      match: m.kind,
      hostName,
      hostConnected: state?.state === "connected",
      stats: siteStats(s.statistics),
      timezone: s.meta.timezone || state?.timezone || null,
    };
  });
  return { sites, matchReport: buildMatchReport(entries) };
}

/** Config entries that name a site in both `site_mapping` and `site_mapping_exclude`: the exclusion wins. */
export function mappingConflicts(mapping: Record<string, number>, exclude: readonly string[]): string[] {
  return exclude
    .filter((key) => Object.hasOwn(mapping, key))
    .map((key) => `sync.site_mapping and sync.site_mapping_exclude both name "${key}"; it is excluded (never linked)`);
}

/** Mapping entries whose organization does not exist: they are ignored, so an operator must hear of them. */
export function staleMappings(mapping: Record<string, number>, orgIds: ReadonlySet<number>): string[] {
  return Object.entries(mapping)
    .filter(([, orgId]) => !orgIds.has(orgId))
    .map(([site, orgId]) => `sync.site_mapping: "${site}" points to NinjaOne organization ${orgId}, which does not exist; the site is left unmatched`);
}
