/**
 * Matching a UniFi site to its customer (a NinjaOne organization). Config decides first:
 * `sync.site_mapping_exclude` (never link) and `sync.site_mapping` (link to this org), by site
 * id before site name. Otherwise every piece of evidence (evidence.ts) is scored against the
 * organizations that share a word with it (score.ts), and a link is made only when the best
 * organization is clearly ahead of the next one. A wrong link puts one customer's network on
 * another's dashboard, which is worse than no link: when in doubt the site is "ambiguous" (two
 * or more plausible organizations, listed) or "unmatched" (nothing plausible; the closest one
 * is kept as a suggestion). Pure and deterministic: ties go to the lower organization id, and
 * the result does not depend on the order of the inputs.
 * @module
 */
import type { SiteMatch } from "../model";
import { evidenceOf, type EvidenceKind, type SiteFacts } from "./evidence";
import { OrgIndex, type OrgInput, type OrgTextKind } from "./org-index";
import { scoreOrg } from "./score";
import { isDefaultSiteName } from "./text";

/** How a site found its customer (the Sites page's "Match"). */
export type MatchKind = SiteMatch;

/** What decided, or would have decided, a link. */
export interface MatchEvidence {
  kind: EvidenceKind | "mapping" | "excluded";
  /** The UniFi text that named the customer, or the config key (site id or name) that decided. */
  text: string;
  /** The organization's text it matched: its name, a trade name from its description, a location. */
  matched?: { kind: OrgTextKind; text: string };
}

export interface Candidate {
  orgId: number;
  /** 0..1, three decimals: the harmonic mean of `recall` and `precision`, times the text's factor. */
  score: number;
  /** How much of the organization's text the evidence contains (0..1). */
  recall: number;
  /** How much of the evidence the organization explains (0..1). */
  precision: number;
  evidence: MatchEvidence;
}

export interface MatchResult {
  kind: MatchKind;
  /** The linked organization (mapping, name, console), else null. */
  orgId: number | null;
  /** The best candidate's score; null for config decisions and unmatched sites. */
  score: number | null;
  evidence: MatchEvidence | null;
  /** The next-best other organization; for an unmatched site, the closest one (a suggestion). */
  runnerUp: Candidate | null;
  /** Ambiguous sites: every plausible organization, best first (at most 5). */
  candidates: Candidate[];
}

/**
 * The decision rule. A link needs one of:
 * - strong: a score of 0.85+ and a lead of 0.1+ over the runner-up;
 * - clear: 0.7+ and a lead of 0.3+ (nothing else comes close);
 * - part of the name: the evidence is all explained by the organization (precision 0.9+) and
 *   says at least a third of its name ("Pinecrest" for "Pinecrest Medical Group"), while no
 *   other organization scores above 0.3: a short form, not another business.
 * Two or more organizations at `review` or more without such a lead make the site ambiguous.
 */
export const THRESHOLDS = {
  strong: 0.85, strongLead: 0.1, clear: 0.7, clearLead: 0.3, partPrecision: 0.9, partRecall: 0.35, partRunnerUp: 0.3,
  review: 0.6, suggest: 0.4,
} as const;

export interface MatcherConfig {
  /** `sync.site_mapping`: site id or site name → organization id. */
  mapping: Readonly<Record<string, number>>;
  /** `sync.site_mapping_exclude`: site ids or site names never to link. */
  exclude?: readonly string[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const none = (kind: MatchKind, evidence: MatchEvidence | null, runnerUp: Candidate | null = null): MatchResult =>
  ({ kind, orgId: null, score: null, evidence, runnerUp, candidates: [] });

/** Ranked candidates (best first) → the decision. */
export function decide(ranked: readonly Candidate[]): MatchResult {
  const [first, second] = ranked;
  if (!first) return none("unmatched", null);
  const lead = first.score - (second?.score ?? 0);
  const t = THRESHOLDS;
  const strong = first.score >= t.strong && lead >= t.strongLead;
  const clear = first.score >= t.clear && lead >= t.clearLead;
  const part = first.precision >= t.partPrecision && first.recall >= t.partRecall && (second?.score ?? 0) <= t.partRunnerUp;
  if (strong || clear || part) {
    const kind = first.evidence.kind === "site-name" ? "name" : "console";
    return { kind, orgId: first.orgId, score: first.score, evidence: first.evidence, runnerUp: second ?? null, candidates: [] };
  }
  if (second && first.score >= t.review && second.score >= t.review) {
    const candidates = ranked.filter((c) => c.score >= t.review).slice(0, 5);
    return { kind: "ambiguous", orgId: null, score: first.score, evidence: first.evidence, runnerUp: second, candidates };
  }
  return none("unmatched", null, first.score >= t.suggest ? first : null);
}

/** Builds a matcher once per run (the organization index is reused for every site). */
export function createSiteMatcher(orgs: readonly OrgInput[], config: MatcherConfig) {
  const index = new OrgIndex(orgs);
  const exclude = new Set(config.exclude ?? []);
  const mapping = (key: string) => (Object.hasOwn(config.mapping, key) ? config.mapping[key] : undefined);

  const mapped = (key: string, orgId: number): MatchResult =>
    index.orgs.has(orgId)
      ? { kind: "mapping", orgId, score: null, evidence: { kind: "mapping", text: key }, runnerUp: null, candidates: [] }
      : none("unmatched", { kind: "mapping", text: key }); // a mapping to a missing org is not trusted (staleMappings reports it)

  const scored = (site: SiteFacts): MatchResult => {
    const best = new Map<number, Candidate>();
    for (const ev of evidenceOf(site)) {
      for (const orgId of index.candidates(ev.tokens)) {
        const s = scoreOrg(ev.tokens, index.orgs.get(orgId)!, index);
        if (!s) continue;
        const score = round(s.score);
        const prev = best.get(orgId);
        // Strictly better only: on a tie the earlier (more specific) evidence stays.
        if (!prev || score > prev.score) {
          const evidence: MatchEvidence = { kind: ev.kind, text: ev.text, matched: { kind: s.text.kind, text: s.text.text } };
          best.set(orgId, { orgId, score, recall: round(s.recall), precision: round(s.precision), evidence });
        }
      }
    }
    return decide([...best.values()].sort((a, b) => b.score - a.score || a.orgId - b.orgId));
  };

  return (site: SiteFacts): MatchResult => {
    // UniFi's "Default" is the name of many sites: as a config key it would catch them all.
    const byName = !isDefaultSiteName(site.name);
    if (exclude.has(site.siteId)) return none("excluded", { kind: "excluded", text: site.siteId });
    const byId = mapping(site.siteId);
    if (byId !== undefined) return mapped(site.siteId, byId);
    if (byName && exclude.has(site.name)) return none("excluded", { kind: "excluded", text: site.name });
    const byNameOrg = byName ? mapping(site.name) : undefined;
    if (byNameOrg !== undefined) return mapped(site.name, byNameOrg);
    return scored(site);
  };
}

export type SiteMatcher = ReturnType<typeof createSiteMatcher>;
