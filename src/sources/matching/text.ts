/**
 * Names → comparable tokens. Both sides (UniFi evidence and NinjaOne names) go through the same
 * folding, so whatever a rule does to one side it does to the other: accents and case folded,
 * invisible marks dropped (RTL marks, zero-width joiners), "&" read as "and", apostrophes
 * dropped ("O'Brien" → "obrien"), camelCase split ("GraniteLogistics"), runs of single letters
 * joined ("L.L.P.", "l-l-p" → "llp"), plurals stemmed. Legal forms ("Inc", "LLC", "S.A.") and
 * stop words carry no identity and are left out of the tokens; the legal forms are kept apart
 * as evidence of their own (legal-forms.ts). Device and domain words ("udm", "pro", ".example")
 * are dropped from console names and hostnames only, where they describe the box, not the
 * customer.
 * @module
 */
import { initialismFormOf, joinInitials, LEGAL_WORDS, legalFormOf, trailingFormOf } from "./legal-forms";

export { LEGAL_WORDS } from "./legal-forms";

const STOP_WORDS = new Set(["the", "of", "and", "a", "an", "at", "for", "de", "la", "le", "du"]);

/**
 * Words that qualify a site rather than name a customer ("Acme - Main Office", "Acme HQ"). They
 * still match when both sides have them, but one left over costs little, and a match on them
 * alone is no evidence. A word that names a business on its own ("Clinic", "Lab": "Acme Clinic"
 * is another business than "Acme Corp") is no qualifier, however often it also names a site;
 * "Shop" stays one (the shop floor, the workshop: "Print Shop" is named by its other word).
 */
export const QUALIFIERS = new Set([
  "hq", "headquarter", "main", "office", "warehouse", "branch", "annex", "site", "campus", "building", "bldg",
  "floor", "suite", "store", "shop", "location", "remote", "guest", "wifi", "wlan", "lan", "network", "north",
  "south", "east", "west", "upstair", "downstair", "front", "back", "satellite", "closet", "room",
  "default", "new", "old", "primary", "secondary", "showroom", "yard", "plant", "wing", "unit", "lobby", "level",
  "basement", "dock",
]);

/**
 * Trade shorthand no letter-by-letter rule reads ("Rx" is not written inside "Pharmacy"), read as
 * the words it stands for on both sides: "Wolfe Rx" is "Wolfe Pharmacy", "Alvarez HVAC" is
 * "Alvarez Heating & Air". Only shorthand with one meaning in a business name; contractions
 * ("Mgmt", "Svcs", "Vet") are the similarity's job (similarity.ts).
 */
const TRADE_SHORTHAND: ReadonlyMap<string, readonly string[]> = new Map([
  ["rx", ["pharmacy"]],
  ["hvac", ["heating", "air"]],
]);

/** Device words in console names and hostnames ("acme-udm-pro", "UCG-Ultra-ACME", "gw.acme.example"). */
const DEVICE_WORDS = new Set([
  "unifi", "ubiquiti", "ubnt", "udm", "udmpro", "udmse", "udr", "ucg", "uck", "usg", "uxg", "ux", "gw", "fw", "cgw",
  "console", "controller", "router", "gateway", "firewall", "ucgultra", "ucgmax", "uckg2",
]);
/** Model suffixes, dropped only right after a device word ("udm pro", "ucg ultra"). */
const MODEL_SUFFIXES = new Set(["pro", "se", "ultra", "max", "plus", "lite", "g2", "mini", "fiber", "enterprise", "express", "2", "4", "7"]);
/** Two-word device names, dropped as a pair so that "Key Largo Dental" keeps its "key". */
const DEVICE_PHRASES = [["cloud", "key"], ["dream", "machine"], ["dream", "router"], ["cloud", "gateway"], ["network", "server"], ["self", "hosted"]];
/** Domain labels, dropped from dotted hostnames only ("gw-hq.acme-dental.example"). */
const DOMAIN_WORDS = new Set(["com", "net", "org", "local", "lan", "localdomain", "example", "internal", "home", "io", "us", "uk", "ca", "biz", "info", "ui", "direct"]);

/** Where a text comes from: console texts lose their device words. */
export type TextKind = "name" | "device";

/**
 * Case, accents (also typed as combining marks, NFD), invisible format marks, apostrophes and
 * Hebrew geresh/gershayim removed; "&" and "+" read as "and"; camelCase split; one space
 * between words.
 */
/**
 * What of a name the matcher reads: no organization, site or console name says more in its
 * first 256 characters than in the rest, and the scorer's word and typo comparisons grow with
 * length (a 100,000-character name took 100 s to match). The record keeps its whole name.
 */
export const MATCH_TEXT_MAX = 256;
const matchedPart = (text: string) => (text.length > MATCH_TEXT_MAX ? text.slice(0, MATCH_TEXT_MAX) : text);

export function foldText(text: string): string {
  return splitCamelCase(matchedPart(text).normalize("NFKD").replace(/\p{M}+/gu, "").replace(/\p{Cf}+/gu, ""))
    .toLowerCase()
    .replace(/[&+]/g, " and ")
    .replace(/['’`´״׳"]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * "GraniteLogistics" → "Granite Logistics", "AcmeCorpTravel" → "Acme Corp Travel"; both parts
 * must be 3+ letters, so "WiFi", "GmbH", "McDonald" and "iPhone" stay whole.
 */
function splitCamelCase(text: string): string {
  let out = text;
  for (let prev = ""; prev !== out; ) {
    prev = out;
    out = out.replace(/(\p{L}\p{L}\p{Ll})(\p{Lu}\p{Ll}\p{Ll})/u, "$1 $2");
  }
  return out;
}

/** "services" → "service", "properties" → "property"; leaves "glass", "campus", "analysis". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The forms a stemmed word takes inside a concatenation: "haye" is written "hayes" in "hayesdental". */
export function inflections(word: string): string[] {
  return word.endsWith("y") ? [word, `${word.slice(0, -1)}ies`, `${word}s`] : [word, `${word}s`];
}

/** Indexes of the words that describe the customer, not the box (device words and domain labels out). */
function customerWords(words: readonly string[], dotted: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const phrase = DEVICE_PHRASES.find(([a, b]) => a === w && words[i + 1] === b);
    if (phrase || DEVICE_WORDS.has(w)) {
      if (phrase) i++;
      while (i + 1 < words.length && MODEL_SUFFIXES.has(words[i + 1]!)) i++;
      continue;
    }
    if (!dotted || !DOMAIN_WORDS.has(w)) out.push(i);
  }
  return out;
}

/** What the scorer compares (`tokens`) and the legal forms a text states, each once, in order. */
export interface TextWords {
  tokens: string[];
  legal: string[];
  /**
   * Index of the first token of the text's trailing label, after " - ", " | " or "(" ("Acme
   * Corp - Urgent Care": 2); `tokens.length` when it has none.
   */
  tail: number;
  /** The label's own words ("Osprey Care LLC - Urgent Care": urgent, care), also those the name has; [] without a label. */
  label: string[];
}

/** Where a site's label starts: a spaced dash or bar, or an opening parenthesis after the name. */
const LABEL = /\s[-–—|]\s|\s?\(/u;

/**
 * The identity-bearing words of a text, stemmed, each once, in order, and its legal forms
 * ("Incorporated" → "inc"). Legal and stop words are left out of the tokens unless nothing else
 * is left ("The Company" stays "company").
 */
export function analyze(whole: string, kind: TextKind = "name"): TextWords {
  const text = matchedPart(whole);
  const at = text.search(LABEL);
  const head = at > 0 && /[\p{L}\p{N}]/u.test(text.slice(0, at)) ? text.slice(0, at) : text;
  // A dotted hostname ("gw.acme-dental.example") has domain labels; a name with dotted initials
  // ("Foster Home Care L.L.P.") has none, and its "Home" is a word of the name.
  const dotted = /\./.test(text) && !/\s/.test(text.trim());
  const first = words(head, kind, dotted);
  if (head === text) return { ...first, tail: first.tokens.length, label: [] };
  const rest = words(text.slice(at), kind, dotted);
  const tokens = [...new Set([...first.tokens, ...rest.tokens])];
  return { tokens, legal: [...new Set([...first.legal, ...rest.legal])], tail: first.tokens.length, label: rest.tokens };
}

function words(text: string, kind: TextKind, dotted: boolean): Omit<TextWords, "tail" | "label"> {
  const { words, legalAt } = joinInitials(foldText(text).split(" ").filter(Boolean));
  const at = kind === "device" ? customerWords(words, dotted) : words.map((_, i) => i);
  const kept: string[] = [];
  const fallback: string[] = [];
  const legal = new Set<string>();
  for (const i of at) {
    const w = stem(words[i]!);
    const form = legalAt.has(i) ? initialismFormOf(words[i]!) : legalFormOf(w) ?? legalFormOf(words[i]!);
    if (STOP_WORDS.has(w)) continue;
    fallback.push(w);
    if (form) legal.add(form);
    else if (TRADE_SHORTHAND.has(w)) kept.push(...TRADE_SHORTHAND.get(w)!);
    else {
      kept.push(w);
      const end = trailingFormOf(w); // "acmellc": the scorer reads "acme", the form is evidence
      if (end) legal.add(end);
    }
  }
  return { tokens: [...new Set(kept.length > 0 ? kept : fallback)], legal: [...legal] };
}

/** The identity-bearing words of a text (see `analyze`). */
export const tokens = (text: string, kind: TextKind = "name"): string[] => analyze(text, kind).tokens;

/**
 * A word that qualifies rather than names: a qualifier, a plain number ("Site 2", "02") or a
 * lone letter ("Building B", "Suite A"; runs of letters are joined into one word before this).
 */
export const isQualifier = (token: string): boolean => QUALIFIERS.has(token) || /^\d{1,3}$/.test(token) || /^\p{L}$/u.test(token);

/** Filler a concatenated word may contain besides name words ("acmecorp", "fosterandvogel"). */
export const FILLERS: readonly string[] = [...LEGAL_WORDS, ...STOP_WORDS].sort((a, b) => b.length - a.length);

/** UniFi's own first-site name ("default" / "Default"): it names no customer. */
export const isDefaultSiteName = (name: string): boolean => foldText(name) === "default";

/**
 * The exact-comparison key: case, accents, punctuation, "&" and TRAILING legal suffixes removed
 * ("L.L.C." too, its letters joined) (kept from the first matcher; the scorer uses `tokens`). Emoji and caseless scripts kept.
 */
export function normalizeName(name: string): string {
  const words = matchedPart(name)
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const { words: joined, legalAt } = joinInitials(words);
  while (joined.length > 1 && (LEGAL_WORDS.has(joined[joined.length - 1]!) || legalAt.has(joined.length - 1))) joined.pop();
  return joined.join(" ");
}
