/**
 * Company, site and device names for the generated dataset. Company names are unique after
 * normalisation (case, accents, punctuation and legal suffix removed), so the only ambiguous
 * org-name pairs in a dataset are the ones planted on purpose as hard cases.
 */
import { pick, randInt, type Rng } from "@oberaconnect/common/random";
import { ADJECTIVES, LEGAL_SUFFIXES, LEGAL_SUFFIX_WORDS, NOUNS, PLACES, SURNAMES } from "./words";

/**
 * The comparison key a name matcher is expected to use: accents folded, lower case, punctuation
 * dropped, trailing legal suffixes ("Inc.", "LLC", "L.L.P.", "Corporation"...) removed. The
 * letters of a dotted suffix are read as one word ("L.L.P." is "llp").
 */
export function normalizeCompanyName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/(?<=\b\p{L})\.(?=\p{L}\b)/gu, "") // "l.l.p." → "llp."
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter((w) => w.length > 0);
  while (words.length > 1 && LEGAL_SUFFIX_WORDS.has(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}

/** Picks from `[value, weight]` pairs. */
export function weightedPick<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [value, w] of items) {
    r -= w;
    if (r < 0) return value;
  }
  return items[items.length - 1]![0];
}

function randomCore(rng: Rng): string {
  const r = rng();
  if (r < 0.4) return `${pick(rng, ADJECTIVES)} ${pick(rng, NOUNS)}`;
  if (r < 0.65) return `${pick(rng, SURNAMES)} ${pick(rng, NOUNS)}`;
  if (r < 0.75) return `${pick(rng, SURNAMES)} & ${pick(rng, SURNAMES)}`;
  return `${pick(rng, PLACES)} ${pick(rng, NOUNS)}`;
}

/** Hands out company names that stay distinct after `normalizeCompanyName`. */
export class CompanyNamer {
  private readonly used = new Set<string>();
  /** Names handed out, in order (decoys and twins included). */
  readonly issued: string[] = [];
  /** Names drawn by `next`, in order: decoys are made from these, never from a decoy. */
  readonly drawn: string[] = [];

  /** Marks a fixed name (a hard case) as taken so no random name collides with it. */
  reserve(name: string): void {
    this.used.add(normalizeCompanyName(name));
  }

  /**
   * Issues a legal-form twin of a name already taken ("Tessaro Imports AG" next to "Tessaro
   * Imports Inc."): the one way two organizations may normalise alike.
   */
  takeTwin(name: string): void {
    this.issued.push(name);
  }

  /** Claims `name` if no name taken so far normalises like it; says whether it did. */
  take(name: string): boolean {
    const key = normalizeCompanyName(name);
    if (this.used.has(key)) return false;
    this.used.add(key);
    this.issued.push(name);
    return true;
  }

  /** A fresh realistic name such as "Granite Logistics LLC". */
  next(rng: Rng): string {
    for (let attempt = 0; ; attempt++) {
      let core = randomCore(rng);
      // "Capital Capital", "Sterling & Sterling": one word drawn twice is no company name.
      if (new Set(core.split(/[\s&]+/)).size < core.split(/[\s&]+/).length) continue;
      // Past a few collisions the word space is crowded: qualify with a place to stay unique.
      if (attempt >= 8) core = `${core} of ${pick(rng, PLACES)}`;
      if (attempt >= 30) core = `${core} ${attempt}`;
      const suffix = weightedPick(rng, LEGAL_SUFFIXES);
      const name = suffix ? `${core} ${suffix}` : core;
      if (this.take(name)) {
        this.drawn.push(name);
        return name;
      }
    }
  }
}

/** Strips the legal suffix words the normaliser would ignore ("Acme Corp." → "Acme", "Acme L.L.P." → "Acme"). */
export function stripLegalSuffix(name: string): string {
  return name.slice(0, name.length - legalSuffixOf(name).length).replace(/[,\s]+$/, "");
}

/** The legal suffix a name ends with, as written ("Acme Pty. Ltd." → "Pty. Ltd."), or "". */
export function legalSuffixOf(name: string): string {
  const parts = name.split(" ");
  let keep = parts.length;
  while (keep > 1) {
    const last = parts[keep - 1]!.replace(/[.,]/g, "").toLowerCase();
    if (!LEGAL_SUFFIX_WORDS.has(last)) break;
    keep--;
  }
  return parts.slice(keep).join(" ");
}

/** Up to four upper-case ASCII letters from a name's words, for hostnames ("Granite Logistics" → "GL"). */
export function abbreviation(name: string, fallback: string): string {
  const letters = stripLegalSuffix(name)
    .normalize("NFKD")
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase())
    .join("")
    .slice(0, 4);
  return letters.length >= 2 ? letters : fallback;
}

/** Random upper-case letters and digits, as in Windows' default `DESKTOP-7QK2M1P` names. */
export function randomTag(rng: Rng, len: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  let s = "";
  for (let i = 0; i < len; i++) s += alphabet[randInt(rng, 0, alphabet.length - 1)];
  return s;
}

/** Lower-case DNS-ish domain from a company name; non-Latin names fall back to `org<id>`. */
export function domainFor(name: string, organizationId: number): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${slug.length >= 3 ? slug : `org${organizationId}`}.example`;
}
