/**
 * Matching a UniFi site to its customer (a NinjaOne organization). Config decides first:
 * `sync.site_mapping_exclude` (never link) and `sync.site_mapping` (link to this org), by site
 * id before site name. Otherwise every piece of name evidence (evidence.ts) is scored against the
 * organizations that share a word with it (score.ts), and a link is made only when the best
 * organization is clearly ahead of the next one. Then the WAN address of the site's host
 * (wan.ts), on a customer's own console or controller only, is weighed with the names
 * (`combine`): it may link alone when decisive, link with a weak name that agrees, choose among
 * names that tie when the other candidates have no device behind it, and it turns a name link it
 * contradicts into "ambiguous". A wrong link puts one customer's network on another's dashboard,
 * which is worse than no link: when in doubt the site is "ambiguous" (two or more plausible
 * organizations, listed) or "unmatched" (nothing plausible; the closest one is kept as a
 * suggestion). Pure and deterministic: ties go to the lower organization id, and the result does
 * not depend on the order of the inputs.
 * @module
 */
import type { SiteMatch } from "../model";
import { evidenceOf, type EvidenceKind, type SiteFacts } from "./evidence";
import { OrgIndex, type OrgInput, type OrgTextKind } from "./org-index";
import { scoreOrg, scoreText } from "./score";
import { isDefaultSiteName } from "./text";
import { collectingEvery } from "../../lib/memory";
import { WAN_THRESHOLDS, WanIndex, type WanDevice, type WanDominant, type WanHost, type WanObservation } from "./wan";

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
 * - part of the name: the evidence is all explained by the organization (precision 0.9+) and
 *   says at least a third of its name ("Pinecrest" for "Pinecrest Medical Group"), while no
 *   other organization scores above 0.3: a short form, not another business.
 * Two or more organizations at `review` or more without such a lead make the site ambiguous.
 * `weakName`: the name score at which a name agreeing with a dominant (not decisive) WAN address
 * links (`combine`).
 */
export const THRESHOLDS = {
  strong: 0.85, strongLead: 0.1, clear: 0.7, clearLead: 0.3, partPrecision: 0.9, partRecall: 0.35, partRunnerUp: 0.3,
  review: 0.6, suggest: 0.4, weakName: 0.4,
} as const;

export interface MatcherConfig {
  /** `sync.site_mapping`: site id or site name → organization id. */
  mapping: Readonly<Record<string, number>>;
  /** `sync.site_mapping_exclude`: site ids or site names never to link. */
  exclude?: readonly string[];
}

/** What the WAN evidence is read from: NinjaOne devices (`publicIP`) and UniFi hosts (`ipAddress`). */
export interface WanInput {
  devices?: readonly WanDevice[];
  hosts?: readonly WanHost[];
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const none = (kind: MatchKind, evidence: MatchEvidence | null, runnerUp: Candidate | null = null): MatchResult =>
  ({ kind, orgId: null, score: null, evidence, support: [], runnerUp, candidates: [], wan: null });
const byScore = (a: Candidate, b: Candidate) => b.score - a.score || a.orgId - b.orgId;

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
    return { kind, orgId: first.orgId, score: first.score, evidence: first.evidence, support: [], runnerUp: second ?? null, candidates: [], wan: null };
  }
  if (second && first.score >= t.review && second.score >= t.review) {
    const candidates = ranked.filter((c) => c.score >= t.review).slice(0, 5);
    return { kind: "ambiguous", orgId: null, score: first.score, evidence: first.evidence, support: [], runnerUp: second, candidates, wan: null };
  }
  return none("unmatched", null, first.score >= t.suggest ? first : null);
}

/** The WAN address as evidence for its dominant organization. */
const wanEvidence = (obs: WanObservation, d: WanDominant): MatchEvidence => ({ kind: "wan-ip", text: obs.ip, devices: d.devices, share: d.share });

/**
 * Name decision + what the host's WAN address says → the decision (see the module comment).
 * `ranked`: the name candidates, best first; `present(orgId)`: that organization's devices
 * behind the address.
 */
export function combine(
  named: MatchResult, ranked: readonly Candidate[], obs: WanObservation | null, present: (orgId: number) => number,
): MatchResult {
  if (!obs) return named;
  const withWan = { ...named, wan: obs };
  const dom = obs.dominant;
  if (!dom) return withWan; // reported, never used
  const ev = wanEvidence(obs, dom);
  const domName = ranked.find((c) => c.orgId === dom.orgId);
  const ipCandidate: Candidate = domName
    ? { ...domName, score: round(1 - (1 - domName.score) * (1 - dom.score)), evidence: ev }
    : { orgId: dom.orgId, score: dom.score, recall: 0, precision: 0, evidence: ev };
  const ambiguous = (others: readonly Candidate[]): MatchResult => {
    const candidates = [...others.filter((c) => c.orgId !== dom.orgId), ipCandidate].sort(byScore).slice(0, 5);
    return { kind: "ambiguous", orgId: null, score: candidates[0]!.score, evidence: candidates[0]!.evidence, support: [], runnerUp: candidates[1] ?? null, candidates, wan: obs };
  };
  const linkByWan = (runnerUp: Candidate | null): MatchResult => ({
    kind: "wan-ip", orgId: dom.orgId, score: ipCandidate.score, evidence: ev, support: domName ? [domName.evidence] : [], runnerUp, candidates: [], wan: obs,
  });

  if (named.orgId !== null) {
    // A name link: the address agrees, says nothing, or contradicts it (another organization
    // dominates it and the named one has no device behind it): then neither is trusted.
    if (dom.orgId === named.orgId) return { ...withWan, support: [ev] };
    if (present(named.orgId) > 0) return withWan;
    return ambiguous(ranked.filter((c) => c.orgId === named.orgId));
  }
  if (named.kind === "ambiguous") {
    // Names that tie ("Redwood" for several Redwoods): the address chooses one the names point
    // at (a candidate, or at least a weak name), only when every other candidate has no device behind it.
    const pointed = named.candidates.some((c) => c.orgId === dom.orgId) || (domName?.score ?? 0) >= THRESHOLDS.weakName;
    const plausible = ranked.filter((c) => c.score >= THRESHOLDS.review); // all of them, not only the 5 listed
    if (pointed && plausible.every((c) => c.orgId === dom.orgId || present(c.orgId) === 0)) {
      return linkByWan(named.candidates.find((c) => c.orgId !== dom.orgId) ?? null);
    }
    return dom.decisive ? ambiguous(named.candidates) : withWan;
  }
  // No name link (nothing, or too weak to decide). A name that points at another organization
  // only (a plausible one, with no device behind the address) contradicts the address; a name
  // shared by both ("Maple" for Maple Foods and Maple Grove Accounting) does not.
  const weakName = (domName?.score ?? 0) >= THRESHOLDS.weakName;
  const rival = weakName ? undefined : ranked.find((c) => c.orgId !== dom.orgId && c.score >= THRESHOLDS.review && present(c.orgId) === 0);
  if (rival) return ambiguous([rival]);
  if (dom.decisive || weakName) return linkByWan(ranked.find((c) => c.orgId !== dom.orgId) ?? null);
  return { ...withWan, runnerUp: named.runnerUp && named.runnerUp.score >= ipCandidate.score ? named.runnerUp : ipCandidate };
}

/**
 * Builds a matcher once per run (the organization and WAN indexes are reused for every site).
 * `match(site)` decides one site on its own; `match.all(sites)` decides a fleet, which also tells
 * a customer's own controller from an MSP's shared one (see `wanCanSpeak`).
 */
export function createSiteMatcher(orgs: readonly OrgInput[], config: MatcherConfig, wanInput: WanInput = {}) {
  const index = new OrgIndex(orgs);
  const wanIndex = new WanIndex(wanInput.devices ?? [], wanInput.hosts ?? [], new Set(index.orgs.keys()));
  const exclude = new Set(config.exclude ?? []);
  const mapping = (key: string) => (Object.hasOwn(config.mapping, key) ? config.mapping[key] : undefined);

  const mapped = (key: string, orgId: number): MatchResult =>
    index.orgs.has(orgId)
      ? { kind: "mapping", orgId, score: null, evidence: { kind: "mapping", text: key }, support: [], runnerUp: null, candidates: [], wan: null }
      : none("unmatched", { kind: "mapping", text: key }); // a mapping to a missing org is not trusted (staleMappings reports it)

  const rankedByName = (site: SiteFacts): Candidate[] => {
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
      for (const { orgId, text } of index.sharedLocationsOf(ev.tokens)) {
        const s = scoreText(ev.tokens, text, index.orgs.get(orgId)!, index);
        const score = round(s.score);
        const prev = best.get(orgId);
        if (score > 0 && (!prev || score > prev.score)) {
          const evidence: MatchEvidence = { kind: ev.kind, text: ev.text, matched: { kind: text.kind, text: text.text } };
          best.set(orgId, { orgId, score, recall: round(s.recall), precision: round(s.precision), evidence });
        }
      }
    }
    return [...best.values()].sort(byScore);
  };

  /** The config's decision, if it has one. */
  const byConfig = (site: SiteFacts): MatchResult | undefined => {
    // UniFi's "Default" is the name of many sites: as a config key it would catch them all.
    const byName = !isDefaultSiteName(site.name);
    if (exclude.has(site.siteId)) return none("excluded", { kind: "excluded", text: site.siteId });
    const byId = mapping(site.siteId);
    if (byId !== undefined) return mapped(site.siteId, byId);
    if (byName && exclude.has(site.name)) return none("excluded", { kind: "excluded", text: site.name });
    const byNameOrg = byName ? mapping(site.name) : undefined;
    if (byNameOrg !== undefined) return mapped(site.name, byNameOrg);
    return undefined;
  };

  /**
   * Whether the host's WAN address may speak for its sites: on a customer's console (any host
   * but a `network-server`), always; on a self-hosted `network-server`, only when it looks like
   * the customer's own (at most `ownControllerMaxSites` sites, none of them linked by name or
   * mapping to another organization than the one the address points to). Never on an MSP's
   * shared controller: its address is the MSP's datacenter, and its sites many customers'.
   */
  const wanCanSpeak = (site: SiteFacts, obs: WanObservation, host: { sites: number; linked: ReadonlySet<number> }): boolean => {
    if (!site.hostType) return false;
    if (site.hostType !== "network-server") return true;
    if (host.sites > WAN_THRESHOLDS.ownControllerMaxSites) return false;
    return [...host.linked].every((orgId) => orgId === obs.dominant?.orgId);
  };

  function all(sites: readonly SiteFacts[]): MatchResult[] {
    // Scoring makes short-lived sets per candidate: collected as it goes (lib/memory.ts).
    const decided: { config: MatchResult | undefined; ranked: Candidate[]; named: MatchResult }[] = [];
    for (const site of collectingEvery(sites, 100)) {
      const config = byConfig(site);
      if (config) decided.push({ config, ranked: [], named: config });
      else {
        const ranked = rankedByName(site);
        decided.push({ config: undefined, ranked, named: decide(ranked) });
      }
    }
    // Per host: how many sites it carries, and to whom config or names link them.
    const hosts = new Map<string, { sites: number; linked: Set<number> }>();
    sites.forEach((site, i) => {
      const key = site.hostId ?? `site:${site.siteId}`;
      let h = hosts.get(key);
      if (!h) hosts.set(key, (h = { sites: 0, linked: new Set() }));
      h.sites++;
      const orgId = decided[i]!.named.orgId;
      if (orgId !== null) h.linked.add(orgId);
    });
    return sites.map((site, i) => {
      const { config, ranked, named } = decided[i]!;
      if (config) return config;
      const obs = wanIndex.observe(site.hostIp);
      const host = hosts.get(site.hostId ?? `site:${site.siteId}`)!;
      if (!obs || !wanCanSpeak(site, obs, host)) return named;
      return combine(named, ranked, obs, (orgId) => wanIndex.devicesOf(obs.ip, orgId));
    });
  }

  const match = (site: SiteFacts): MatchResult => all([site])[0]!;
  return Object.assign(match, { all });
}

export type SiteMatcher = ReturnType<typeof createSiteMatcher>;
