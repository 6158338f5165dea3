/**
 * The WAN address of a site's host weighed with its names (see matcher.ts for when it may speak,
 * wan.ts for what it says). It may link alone when decisive, link with a weak name that agrees,
 * choose among names that tie when the other candidates have no device behind it, and it turns a
 * name link it contradicts into "ambiguous": a console re-deployed without being renamed must not
 * keep its old customer silently.
 * @module
 */
import { byScore, round, THRESHOLDS, type Candidate, type MatchEvidence, type MatchResult } from "./decide";
import type { WanDominant, WanObservation } from "./wan";

/** The WAN address as evidence for its dominant organization. */
const wanEvidence = (obs: WanObservation, d: WanDominant): MatchEvidence => ({ kind: "wan-ip", text: obs.ip, devices: d.devices, share: d.share });

/**
 * Name decision + what the host's WAN address says → the decision (see the module comment).
 * `ranked`: the name candidates, best first; `present(orgId)`: that organization's devices
 * behind the address; `absenceTells(orgId, dominant)`: whether having none there says the
 * organization is not there (see the tie below).
 */
export function combine(
  named: MatchResult, ranked: readonly Candidate[], obs: WanObservation | null, present: (orgId: number) => number,
  absenceTells: (orgId: number, dominant: number) => boolean = () => true,
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
    // at (a candidate, or at least a weak name), only when every other candidate has no device
    // behind it, and that absence tells (a legal-form twin without any agent may be the sister
    // company in the same office that owns the console).
    const pointed = named.candidates.some((c) => c.orgId === dom.orgId) || (domName?.score ?? 0) >= THRESHOLDS.weakName;
    const plausible = ranked.filter((c) => c.score >= THRESHOLDS.review); // all of them, not only the 5 listed
    if (pointed && plausible.every((c) => c.orgId === dom.orgId || (present(c.orgId) === 0 && absenceTells(c.orgId, dom.orgId)))) {
      return linkByWan(named.candidates.find((c) => c.orgId !== dom.orgId) ?? null);
    }
    return dom.decisive ? ambiguous(named.candidates) : withWan;
  }
  // No name link (nothing, or too weak to decide). A name that points at another organization
  // only (a plausible one) contradicts the address, whether or not a device of it is there too
  // (a visit, a shared building); a name shared by both ("Maple" for Maple Foods and Maple Grove
  // Accounting) does not. When the names do not name the address's organization at all, even a
  // suggestion for another one (0.4+) contradicts it: a console called "Vance HVAC" in a building
  // where Quantum Media's desktops are is not Quantum Media's on the address's word alone.
  const weakName = (domName?.score ?? 0) >= THRESHOLDS.weakName;
  const rivalAt = domName ? THRESHOLDS.review : THRESHOLDS.suggest;
  const rival = weakName ? undefined : ranked.find((c) => c.orgId !== dom.orgId && c.score >= rivalAt);
  if (rival) return ambiguous([rival]);
  if (dom.decisive || weakName) return linkByWan(ranked.find((c) => c.orgId !== dom.orgId) ?? null);
  return { ...withWan, runnerUp: named.runnerUp && named.runnerUp.score >= ipCandidate.score ? named.runnerUp : ipCandidate };
}

