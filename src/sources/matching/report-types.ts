/** The shapes of the match report, apart from the code that builds (report.ts) and reviews (review.ts) it. */
import type { MatchCounts } from "../../core/match";
import type { Candidate, MatchEvidence, MatchKind } from "./matcher";
import type { WanObservation, WanOrgCount } from "./wan";

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


export interface SiteMatchReport {
  sites: SiteMatchEntry[];
  counts: MatchCounts;
  /** The unmatched and the ambiguous entries of `sites` (the same objects), as the first report had them. */
  unmatched: SiteMatchEntry[];
  ambiguous: SiteMatchEntry[];
}
