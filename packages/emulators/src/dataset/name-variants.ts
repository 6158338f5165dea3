/**
 * How people at an MSP type a customer's name into UniFi: the org name from NinjaOne is rarely
 * what the console or site says. Written from what real fleets show, before (and without
 * looking at) the matcher: legal suffixes dropped, swapped, added or written another way
 * ("L.L.P." for "LLP", "Incorporated" for "Inc."); case; "&" vs "and";
 * abbreviations ("Intl", "Svcs"); typos of one or two letters; word order; slugs
 * ("acme-corp"); only the first, distinctive word; initials; location qualifiers ("HQ",
 * "- Main Office"); stray whitespace and decomposed (NFD) accents.
 * @module
 */
import { pick, type Rng } from "@oberaconnect/common/random";
import { legalSuffixOf, stripLegalSuffix, weightedPick } from "./names";
import { ABBREVIATIONS, ADJECTIVES, LEGAL_SPELLINGS, PLACES, SITE_QUALIFIERS, TRADE_QUALIFIERS } from "./words";

/** Which transformations a typed name went through (kept for test diagnostics, not truth). */
export type VariantBase = "exact" | "no-suffix" | "respelled-suffix" | "other-suffix" | "added-suffix" | "short" | "slug" | "initials";

const BASES: readonly (readonly [VariantBase, number])[] = [
  ["exact", 42], ["no-suffix", 26], ["respelled-suffix", 4], ["other-suffix", 8], ["added-suffix", 6], ["short", 6], ["slug", 5], ["initials", 1.5],
];

/** Suffixes a technician adds or swaps in without looking ("Acme LLC" typed "Acme, Inc."). */
const TYPED_SUFFIXES = [" Inc", ", Inc.", " LLC", " L.L.C.", " Ltd", " Corp", " Co.", " Incorporated", " S.A.", " GmbH"] as const;

/** The org's own legal form written another way ("LLP" → "L.L.P.", "Inc." → "Incorporated"); the name as is without one. */
export function respelledSuffix(rng: Rng, orgName: string): string {
  const suffix = legalSuffixOf(orgName);
  const key = (x: string) => x.replace(/[.\s]/g, "").toLowerCase();
  const group = LEGAL_SPELLINGS.find((g) => g.some((x) => key(x) === key(suffix)));
  const others = group?.filter((x) => x !== suffix) ?? [];
  if (!suffix || others.length === 0) return orgName;
  return `${stripLegalSuffix(orgName)}${rng() < 0.2 ? "," : ""} ${pick(rng, others)}`;
}

const QWERTY_NEIGHBOURS: Record<string, string> = {
  a: "qs", b: "vn", c: "xv", d: "sf", e: "wr", f: "dg", g: "fh", h: "gj", i: "uo", j: "hk", k: "jl", l: "k",
  m: "n", n: "bm", o: "ip", p: "o", q: "w", r: "et", s: "ad", t: "ry", u: "yi", v: "cb", w: "qe", x: "zc", y: "tu", z: "x",
};

/** One typing slip in a word of 5+ letters, never on its first letter (people see that one). */
export function typo(rng: Rng, word: string): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(rng() * (word.length - 2));
  const r = rng();
  if (r < 0.3) return word.slice(0, i) + word.slice(i + 1); // dropped letter
  if (r < 0.6) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // swapped pair
  if (r < 0.85) {
    const c = word[i]!;
    const near = QWERTY_NEIGHBOURS[c.toLowerCase()];
    if (!near) return word;
    const n = near[Math.floor(rng() * near.length)]!;
    return word.slice(0, i) + (c === c.toUpperCase() ? n.toUpperCase() : n) + word.slice(i + 1);
  }
  return word.slice(0, i) + word[i] + word.slice(i); // doubled letter
}

/** Typos in one or two letters of the name's longest words. */
export function withTypos(rng: Rng, name: string): string {
  const words = name.split(" ");
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => /^\p{L}{5,}$/u.test(w));
  if (long.length === 0) return name;
  const slips = rng() < 0.8 ? 1 : 2;
  for (let k = 0; k < slips; k++) {
    const [, i] = pick(rng, long);
    words[i] = typo(rng, words[i]!);
  }
  return words.join(" ");
}

/** Replaces one or more words that MSPs usually shorten ("Services" → "Svcs"). */
export function abbreviate(rng: Rng, name: string): string {
  let out = name;
  for (const [word, forms] of Object.entries(ABBREVIATIONS)) {
    if (out.includes(word) && rng() < 0.7) out = out.replace(word, pick(rng, forms));
  }
  return out;
}

/** "Smith & Jones" ↔ "Smith and Jones", and sometimes the two sides swapped. */
export function andVariant(rng: Rng, name: string): string {
  const m = /^(.*?) (&|and) (.*)$/.exec(name);
  if (!m) return name;
  const [, left, , right] = m as unknown as [string, string, string, string];
  const joiner = rng() < 0.5 ? "&" : "and";
  if (rng() < 0.3) {
    // Word order: "Smith & Jones Law" → "Jones & Smith Law" (only the two names swap).
    const [first, ...rest] = right.split(" ");
    return [first, joiner, left, ...rest].join(" ");
  }
  return `${left} ${joiner} ${right}`;
}

/** "Granite Logistics LLC" → "granite-logistics" / "granitelogistics" / "GraniteLogistics". */
export function slug(rng: Rng, name: string, keepSuffix = rng() < 0.3): string {
  const base = (keepSuffix ? name : stripLegalSuffix(name))
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/&/g, " and ")
    .replace(/[^A-Za-z0-9 ]+/g, " ")
    .trim()
    .split(/\s+/);
  const r = rng();
  if (r < 0.55) return base.join("-").toLowerCase();
  if (r < 0.8) return base.join("").toLowerCase();
  return base.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

/** Names of two words that people do not split ("Fox River", "Summit Ridge"). */
const TWO_WORD_NAMES = new Set<string>([...PLACES, ...ADJECTIVES].filter((w) => w.includes(" ")));

/**
 * The first word that is not an article ("The Granite Group" → "Granite"), or the first two when
 * they are one name: "Fox River Glass" is "Fox River" for short, never "Fox".
 */
export function shortName(name: string): string {
  const words = stripLegalSuffix(name).split(" ").filter((w) => !/^(the|a)$/i.test(w));
  const two = words.slice(0, 2).join(" ");
  return TWO_WORD_NAMES.has(two) ? two : words[0] ?? name;
}

const initials = (name: string) =>
  stripLegalSuffix(name).split(/[\s&]+/).filter((w) => /^\p{L}/u.test(w)).map((w) => w[0]!.toUpperCase()).join("");

function base(rng: Rng, orgName: string, kind: VariantBase): string {
  switch (kind) {
    case "exact": return orgName;
    case "no-suffix": return stripLegalSuffix(orgName);
    case "respelled-suffix": return respelledSuffix(rng, orgName);
    case "other-suffix":
    case "added-suffix": return `${stripLegalSuffix(orgName)}${pick(rng, TYPED_SUFFIXES)}`;
    case "short": return shortName(orgName);
    case "slug": return slug(rng, orgName);
    case "initials": return initials(orgName);
  }
}

function casing(rng: Rng, name: string): string {
  const r = rng();
  if (r < 0.12) return name.toUpperCase();
  if (r < 0.2) return name.toLowerCase();
  return name;
}

/** Stray whitespace, or accents typed as combining marks (NFD), as copy-paste leaves them. */
function noise(rng: Rng, name: string): string {
  const r = rng();
  if (r < 0.03) return `  ${name.replace(" ", "  ")} `;
  if (r < 0.05) return name.normalize("NFD");
  return name;
}

export interface TypedNameOptions {
  /** Chance of a location qualifier ("HQ", "- Main Office" or one of `places`). */
  qualifier?: number;
  /** The customer's own place names (its NinjaOne locations), usable as qualifiers. */
  places?: readonly string[];
  /** Leave out the forms that cannot be typed into that field (a console has no slugs). */
  bases?: readonly VariantBase[];
  /** How often each form is typed, when not as for most customers (a legal-form twin's, legal-twins.ts). */
  weights?: readonly (readonly [VariantBase, number])[];
}

/** A name as an MSP technician would type it for this customer. */
export function typedName(rng: Rng, orgName: string, opts: TypedNameOptions = {}): { text: string; base: VariantBase } {
  const weights = opts.weights ?? BASES;
  const allowed = opts.bases ? weights.filter(([b]) => opts.bases!.includes(b)) : weights;
  const kind = weightedPick(rng, allowed);
  let text = base(rng, orgName, kind);
  if (kind !== "slug" && kind !== "initials") {
    if (rng() < 0.15) text = abbreviate(rng, text);
    if (rng() < 0.5) text = andVariant(rng, text);
    if (rng() < 0.07) text = withTypos(rng, text);
    text = casing(rng, text);
  }
  if (rng() < (opts.qualifier ?? 0)) text = `${text} ${qualifier(rng, opts.places ?? [], orgName)}`;
  return { text: noise(rng, text), base: kind };
}

/**
 * A site qualifier: mostly the generic ones, sometimes the customer's own place name, and for a
 * trade that has them its own kinds of site ("- Clinic" for a dental practice, "- Shop" for a
 * machine shop; a logistics firm has no clinic).
 */
export function qualifier(rng: Rng, places: readonly string[], orgName = ""): string {
  if (places.length > 0 && rng() < 0.35) return `- ${pick(rng, places)}`;
  const trade = TRADE_QUALIFIERS.find(([re]) => re.test(orgName));
  if (trade && rng() < 0.3) return pick(rng, trade[1]);
  return pick(rng, SITE_QUALIFIERS);
}
