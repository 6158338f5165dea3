/**
 * Legal forms ("Inc", "L.L.P.", "GmbH", "S.A."). They carry no identity: "Acme Corp., Inc." and
 * "Acme" are the same customer, and MSPs add, drop and swap them when they type a name. So they
 * are never scored as name words. But they are kept as evidence of their own: when two
 * organizations differ only by their legal form ("X Inc." and "X AG"), the one telling word of a
 * site or console text ("X AG - HQ") is the form, and it decides between them (see twins.ts).
 *
 * Spellings of one form are one form ("Inc" = "Incorporated", "Ltd" = "Limited", "LLP" =
 * "L.L.P."); dotted initialisms arrive here already joined into one word by text.ts.
 * @module
 */
import { osaDistance } from "./edit-distance";

/** Every legal word, with the form it stands for. */
const FORMS: Readonly<Record<string, string>> = {
  inc: "inc", incorporated: "inc",
  corp: "corp", corporation: "corp",
  co: "co", company: "co",
  ltd: "ltd", limited: "ltd", ltee: "ltd",
  "בעמ": "ltd", // Hebrew "Ltd" (בע״מ once its gershayim is dropped)
  llc: "llc", lc: "llc",
  llp: "llp", lp: "lp", lllp: "lllp",
  plc: "plc", pllc: "pllc", pc: "pc", pa: "pa", apc: "apc", chtd: "chtd",
  gmbh: "gmbh", ag: "ag", kg: "kg", ohg: "ohg",
  sa: "sa", sas: "sas", sarl: "sarl", snc: "snc", srl: "srl", sro: "sro",
  bv: "bv", nv: "nv", bvba: "bvba",
  ab: "ab", oy: "oy", oyj: "oyj", asa: "asa", aps: "aps",
  pty: "pty", pte: "pte", pvt: "pvt", ltda: "ltda",
};

/**
 * Forms recognised only when written as initials ("S.p.A.", "A/S", "S.L."), because as plain
 * words they name something else: a day spa, the word "as", a state ("SC").
 */
const INITIALISM_FORMS: Readonly<Record<string, string>> = {
  spa: "spa", as: "as", sl: "sl", slu: "slu", sc: "sc", na: "na", kk: "kk", cv: "cv", ev: "ev", ek: "ek",
};

/** Legal words as plain words (and as filler inside concatenations: "acmellc"). */
export const LEGAL_WORDS: ReadonlySet<string> = new Set(Object.keys(FORMS));

/** Long legal words, also recognised with one typing slip ("Corpoation"). */
const LONG_LEGAL = Object.keys(FORMS).filter((w) => w.length >= 7);

/** The form a plain word stands for ("incorporated" → "inc"; "corpoation" → "corp"), or undefined. */
export function legalFormOf(word: string): string | undefined {
  const form = FORMS[word];
  if (form) return form;
  if (word.length < 6) return undefined;
  const near = LONG_LEGAL.find((l) => Math.abs(l.length - word.length) <= 1 && osaDistance(word, l, 1) <= 1);
  return near ? FORMS[near] : undefined;
}

/** The form of a word made of initials ("l l p" joined as "llp"), or undefined. */
export const initialismFormOf = (joined: string): string | undefined => FORMS[joined] ?? INITIALISM_FORMS[joined];

/**
 * Forms a concatenation may end with ("acmellc", "granitelogisticsinc"): the common ones, which
 * end no ordinary word ("sas" ends "kansas", "aps" "perhaps").
 */
const TRAILING = ["pllc", "gmbh", "corp", "inc", "llc", "llp", "ltd", "plc"];

/**
 * The form a concatenated word ends with, when what comes before it is a word of its own (3+
 * letters): "acmellc" → "llc"; "zinc" → undefined.
 */
export function trailingFormOf(word: string): string | undefined {
  if (word.length < 6) return undefined;
  const end = TRAILING.find((f) => word.endsWith(f) && word.length - f.length >= 3);
  return end ? FORMS[end] : undefined;
}

/**
 * Joins runs of single letters into one word, as "L.L.P.", "l-l-p", "G.m.b.H." and "S.A." are
 * written: ["smith", "l", "l", "p"] → ["smith", "llp"]. A run that ends with a legal form of 3+
 * letters after other initials keeps them apart ("Plan B L.L.C." → "b", "llc"). Returns the words
 * and the indexes of those that are legal forms written as initials.
 */
export function joinInitials(words: readonly string[]): { words: string[]; legalAt: Set<number> } {
  const out: string[] = [];
  const legalAt = new Set<number>();
  for (let i = 0; i < words.length; ) {
    let j = i;
    while (j < words.length && isInitial(words[j]!)) j++;
    if (j - i < 2) {
      out.push(words[i]!);
      i++;
      continue;
    }
    const run = words.slice(i, j).join("");
    let head = run;
    let form = initialismFormOf(run) ? run : undefined;
    for (let k = 1; !form && k <= run.length - 3; k++) {
      if (initialismFormOf(run.slice(k))) [head, form] = [run.slice(0, k), run.slice(k)];
    }
    if (form && head !== run) out.push(head);
    if (form) legalAt.add(out.length);
    out.push(form ?? run);
    i = j;
  }
  return { words: out, legalAt };
}

/** One letter, any script ("l", "é" once folded, "ß"); digits are not initials. */
const isInitial = (w: string): boolean => w.length === 1 && /\p{L}/u.test(w);
