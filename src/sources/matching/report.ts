/**
 * The match report: every site with its link, score, evidence and runner-up, the counts, and,
 * for what the matcher left open, why it is open and the config to settle it (review.ts). Built
 * by normalizeSites on every read; shown by `oberaconnect-sync match`, counted in the run log. Pure.
 * @module
 */
import type { Candidate, MatchEvidence, MatchKind, MatchResult } from "./matcher";
import { reviewNote } from "./review";
import type { WanObservation, WanOrgCount } from "./wan";

export { excludeSnippet, mappingSnippet, placeholder, plausibleOwners, reviewNote } from "./review";

/** A candidate with the organization's name, for people. */
export interface ReportCandidate extends Candidate {
  orgName: string;
}

/** What the host's WAN address says, with the organizations' names. */
export interface ReportWan extends Omit<WanObservation, "orgs"> {
  orgs: (WanOrgCount & { orgName: string })[];
}

export interface SiteMatchEntry {
  siteId: string;
  name: string;
  hostId: string;
  /** The host's `reportedState.name`, else its hostname. */
  hostName: string | null;
  /** `console`, `network-server`, `ucore`; null when the host is unknown. */
  hostType: string | null;
  link: { orgId: number; orgName: string } | null;
  kind: MatchKind;
  score: number | null;
  evidence: MatchEvidence | null;
  /** Other evidence agreeing with the link (the WAN address of a name link, the name of a WAN-IP link). */
  support: MatchEvidence[];
  /** Who reports the host's WAN address, when it may speak for the site (a customer's console or controller). */
  wan: ReportWan | null;
  /** The next-best other organization; for an unmatched site, the closest one. */
  runnerUp: ReportCandidate | null;
  /** Ambiguous sites: the plausible organizations, best first. */
  candidates: ReportCandidate[];
  /** Why an operator must settle it (review.ts); null when it is linked or excluded. */
  review: string | null;
}

export interface MatchCounts {
  sites: number;
  /** mapping + name + console + wan-ip. */
  linked: number;
  mapping: number;
  name: number;
  console: number;
  "wan-ip": number;
  excluded: number;
  unmatched: number;
  ambiguous: number;
}

export interface SiteMatchReport {
  sites: SiteMatchEntry[];
  counts: MatchCounts;
  /** The unmatched and the ambiguous entries of `sites` (the same objects), as the first report had them. */
  unmatched: SiteMatchEntry[];
  ambiguous: SiteMatchEntry[];
}

/** One site's entry from its match result. */
export function reportEntry(
  site: { siteId: string; name: string; hostId: string; hostName: string | null; hostType: string | null },
  result: MatchResult,
  orgName: (orgId: number) => string,
): SiteMatchEntry {
  const named = (c: Candidate): ReportCandidate => ({ ...c, orgName: orgName(c.orgId) });
  const entry: SiteMatchEntry = {
    ...site,
    link: result.orgId === null ? null : { orgId: result.orgId, orgName: orgName(result.orgId) },
    kind: result.kind,
    score: result.score,
    evidence: result.evidence,
    support: result.support,
    wan: result.wan ? { ...result.wan, orgs: result.wan.orgs.map((o) => ({ ...o, orgName: orgName(o.orgId) })) } : null,
    runnerUp: result.runnerUp ? named(result.runnerUp) : null,
    candidates: result.candidates.map(named),
    review: null,
  };
  entry.review = reviewNote(entry);
  return entry;
}

export function countMatches(sites: readonly { kind: MatchKind }[]): MatchCounts {
  const c: MatchCounts = { sites: sites.length, linked: 0, mapping: 0, name: 0, console: 0, "wan-ip": 0, excluded: 0, unmatched: 0, ambiguous: 0 };
  for (const s of sites) c[s.kind]++;
  c.linked = c.mapping + c.name + c.console + c["wan-ip"];
  return c;
}

export const buildMatchReport = (sites: SiteMatchEntry[]): SiteMatchReport => ({
  sites,
  counts: countMatches(sites),
  unmatched: sites.filter((s) => s.kind === "unmatched"),
  ambiguous: sites.filter((s) => s.kind === "ambiguous"),
});

/** Whether anything is left for an operator to settle. */
export const needsReview = (report: SiteMatchReport): boolean => report.counts.unmatched + report.counts.ambiguous > 0;

/** The counts in one line, for logs and summaries. */
export function countsLine(c: MatchCounts): string {
  return `${c.linked} of ${c.sites} UniFi site(s) linked (${c.mapping} by mapping, ${c.name} by site name, ${c.console} by console, ${c["wan-ip"]} by WAN IP); ${c.excluded} excluded, ${c.unmatched} unmatched, ${c.ambiguous} ambiguous`;
}
