/**
 * A site's texts weighed one by one, for a decision the best-over-texts ranking left open. A
 * console named "Shady Grove Phqmacy" with hostname "shadygrove-gw": the name says Shady Grove
 * Pharmacy (0.89), the hostname only "Shady Grove", which Shady Grove Medical fits a little better
 * (0.80) because "Medical" is a commoner word than "Pharmacy" to leave out. Ranked by each
 * organization's best text, the two are too close to call; text by text, the hostname says
 * nothing against the Pharmacy (all its words are the Pharmacy's) and the name speaks for it
 * alone. Pure.
 * @module
 */
import { decide, THRESHOLDS, type Candidate, type MatchResult } from "./decide";

/** What one evidence text alone says of one organization. */
export interface TextVerdict {
  score: number;
  precision: number;
}

/** A text whose words are all the leader's speaks against no one's favour by fitting a rival a little better. */
export const TEXTS = { slack: 0.05, explained: 0.9 } as const;

/**
 * `named`: the decision on `ranked`; `perText`: per organization, its score and precision on
 * each evidence text. An ambiguous decision whose leader scores "strong" (0.85+) becomes its
 * link when it outdoes every close rival text by text: on some text by the strong lead (0.1),
 * and on every other text it scores within `slack` of the rival or has all of the text's words
 * (precision 0.9+: the text is a part of its name, not a word for the rival). Anything else
 * stays as decided, and so does a tie with a legal-form twin (`twins`: twins.ts settles those).
 */
export function settleByTexts(
  named: MatchResult, ranked: readonly Candidate[], perText: ReadonlyMap<number, readonly TextVerdict[]>, twins: (orgId: number) => readonly number[],
): MatchResult {
  const t = THRESHOLDS;
  const [first] = ranked;
  if (named.kind !== "ambiguous" || !first || first.score < t.strong) return named;
  const mine = perText.get(first.orgId);
  if (!mine || mine.length < 2) return named;
  const rivals = ranked.filter((c) => c !== first && c.score > first.score - t.strongLead);
  // Twins are weighed by their legal forms (twins.ts), whose scores the texts do not show.
  if (rivals.some((c) => twins(first.orgId).includes(c.orgId))) return named;
  const outdone = (c: Candidate): boolean => {
    const theirs = perText.get(c.orgId);
    if (!theirs) return false;
    let lead = false;
    for (let k = 0; k < mine.length; k++) {
      const [a, b] = [mine[k]!, theirs[k]!];
      if (a.score - b.score >= t.strongLead) lead = true;
      else if (b.score - a.score > TEXTS.slack && a.precision < TEXTS.explained) return false;
    }
    return lead;
  };
  if (!rivals.every(outdone)) return named;
  const settled = decide(ranked.filter((c) => !rivals.includes(c)));
  return settled.orgId === first.orgId ? { ...settled, runnerUp: rivals[0] ?? settled.runnerUp } : named;
}
