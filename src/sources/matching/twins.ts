/**
 * Legal-form twins: organizations whose names have the same words and differ only by their legal
 * form ("Tessaro Imports AG" and "Tessaro Imports Inc.", "Brightline Freight" and "Brightline
 * Freight LLC"). The scorer leaves legal forms out, so twins score alike on any text; what can
 * still tell them apart is the legal form the site's or console's texts state:
 *
 * - "Tessaro Imports AG - HQ", or a console "Tessaro Imports" with hostname "tessaro-imports-ag":
 *   the form is AG, only one twin has it, the other twins are ruled out;
 * - "Brightline Freight L.L.C." against "Brightline Freight" and "Brightline Freight LLC": the
 *   twin without a form is ruled out too (the MSP tells the two apart by the form);
 * - no form at all ("Tessaro Imports"), a form neither twin has ("Tessaro Imports GmbH"), or
 *   forms of both ("… AG, Inc."): nothing is ruled out, and the twins stay tied ("ambiguous": only
 *   an operator can decide, see report.ts).
 *
 * A twin is ruled out only when the twin the form points to scores at least as well: when another
 * word speaks for the ruled-out one (its location's name, say), the two tie, and the decision is
 * left open.
 * @module
 */
import type { Candidate } from "./decide";
import type { OrgIndex } from "./org-index";

/**
 * `ranked` (best first) with the twins ruled out by `legal` (the legal forms the site's texts
 * state) taken out; the twins that remain carry the forms and the ruled-out ids in their
 * evidence (`evidence.legal`), for the report.
 */
export function settleTwins(ranked: readonly Candidate[], legal: ReadonlySet<string>, index: OrgIndex): Candidate[] {
  if (legal.size === 0) return [...ranked];
  const byName = new Map(ranked.filter((c) => c.evidence.matched?.kind === "name").map((c) => [c.orgId, c]));
  const out = new Map(ranked.map((c) => [c.orgId, c]));
  const seen = new Set<number>();
  for (const c of byName.values()) {
    if (seen.has(c.orgId)) continue;
    const group = [c.orgId, ...index.orgs.get(c.orgId)!.twins].filter((id) => byName.has(id));
    for (const id of group) seen.add(id);
    if (group.length < 2) continue;
    const states = (id: number) => index.orgs.get(id)!.texts[0]!.legal.some((f) => legal.has(f));
    const kept = group.filter(states);
    const ruledOut = group.filter((id) => !states(id));
    if (kept.length === 0 || ruledOut.length === 0) continue;
    // Another word speaks for a twin the form rules out ("Marten Optik AG Lausanne", Lausanne
    // being the Inc.'s branch): the two say different things, so the twins tie at the better score.
    const best = Math.max(...kept.map((id) => byName.get(id)!.score));
    const rival = Math.max(...ruledOut.map((id) => byName.get(id)!.score));
    if (rival > best) {
      for (const id of kept) out.set(id, { ...byName.get(id)!, score: rival });
      continue;
    }
    for (const id of ruledOut) out.delete(id);
    for (const id of kept) {
      const k = byName.get(id)!;
      const forms = index.orgs.get(id)!.texts[0]!.legal.filter((f) => legal.has(f));
      out.set(id, { ...k, evidence: { ...k.evidence, legal: { forms, rulesOut: ruledOut } } });
    }
  }
  return ranked.filter((c) => out.has(c.orgId)).map((c) => out.get(c.orgId)!).sort((a, b) => b.score - a.score || a.orgId - b.orgId);
}

/** The legal forms every text of a site states, together. */
export const legalFormsOf = (evidence: readonly { legal: readonly string[] }[]): Set<string> =>
  new Set(evidence.flatMap((e) => e.legal));
