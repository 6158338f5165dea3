/**
 * Matching a UniFi site to its customer (a NinjaOne organization). Config decides first:
 * `sync.site_mapping_exclude` (never link) and `sync.site_mapping` (link to this org), by site
 * id before site name. Otherwise every piece of name evidence (evidence.ts) is scored against the
 * organizations that share a word with it (score.ts); legal-form twins the site's texts rule out
 * are set aside (twins.ts); and a link is made only when the best organization is clearly ahead
 * of the next one. Then the WAN address of the site's host (wan.ts), on a customer's own console
 * or controller only, is weighed with the names (`combine`, wan-decision.ts): it may link alone
 * when decisive, link with a weak name that agrees, choose among names that tie when the other
 * candidates have no device behind it, and it turns a name link it contradicts into "ambiguous".
 * A wrong link is worse than none: when in doubt the site is "ambiguous" or "unmatched"
 * (decide.ts). Pure and deterministic: ties list the lower organization id first, and the result
 * does not depend on the order of the inputs.
 * @module
 */
import { byScore, decide, none, round, THRESHOLDS, type Candidate, type MatchEvidence, type MatchResult } from "./decide";
import { evidenceOf, type EvidenceText, type SiteFacts } from "./evidence";
import { OrgIndex, type OrgInput, type OrgTextKind } from "./org-index";
import { settleByTexts, type TextVerdict } from "./texts-decision";
import { scoreOrg, scoreText } from "./score";
import { isDefaultSiteName } from "./text";
import { collectingEvery } from "../../lib/memory";
import { mapSteps, runSteps, type Steps } from "../../lib/slices";
import { legalFormsOf, settleTwins } from "./twins";
import { WAN_THRESHOLDS, WanIndex, type WanDevice, type WanHost, type WanObservation } from "./wan";
import { combine } from "./wan-decision";
import { byNameBeforeLabel } from "./label-decision";

export { byScore, decide, round, THRESHOLDS, type Candidate, type MatchEvidence, type MatchKind, type MatchResult } from "./decide";

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

  /**
   * Each organization's best candidate over the evidence texts, best first, and what each text
   * alone says of it (`perText`: score and precision per text, in the evidence's order).
   */
  const rankedByName = (evidence: readonly EvidenceText[]): { ranked: Candidate[]; perText: Map<number, TextVerdict[]> } => {
    const best = new Map<number, Candidate>();
    const perText = new Map<number, TextVerdict[]>();
    const consider = (k: number, ev: EvidenceText, orgId: number, s: { score: number; recall: number; precision: number; naming: number; text: { kind: OrgTextKind; text: string } }) => {
      const score = round(s.score);
      if (score <= 0) return;
      let verdicts = perText.get(orgId);
      if (!verdicts) perText.set(orgId, (verdicts = evidence.map(() => ({ score: 0, precision: 0 }))));
      if (score > verdicts[k]!.score) verdicts[k] = { score, precision: s.precision };
      const prev = best.get(orgId);
      // Strictly better only: on a tie the earlier (more specific) evidence stays.
      if (!prev || score > prev.score) {
        const matched: MatchEvidence = { kind: ev.kind, text: ev.text, matched: { kind: s.text.kind, text: s.text.text } };
        best.set(orgId, { orgId, score, recall: round(s.recall), precision: round(s.precision), naming: round(s.naming), evidence: matched });
      }
    };
    evidence.forEach((ev, k) => {
      for (const orgId of index.candidates(ev.tokens)) {
        const s = scoreOrg(ev.tokens, index.orgs.get(orgId)!, index, ev.tail, ev.kind !== "hostname");
        if (s) consider(k, ev, orgId, s);
      }
      for (const { orgId, text } of index.sharedLocationsOf(ev.tokens)) {
        consider(k, ev, orgId, { ...scoreText(ev.tokens, text, index.orgs.get(orgId)!, index, ev.tail), text });
      }
    });
    return { ranked: [...best.values()].sort(byScore), perText };
  };

  /** Ranked candidates (legal-form twins the texts rule out set aside) and the decision on them. */
  const byNames = (evidence: readonly EvidenceText[]): { ranked: Candidate[]; named: MatchResult } => {
    const { ranked: all, perText } = rankedByName(evidence);
    const legal = legalFormsOf(evidence);
    const ranked = settleTwins(all, legal, index);
    const named = settleByTexts(decide(ranked), ranked, perText, (orgId) => index.orgs.get(orgId)!.twins);
    if (named.orgId !== null) return { ranked, named };
    const rank = (texts: EvidenceText[]) => settleTwins(rankedByName(texts).ranked, legal, index);
    return { ranked, named: byNameBeforeLabel(evidence, ranked, rank) ?? named };
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

  /** The fleet, with a pause point after each site (lib/slices.ts); `all` runs it at once. */
  function* allSteps(sites: readonly SiteFacts[]): Steps<MatchResult[]> {
    // Scoring makes short-lived sets per candidate: collected as it goes (lib/memory.ts).
    const decided: { config: MatchResult | undefined; named: MatchResult; ranked: Candidate[]; evidence: EvidenceText[] }[] = [];
    for (const site of collectingEvery(sites, 100)) {
      const config = byConfig(site);
      if (config) decided.push({ config, ranked: [], named: config, evidence: [] });
      else {
        const evidence = evidenceOf(site);
        decided.push({ config: undefined, evidence, ...byNames(evidence) });
      }
      yield;
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
    // A customer's own controller (a self-hosted network-server with few sites, none linked to
    // another organization) is named like a console, and like a console's, its name and hostname
    // speak for a site that names no one itself (its "Default", "KR"), and settle a site whose
    // name fits several customers ("Underwood" on "Underwood Chiropractic (self-hosted)") when
    // the controller's customer is one of them. A site whose name points elsewhere keeps its own
    // decision. An MSP's shared controller carries more sites than that, and its sites' own names
    // link them elsewhere.
    sites.forEach((site, i) => {
      const d = decided[i]!;
      const host = hosts.get(site.hostId ?? `site:${site.siteId}`)!;
      if (d.config || site.hostType !== "network-server" || d.named.orgId !== null || host.sites > WAN_THRESHOLDS.ownControllerMaxSites) return;
      const evidence = evidenceOf({ ...site, hostType: "console" });
      if (evidence.length === d.evidence.length) return; // the controller's texts add nothing
      const named = byNames(evidence);
      const orgId = named.named.orgId;
      if (orgId !== null && [...host.linked].some((o) => o !== orgId)) return;
      if (d.evidence.length > 0) {
        // The site's own name must fit the controller's customer, or fit no one.
        const own = d.ranked.find((c) => c.orgId === orgId)?.score ?? 0;
        const plausible = (d.ranked[0]?.score ?? 0) >= THRESHOLDS.suggest;
        if (orgId === null || (plausible && own < THRESHOLDS.suggest)) return;
      }
      decided[i] = { ...d, ...named };
      if (orgId !== null) host.linked.add(orgId);
    });
    return yield* mapSteps(sites, (site, i) => {
      const { config, ranked, named } = decided[i]!;
      if (config) return config;
      const obs = wanIndex.observe(site.hostIp);
      const host = hosts.get(site.hostId ?? `site:${site.siteId}`)!;
      if (!obs || !wanCanSpeak(site, obs, host)) return named;
      // A customer without any agent is absent from every address: that says nothing when it is
      // the legal-form twin of the one whose agents are there (sister companies share offices).
      const absenceTells = (orgId: number, dominant: number) => wanIndex.reports(orgId) || !index.orgs.get(orgId)!.twins.includes(dominant);
      return combine(named, ranked, obs, (orgId) => wanIndex.devicesOf(obs.ip, orgId), absenceTells);
    });
  }

  const all = (sites: readonly SiteFacts[]): MatchResult[] => runSteps(allSteps(sites));
  const match = (site: SiteFacts): MatchResult => all([site])[0]!;
  return Object.assign(match, { all, allSteps });
}

export type SiteMatcher = ReturnType<typeof createSiteMatcher>;
