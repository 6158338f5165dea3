/**
 * A site named "‹a customer's whole name› - ‹label›" whose label's words are also part of another
 * customer's name: "Osprey Care LLC - Urgent Care" (and "Deer Park Urgent Care" is a customer),
 * "Montgomery Surveying LLC - Fern Hollow" (and so is "Fern Hollow Brothers"). Scored as one text,
 * the label's words cost the whole name its lead, and the site waits for an operator although
 * MSPs name sites "customer - place or service" and the part before the label names one customer
 * in full. Here the name before the label decides, when:
 *
 * - it is the site's only evidence (on a console, the console's texts weigh in as before);
 * - the part before the label alone links one organization by the usual rule (decide.ts), and
 *   says its whole name (recall 0.95+, score 0.85+: no short form, no unsettled legal-form twin);
 * - that organization also leads on the whole text;
 * - the label alone names no other organization in full (its name, a trade name or one of its
 *   locations): "OberaConnect - Keller Dental" stays Keller Dental's site or an operator's call,
 *   never the MSP's own, and "Acme Corp - Marlow Heights" stays open when Marlow Heights is
 *   another customer's branch.
 *
 * Pure: `rank` is the matcher's ranking of evidence texts (twins the texts rule out set aside).
 * @module
 */
import { decide, THRESHOLDS, type Candidate, type MatchResult } from "./decide";
import type { EvidenceText } from "./evidence";

/** "In full": the share of an organization's text (weighted by rarity) a part must say. */
export const FULL_RECALL = 0.95;
/** A label naming another organization this fully keeps the site open (a typo still counts). */
export const LABEL_NAMES_ANOTHER = 0.9;

export function byNameBeforeLabel(evidence: readonly EvidenceText[], ranked: readonly Candidate[], rank: (texts: EvidenceText[]) => Candidate[]): MatchResult | null {
  if (evidence.length !== 1) return null;
  const ev = evidence[0]!;
  if (ev.tail === 0 || ev.label.length === 0) return null;
  const head = rank([{ ...ev, tokens: ev.tokens.slice(0, ev.tail), tail: ev.tail, label: [] }]);
  // A link by decide() is always its first candidate.
  if (decide(head).orgId === null) return null;
  const best = head[0]!;
  if (best.recall < FULL_RECALL || best.score < THRESHOLDS.strong) return null;
  if (ranked[0]?.orgId !== best.orgId) return null;
  const label = rank([{ ...ev, tokens: ev.label, tail: ev.label.length, label: [] }]);
  if (label.some((c) => c.orgId !== best.orgId && c.recall >= LABEL_NAMES_ANOTHER && c.score >= THRESHOLDS.review)) return null;
  const chosen = ranked[0]!;
  return { kind: "name", orgId: chosen.orgId, score: chosen.score, evidence: chosen.evidence, support: [], runnerUp: ranked[1] ?? null, candidates: [], wan: null };
}
