/**
 * Names → comparable tokens. Both sides (UniFi evidence and NinjaOne names) go through the same
 * folding, so whatever a rule does to one side it does to the other: accents and case folded,
 * invisible marks dropped (RTL marks, zero-width joiners), "&" read as "and", apostrophes
 * dropped ("O'Brien" → "obrien"), camelCase split ("GraniteLogistics"), plurals stemmed.
 * Legal-form words ("Inc", "LLC") and stop words carry no identity and are dropped; device and
 * domain words ("udm", "pro", ".example") are dropped from console names and hostnames only,
 * where they describe the box, not the customer.
 * @module
 */
import { osaDistance } from "./edit-distance";

/** Legal-form words, anywhere in a name: "Acme Corp., Inc." and "Acme" are the same customer. */
export const LEGAL_WORDS = new Set([
  "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "corp", "corporation", "co", "company",
  "plc", "pllc", "pc", "gmbh", "ag", "sa", "sarl", "bv", "nv", "pty", "srl", "oy", "ab", "kg", "spa",
  "בעמ", // Hebrew "Ltd" (בע״מ once its gershayim is dropped)
]);

const STOP_WORDS = new Set(["the", "of", "and", "a", "an", "at", "for", "de", "la", "le", "du"]);

/**
 * Words that qualify a site rather than name a customer ("Acme - Main Office", "Acme HQ"). They
 * still match when both sides have them, but one left over costs little, and a match on them
 * alone is no evidence.
 */
export const QUALIFIERS = new Set([
  "hq", "headquarter", "main", "office", "warehouse", "branch", "annex", "site", "campus", "building", "bldg",
  "floor", "suite", "store", "shop", "location", "remote", "guest", "wifi", "wlan", "lan", "network", "north",
  "south", "east", "west", "upstair", "downstair", "front", "back", "satellite", "closet", "room", "lab",
  "clinic", "default", "new", "old", "primary", "secondary",
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
export function foldText(text: string): string {
  return splitCamelCase(text.normalize("NFKD").replace(/\p{M}+/gu, "").replace(/\p{Cf}+/gu, ""))
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

/** Long legal words, also recognised with one typing slip ("Corpoation"). */
const LONG_LEGAL = [...LEGAL_WORDS].filter((w) => w.length >= 7);

function dropDeviceWords(words: string[], dotted: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const phrase = DEVICE_PHRASES.find(([a, b]) => a === w && words[i + 1] === b);
    if (phrase || DEVICE_WORDS.has(w)) {
      if (phrase) i++;
      while (i + 1 < words.length && MODEL_SUFFIXES.has(words[i + 1]!)) i++;
      continue;
    }
    if (!dotted || !DOMAIN_WORDS.has(w)) out.push(w);
  }
  return out;
}

/**
 * The identity-bearing words of a text, stemmed, each once, in order. Legal and stop words are
 * dropped unless nothing else is left ("The Company" stays "company").
 */
export function tokens(text: string, kind: TextKind = "name"): string[] {
  let words = foldText(text).split(" ").filter(Boolean);
  if (kind === "device") words = dropDeviceWords(words, text.includes("."));
  const stemmed = words.map(stem);
  const kept = stemmed.filter((w) => !LEGAL_WORDS.has(w) && !STOP_WORDS.has(w) && !isMistypedLegal(w));
  return [...new Set(kept.length > 0 ? kept : stemmed.filter((w) => !STOP_WORDS.has(w)))];
}

function isMistypedLegal(word: string): boolean {
  return word.length >= 6 && LONG_LEGAL.some((l) => Math.abs(l.length - word.length) <= 1 && osaDistance(word, l, 1) <= 1);
}

/** A word that qualifies rather than names: a qualifier or a plain number ("2", "02"). */
export const isQualifier = (token: string): boolean => QUALIFIERS.has(token) || /^\d{1,3}$/.test(token);

/** Filler a concatenated word may contain besides name words ("acmecorp", "fosterandvogel"). */
export const FILLERS: readonly string[] = [...LEGAL_WORDS, ...STOP_WORDS].sort((a, b) => b.length - a.length);

/** UniFi's own first-site name ("default" / "Default"): it names no customer. */
export const isDefaultSiteName = (name: string): boolean => foldText(name) === "default";

/**
 * The exact-comparison key: case, accents, punctuation, "&" and TRAILING legal suffixes removed
 * (kept from the first matcher; the scorer uses `tokens`). Emoji and caseless scripts kept.
 */
export function normalizeName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_WORDS.has(words[words.length - 1] as string)) words.pop();
  return words.join(" ");
}
