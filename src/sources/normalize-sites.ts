/**
 * UniFi sites → the Site model: name, host state, statistics, and the customer found by
 * `createSiteMatcher` (config mapping first, then the normalized name). Pure.
 * @module
 */
import { createSiteMatcher, normalizeName, type MatchResult } from "./matching";
import { keys, type Site, type SiteStats } from "./model";
import type { NinjaOrganization } from "./ninjaone/schemas";
import type { UnifiHost, UnifiSite, UnifiSiteStatistics } from "./unifi/schemas";

/** Sites that found no customer, or more than one; shown to operators so they can add mappings. */
export interface SiteMatchReport {
  unmatched: { siteId: string; name: string; hostId: string }[];
  ambiguous: { siteId: string; name: string; hostId: string; candidates: number[] }[];
}

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
  orgs: readonly Pick<NinjaOrganization, "id" | "name">[];
  /** config `sync.site_mapping`: site id or site name → organization id. */
  mapping: Record<string, number>;
}

/**
 * Normalizes every site and matches it to a customer. A host that is missing, never reported
 * (`reportedState: null`) or reports anything but `connected` counts as not connected: the
 * dashboard must not call a site online on no evidence.
 */
export function normalizeSites(input: NormalizeSitesInput): { sites: Site[]; matchReport: SiteMatchReport } {
  const hosts = new Map(input.hosts.map((h) => [h.id, h]));
  const match = createSiteMatcher(
    input.orgs.map((o) => ({ orgId: o.id, name: o.name })),
    input.mapping,
  );
  const named = input.sites.map((s) => ({ site: s, name: siteName(s) }));
  const results = inheritFromSiblings(
    named.map(({ site, name }) => ({ siteId: site.siteId, hostId: site.hostId, name, result: match({ siteId: site.siteId, name }) })),
    input,
  );
  const report: SiteMatchReport = { unmatched: [], ambiguous: [] };
  const sites = named.map(({ site: s, name }, i): Site => {
    const host = hosts.get(s.hostId);
    const state = host?.reportedState;
    const m = results[i] as MatchResult;
    if (m.kind === "unmatched") report.unmatched.push({ siteId: s.siteId, name, hostId: s.hostId });
    if (m.kind === "ambiguous") report.ambiguous.push({ siteId: s.siteId, name, hostId: s.hostId, candidates: m.candidates });
    return {
      key: keys.site(s.siteId),
      siteId: s.siteId,
      hostId: s.hostId,
      name,
      customerKey: m.kind === "mapping" || m.kind === "name" ? keys.customer(m.orgId) : null,
      match: m.kind,
      hostName: state?.name || state?.hostname || null,
      hostConnected: state?.state === "connected",
      stats: siteStats(s.statistics),
      timezone: s.meta.timezone || state?.timezone || null,
    };
  });
  return { sites, matchReport: report };
}

/**
 * A second look at unmatched sites, needing two pieces of evidence at once: every other matched
 * site of the same host belongs to one customer, AND the site's normalized name starts with that
 * customer's normalized name as whole words ("Pinecrest Medical Group - Annex" on the host of
 * "Pinecrest Medical Group"). Either alone is a guess: a self-hosted network server often carries
 * several customers, and a name prefix alone would give "Summit" to "Summit Partners". A site
 * with an explicit mapping entry is never second-guessed.
 */
function inheritFromSiblings(
  sites: { siteId: string; hostId: string; name: string; result: MatchResult }[],
  input: Pick<NormalizeSitesInput, "orgs" | "mapping">,
): MatchResult[] {
  const orgName = new Map(input.orgs.map((o) => [o.id, normalizeName(o.name)]));
  const hostOrgs = new Map<string, Set<number>>();
  for (const s of sites) {
    if (s.result.kind !== "name" && s.result.kind !== "mapping") continue;
    hostOrgs.set(s.hostId, (hostOrgs.get(s.hostId) ?? new Set()).add(s.result.orgId));
  }
  return sites.map((s) => {
    if (s.result.kind !== "unmatched" || s.siteId in input.mapping || s.name in input.mapping) return s.result;
    const orgs = hostOrgs.get(s.hostId);
    if (!orgs || orgs.size !== 1) return s.result;
    const [orgId] = orgs as Set<number>;
    const prefix = orgName.get(orgId as number);
    const name = normalizeName(s.name);
    return prefix && name.startsWith(`${prefix} `) ? { kind: "name", orgId: orgId as number } : s.result;
  });
}

/** Mapping entries whose organization does not exist: they are ignored, so an operator must hear of them. */
export function staleMappings(mapping: Record<string, number>, orgIds: ReadonlySet<number>): string[] {
  return Object.entries(mapping)
    .filter(([, orgId]) => !orgIds.has(orgId))
    .map(([site, orgId]) => `sync.site_mapping: "${site}" points to NinjaOne organization ${orgId}, which does not exist; the site is left unmatched`);
}
