/**
 * How well one piece of evidence (a site name, a console name, a hostname) names one text of an
 * organization, in [0, 1]. Words are paired one to one, best similarity first; then
 *
 * - recall: how much of the organization's text the evidence contains, each word weighted by
 *   its rarity (missing "Medical" in "Pinecrest Medical Group" costs less than missing
 *   "Pinecrest");
 * - precision: how much of the evidence the organization explains. A left-over qualifier
 *   ("HQ", "Warehouse", "2"), a word of the organization's other texts (its location
 *   "Springfield"), or, in the label after the name ("Acme Corp - Urgent Care", "Acme
 *   (Showroom)"), a word no organization has or one of the common ones (one organization in a
 *   hundred has it) costs little, and any other word there half its weight (it may still name
 *   someone: "OberaConnect - Keller Dental" is no site of the MSP's own organization); any other
 *   left-over word costs its full weight, which is what keeps "Acme Corporate Travel" away from
 *   "Acme Corp";
 *
 * and the score is their harmonic mean, times a factor for the kind of text (a trade name or a
 * location is weaker evidence than the name itself). Evidence that pairs only on qualifiers
 * scores 0, unless the text is nothing but qualifiers ("North Labs"). Pure.
 * @module
 */
import type { IndexedOrg, OrgIndex, OrgText, OrgTextKind } from "./org-index";
import { CONCAT_SIM, splitConcatenation, wordSimilarity } from "./similarity";
import { FILLERS, isQualifier } from "./text";

/** Weight of a left-over word that is a qualifier or explained by the organization's other texts. */
export const EXPLAINED_LEFTOVER = 0.15;
/** Weight of a left-over rare word some organization has, in the label after the name ("Vista Health - Urgent Care"). */
export const LABEL_LEFTOVER = 0.5;
/** How much each kind of organization text is worth relative to its name. */
export const TEXT_FACTOR: Readonly<Record<OrgTextKind, number>> = { name: 1, alias: 0.95, location: 0.75, initials: 0.8 };

/**
 * Credits (0..1) of each evidence word and each text word after pairing, one to one: equal
 * words first, then concatenations either way ("acmecorp" / "Acme Corp", "Blue Water" /
 * "Bluewater"), then abbreviations and typos, best similarity first.
 */
function pair(ev: readonly string[], name: readonly string[], index: OrgIndex): { e: number[]; o: number[]; eWeight: number[] } {
  const e: number[] = ev.map((w) => (name.includes(w) ? 1 : 0));
  const o: number[] = name.map((w) => (ev.includes(w) ? 1 : 0));
  // A concatenation weighs what its parts weigh: "primeoptical" says as much as "Prime Optical".
  const eWeight = ev.map((w) => index.weight(w));
  const free = (words: readonly string[], credit: number[]) => words.filter((_, k) => credit[k] === 0);
  // splitConcatenation needs 6+ letters: shorter words skip it (and its garbage, paid per candidate).
  ev.forEach((w, i) => {
    if (e[i] !== 0 || w.length < 6) return;
    const parts = splitConcatenation(w, free(name, o), FILLERS);
    if (!parts) return;
    e[i] = CONCAT_SIM;
    eWeight[i] = parts.reduce((sum, p) => sum + index.weight(p), 0);
    for (const p of parts) o[name.indexOf(p)] = CONCAT_SIM;
  });
  name.forEach((w, j) => {
    if (o[j] !== 0 || w.length < 6) return;
    const parts = splitConcatenation(w, free(ev, e), FILLERS);
    if (!parts) return;
    o[j] = CONCAT_SIM;
    for (const p of parts) e[ev.indexOf(p)] = CONCAT_SIM;
  });
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < ev.length; i++) {
    if (e[i] !== 0) continue;
    for (let j = 0; j < name.length; j++) {
      if (o[j] !== 0) continue;
      const s = wordSimilarity(ev[i]!, name[j]!, index.known(ev[i]!));
      if (s > 0) pairs.push([s, i, j]);
    }
  }
  pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  for (const [s, i, j] of pairs) {
    if (e[i] === 0 && o[j] === 0) {
      e[i] = s;
      o[j] = s;
    }
  }
  return { e, o, eWeight };
}

/** A score and its two halves (see the module comment). */
export interface TextScore {
  score: number;
  recall: number;
  precision: number;
  /**
   * The precision with the left-over qualifiers left out ("Castillo - Building B", "Prescott -
   * Site 2"): they name no one, so they say nothing about whether the rest is a part of this
   * organization's name or of another's (decide.ts, the part-of-a-name rule).
   */
  naming: number;
}

const ZERO: TextScore = { score: 0, recall: 0, precision: 0, naming: 0 };

/**
 * Score of evidence words against one text of `org`; `tail`: index of the first word of the
 * evidence's trailing label (see `analyze`).
 */
export function scoreText(ev: readonly string[], text: OrgText, org: IndexedOrg, index: OrgIndex, tail = ev.length): TextScore {
  if (ev.length === 0 || text.tokens.length === 0) return ZERO;
  // Initials match only as written: "cmc" is no typo of "cmd", no short form of "cmcdonald".
  if (text.kind === "initials" && !ev.includes(text.tokens[0]!)) return ZERO;
  const { e, o, eWeight } = pair(ev, text.tokens, index);
  // Qualifiers alone name no one ("North" / "North Fitness"), unless they are the whole name ("North Labs").
  const whole = text.tokens.every((_, j) => o[j]! > 0);
  if (!whole && !text.tokens.some((w, j) => o[j]! > 0 && !isQualifier(w))) return ZERO;
  let recallNum = 0;
  let recallDen = 0;
  text.tokens.forEach((w, j) => {
    const weight = index.weight(w);
    recallNum += weight * o[j]!;
    recallDen += weight;
  });
  let precNum = 0;
  let precDen = 0;
  let qualifierCost = 0;
  ev.forEach((w, i) => {
    const weight = eWeight[i]!;
    if (e[i]! > 0) {
      precNum += weight * e[i]!;
      precDen += weight;
    } else if (isQualifier(w) || org.explains.has(w) || (i >= tail && (!index.known(w) || index.common(w)))) {
      // Cheap, and no dearer for being unknown: "Site 2" says nothing whoever has the word.
      const cost = EXPLAINED_LEFTOVER * Math.min(weight, index.typicalWeight);
      precDen += cost;
      if (isQualifier(w)) qualifierCost += cost;
    } else {
      // A word of the label says less about who than a word of the name before it.
      precDen += i >= tail ? LABEL_LEFTOVER * weight : weight;
    }
  });
  const recall = recallNum / recallDen;
  const precision = precNum / precDen;
  if (recall === 0 || precision === 0) return ZERO;
  const naming = precNum / (precDen - qualifierCost);
  return { score: ((2 * recall * precision) / (recall + precision)) * TEXT_FACTOR[text.kind], recall, precision, naming };
}

/**
 * The best text of `org` for these evidence words, with its score. `initials`: whether the
 * organization's initials may count (not for hostnames, whose short codes name places and boxes).
 */
export function scoreOrg(ev: readonly string[], org: IndexedOrg, index: OrgIndex, tail = ev.length, initials = true): (TextScore & { text: OrgText }) | null {
  let best: (TextScore & { text: OrgText }) | null = null;
  for (const text of org.texts) {
    if (text.kind === "initials" && !initials) continue;
    const s = scoreText(ev, text, org, index, tail);
    if (s.score > 0 && (!best || s.score > best.score)) best = { ...s, text };
  }
  return best;
}
