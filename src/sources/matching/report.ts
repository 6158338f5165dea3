/**
 * The match report: every site with its link, score, evidence and runner-up, the counts, and,
 * for what the matcher left open, why it is open and the config to settle it (review.ts). Built
 * by normalizeSites on every read; shown by `oberaconnect-sync match`, counted in the run log. Pure.
 * @module
 */
import type { Candidate, MatchKind, MatchResult } from "./matcher";
import { reviewNote } from "./review";
import type { ReportCandidate, SiteMatchEntry, SiteMatchReport } from "./report-types";
import type { MatchCounts } from "../../core/match";

export type { MatchCounts } from "../../core/match";
export type { ReportCandidate, ReportWan, SiteMatchEntry, SiteMatchReport } from "./report-types";

export { excludeSnippet, mappingSnippet, placeholder, plausibleOwners, reviewNote } from "./review";

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
