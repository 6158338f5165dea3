/**
 * How alike two words are, for words that are not equal: an abbreviation ("intl" /
 * "international", "svcs" / "services"), a typo of one or two letters, or a concatenation
 * ("acmecorp" = "acme" + "corp").
 *
 * Hand-written rather than a kept library: the scorer needs a *bounded* optimal-string-alignment
 * distance (an adjacent swap is one slip, as people type; stop as soon as the bound is passed),
 * which fastest-levenshtein / leven do not offer (plain Levenshtein, no bound, a swap costs 2);
 * damerau-levenshtein computes the full matrix unbounded; the token-set scorers of fuzzball or
 * string-similarity score "Acme" inside "Acme Corporate Travel" as a perfect match, the very
 * decoy this matcher must refuse. What is needed fits in edit-distance.ts and the lines below.
 * @module
 */
import { osaDistance } from "./edit-distance";
import { inflections } from "./text";

/** Similarity of a word that abbreviates another ("mgmt" / "management"). */
export const ABBREVIATION_SIM = 0.85;
/** Similarity of a word with one typing slip (5+ letters). */
export const ONE_SLIP_SIM = 0.85;
/** Similarity of a word with two slips (8+ letters). */
export const TWO_SLIPS_SIM = 0.7;
/** Factor on a fuzzy match of a word that is itself some organization's word. */
export const KNOWN_WORD_DISCOUNT = 0.7;
/** Credit of each word found inside a concatenation ("acmecorp"). */
export const CONCAT_SIM = 0.95;

const VOWELS = "aeiouy";
function vowelsAfterFirst(w: string): number {
  let n = 0;
  for (let i = 1; i < w.length; i++) if (VOWELS.includes(w[i]!)) n++;
  return n;
}

/** Whether `short` is written inside `long` in order ("mgmt" in "management"). */
function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) if (c === short[i]) i++;
  return i === short.length;
}

/**
 * `abbr` abbreviates `word`: same first letter, 3+ letters, shorter, written inside it in order,
 * and either its start ("tech", "assoc"), ending like it ("intl", "svc", "mfg") or a contraction
 * of four or more consonants ("engr", "lndscp").
 */
export function isAbbreviation(abbr: string, word: string): boolean {
  if (abbr.length < 3 || abbr.length >= word.length || abbr[0] !== word[0]) return false;
  if (!/^\p{L}+$/u.test(abbr)) return false;
  if (word.startsWith(abbr)) return true;
  // Contractions drop vowels ("mgmt", "svcs", "peds"): "reed" is not short for "riverbend".
  if (abbr.length > 6 || vowelsAfterFirst(abbr) > 1) return false;
  if (!isSubsequence(abbr, word)) return false;
  // Four or more letters with no vowel after the first are a contraction however they end
  // ("engr", "mktg", "lndscp"); shorter or vowelled ones must end like the word ("svc", "intl").
  if (abbr.length >= 4 && vowelsAfterFirst(abbr) === 0) return true;
  const last = abbr[abbr.length - 1];
  return word[word.length - 1] === last || word[word.length - 2] === last;
}

/**
 * Similarity in [0, 1] of an evidence word and a name word. `known` tells whether the evidence
 * word is itself a word of some organization's texts: then it is read as that word first, not
 * as a typo or a short form of another ("barker" is not a slip of "baker" when a Barker is a
 * customer too), so fuzzy matches of it are discounted.
 */
export function wordSimilarity(evidence: string, name: string, known: boolean): number {
  if (evidence === name) return 1;
  const discount = known ? KNOWN_WORD_DISCOUNT : 1;
  if (isAbbreviation(evidence, name) || isAbbreviation(name, evidence)) return ABBREVIATION_SIM * discount;
  if (/\d/.test(evidence) || /\d/.test(name)) return 0; // "site2" / "site3" are not typos
  const d = slips(evidence, name);
  if (d > 0) return (d === 1 ? ONE_SLIP_SIM : TWO_SLIPS_SIM) * discount;
  // Stemming a typo goes wrong ("servies" → "servy", "yattes" → "yatte"): the words as written,
  // with their plural, are compared too.
  if (Math.abs(evidence.length - name.length) > 3 || Math.max(evidence.length, name.length) < 5) return 0;
  let written = 9;
  for (const a of inflections(evidence).slice(1)) for (const b of inflections(name).slice(1)) written = Math.min(written, slips(a, b) || 9);
  return written > 2 ? 0 : (written === 1 ? ONE_SLIP_SIM : TWO_SLIPS_SIM) * discount;
}

/** Typing slips between two different words: 1 or 2 (2 only for 8+ letters), else 0. */
function slips(a: string, b: string): number {
  const len = Math.min(a.length, b.length);
  if (len < 5) return 0;
  const max = len >= 8 ? 2 : 1;
  const d = osaDistance(a, b, max);
  return d > max ? 0 : d;
}

/**
 * Splits `joined` into `pieces` (each used at most once) plus filler words, left to right:
 * "acmecorp" → ["acme"] with "corp" as filler; "fosterandvogel" → ["foster", "vogel"]. Returns
 * the pieces used, or null when `joined` is not such a concatenation (or uses only filler).
 */
export function splitConcatenation(joined: string, pieces: readonly string[], fillers: readonly string[]): string[] | null {
  if (joined.length < 6) return null;
  // At least one piece must be inside (a "-y" word as its stem, for "-ies"): the common case,
  // tried for every candidate organization, then allocates nothing.
  if (!pieces.some((p) => joined.includes(p.endsWith("y") ? p.slice(0, -1) : p))) return null;
  const forms = pieces.map((p) => [p, inflections(p)] as const);
  const walk = (at: number, used: string[]): string[] | null => {
    if (at === joined.length) return used.length > 0 ? used : null;
    for (const [p, written] of forms) {
      if (used.includes(p)) continue;
      for (const w of written) {
        if (!joined.startsWith(w, at)) continue;
        const r = walk(at + w.length, [...used, p]);
        if (r) return r;
      }
    }
    for (const f of fillers) {
      if (joined.startsWith(f, at)) {
        const r = walk(at + f.length, used);
        if (r) return r;
      }
    }
    return null;
  };
  return walk(0, []);
}
