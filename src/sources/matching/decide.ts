/**
 * The decision on a site's ranked candidates, and the shapes the matcher reports it in. A wrong
 * link puts one customer's network on another's dashboard, which is worse than no link: without
 * a clear lead the site is "ambiguous" (two or more plausible organizations, listed) or
 * "unmatched" (nothing plausible; the closest one kept as a suggestion). Pure.
 * @module
 */
import type { SiteMatch } from "../../core/model";
import type { EvidenceKind } from "./evidence";
import type { OrgTextKind } from "./org-index";
import type { WanObservation } from "./wan";

/** How a site found its customer (the Sites page's "Match"). */
export type MatchKind = SiteMatch;

/** What decided, or would have decided, a link. */
export interface MatchEvidence {
  kind: EvidenceKind | "wan-ip" | "mapping" | "excluded";
  /** The UniFi text that named the customer, the host's WAN address, or the config key (site id or name) that decided. */
  text: string;
  /** The organization's text it matched: its name, a trade name from its description, a location. */
  matched?: { kind: OrgTextKind; text: string };
  /** `wan-ip`: how many of the organization's devices report the address, and their share of all the devices that do. */
  devices?: number;
  share?: number;
  /** Names: the legal forms the site's texts state that ruled out this organization's legal-form twins (twins.ts). */
  legal?: { forms: string[]; rulesOut: number[] };
}

export interface Candidate {
  orgId: number;
  /**
   * 0..1, three decimals. Names: the harmonic mean of `recall` and `precision`, times the text's
   * factor. WAN address (`evidence.kind` "wan-ip"): its score, combined with the organization's
   * best name score if it has one (1 − (1 − a)(1 − b)).
   */
  score: number;
  /** How much of the organization's text the name evidence contains (0..1; 0 without a name). */
  recall: number;
  /** How much of the name evidence the organization explains (0..1; 0 without a name). */
  precision: number;
  /** The same with left-over qualifiers ("Site 2", "Building B") left out (score.ts); absent: `precision`. */
  naming?: number;
  evidence: MatchEvidence;
}

export interface MatchResult {
  kind: MatchKind;
  /** The linked organization (mapping, name, console, WAN IP), else null. */
  orgId: number | null;
  /** The best candidate's score; null for config decisions and unmatched sites. */
  score: number | null;
  evidence: MatchEvidence | null;
  /** Other evidence that agrees with the link: the WAN address for a name link, the name for a WAN-IP link. */
  support: MatchEvidence[];
  /** The next-best other organization; for an unmatched site, the closest one (a suggestion). */
  runnerUp: Candidate | null;
  /** Ambiguous sites: every plausible organization, best first (at most 5). */
  candidates: Candidate[];
  /** What the host's WAN address says (who reports it), when it may speak for the site; else null. */
  wan: WanObservation | null;
}

/**
 * The decision rule. A link needs one of:
 * - strong: a score of 0.85+ and a lead of 0.1+ over the runner-up;
 * - clear: 0.7+ and a lead of 0.3+ (nothing else comes close);
 * - part of the name: the evidence is all explained by the organization (precision 0.85+, left-over
 *   qualifiers not counted: one typo in it still counts, "Crescent Branch Office" and "Castillo -
 *   Building B" too) and
 *   says at least a third of its name ("Pinecrest" for "Pinecrest Medical Group"), while no
 *   other organization scores above 0.3: a short form, not another business;
 * and no link on a part of a name when the same evidence is, word for word, another
 * organization's location (a branch of that one).
 * Two or more organizations at `review` or more without such a lead make the site ambiguous.
 * `weakName`: the name score at which a name agreeing with a dominant (not decisive) WAN address
 * links (`combine`).
 */
export const THRESHOLDS = {
  strong: 0.85, strongLead: 0.1, clear: 0.7, clearLead: 0.3, partPrecision: 0.85, partRecall: 0.35, partRunnerUp: 0.3,
  review: 0.6, suggest: 0.4, weakName: 0.4,
} as const;

export const round = (x: number) => Math.round(x * 1000) / 1000;
export const none = (kind: MatchKind, evidence: MatchEvidence | null, runnerUp: Candidate | null = null): MatchResult =>
  ({ kind, orgId: null, score: null, evidence, support: [], runnerUp, candidates: [], wan: null });
export const byScore = (a: Candidate, b: Candidate) => b.score - a.score || a.orgId - b.orgId;

/** Ranked candidates (best first) → the decision. */
export function decide(ranked: readonly Candidate[]): MatchResult {
  const [first, second] = ranked;
  if (!first) return none("unmatched", null);
  const lead = first.score - (second?.score ?? 0);
  const t = THRESHOLDS;
  const strong = first.score >= t.strong && lead >= t.strongLead;
  const clear = first.score >= t.clear && lead >= t.clearLead;
  const part = (first.naming ?? first.precision) >= t.partPrecision && first.recall >= t.partRecall && (second?.score ?? 0) <= t.partRunnerUp;
  // A site named exactly like another customer's branch ("Marlow Heights Office", a NinjaOne
  // location) is that branch as plausibly as a part of a name that has the same words ("Marlow
  // Heights Logistics"): only evidence that says the whole name outranks the branch.
  const branch = ranked.some((c) => c !== first && c.evidence.matched?.kind === "location" && c.recall === 1 && c.score >= t.review
    && c.evidence.kind === first.evidence.kind && c.evidence.text === first.evidence.text);
  if ((strong || clear || part) && !(branch && first.recall < 1)) {
    const kind = first.evidence.kind === "site-name" ? "name" : "console";
    return { kind, orgId: first.orgId, score: first.score, evidence: first.evidence, support: [], runnerUp: second ?? null, candidates: [], wan: null };
  }
  if (second && first.score >= t.review && second.score >= t.review) {
    const candidates = ranked.filter((c) => c.score >= t.review).slice(0, 5);
    return { kind: "ambiguous", orgId: null, score: first.score, evidence: first.evidence, support: [], runnerUp: second, candidates, wan: null };
  }
  return none("unmatched", null, first.score >= t.suggest ? first : null);
}

