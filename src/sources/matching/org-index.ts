/**
 * What the matcher knows about the customers, built once per run: each organization's texts
 * (its name, the trade names its description gives, its location names), how rare each word is
 * among them, and an index from words to organizations so that a site is only compared with
 * the few organizations that share a word with it (near-linear at 2,000 customers).
 * @module
 */
import { osaDistance } from "./edit-distance";
import { isAbbreviation } from "./similarity";
import { analyze, isQualifier } from "./text";

/** A NinjaOne organization as the matcher needs it. */
export interface OrgInput {
  orgId: number;
  name: string;
  description?: string | null;
  /** Names of the organization's NinjaOne locations (GET /v2/locations). */
  locations?: readonly string[];
}

/** Which of an organization's texts a site matched. */
export type OrgTextKind = "name" | "alias" | "location" | "initials";

export interface OrgText {
  kind: OrgTextKind;
  text: string;
  tokens: string[];
  /** Its legal forms ("Tessaro Imports AG": ["ag"]). */
  legal: string[];
}

export interface IndexedOrg {
  orgId: number;
  name: string;
  /** Its name first, then trade names, then the locations that name it alone. */
  texts: OrgText[];
  /** Every word of its texts: a site word found here is explained, even if not in the text matched. */
  explains: ReadonlySet<string>;
  /**
   * Its legal-form twins: the other organizations whose names have the same words and differ
   * only by their legal form ("Tessaro Imports AG" / "Tessaro Imports Inc." / "Tessaro Imports").
   */
  twins: readonly number[];
}

/**
 * Trade names a description gives: "dba Sunrise Pediatrics", "Formerly Keller Dental, Inc.",
 * "(d/b/a Pacific Staffing)", "aka X; ...". The name runs to the next punctuation mark; the
 * dots of initials ("Simmons Landscaping L.L.C.", "a.k.a.") are read first, so they do not end it.
 */
export function aliasesFrom(description: string | null | undefined): string[] {
  if (!description) return [];
  const text = description.slice(0, 2000).replace(/(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu, (m) => m.replace(/\./g, ""));
  const re = /(?:^|[\s(])(?:d\/b\/a|dba|formerly|aka|also known as|trading as|t\/a|previously)(?![\p{L}\p{N}])\s*[:-]?\s*([^;.,()\n]{2,80})/giu;
  return [...text.matchAll(re)].map((m) => m[1]!.trim()).filter(Boolean);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Keys under which a word can be found from its abbreviations: its 3-letter start ("sys" →
 * "system"), and its first letter with each of its last two ("intl" → "international", "svc"
 * → "service"); `abbreviationLookup` gives the key of an abbreviation.
 */
function abbreviationKeys(word: string): string[] {
  if (word.length < 4) return [];
  return [...new Set([`p:${word.slice(0, 3)}`, `e:${word[0]}${word.at(-1)}`, `e:${word[0]}${word.at(-2)}`])];
}
const abbreviationLookup = (abbr: string): string[] => [`p:${abbr.slice(0, 3)}`, `e:${abbr[0]}${abbr.at(-1)}`];

/**
 * Site words that are shorthand of the site's trade or of IT ("IT - Front Office", "AP Lab",
 * "POS"), not a customer's initials, however one is named.
 */
const NOT_INITIALS = new Set(["it", "ap", "dc", "hr", "pc", "tv", "av", "noc", "iot", "dmz", "poe", "vpn", "nas", "pos", "voip", "cctv", "ops", "dev", "qa", "lab", "msp", "isp", "wan", "ip", "mdf", "idf", "er", "or", "icu"]);

/**
 * An organization's initials, as a site is named for short ("CMC - Riverbend" for Cornerstone
 * Medical Center, "TS" for Tran & Sullivan): the first letters of its name's words, legal forms
 * and stop words left out, for names of two to five words of letters; null otherwise. Scored
 * as a text of its own, weaker than the name (score.ts), and only when written exactly: two
 * organizations with the same initials tie, which leaves the site to an operator.
 */
export function initialsOf(nameTokens: readonly string[]): string | null {
  if (nameTokens.length < 2 || nameTokens.length > 5 || !nameTokens.every((w) => /^\p{L}+$/u.test(w))) return null;
  const abbr = nameTokens.map((w) => w[0]!).join("");
  return NOT_INITIALS.has(abbr) ? null : abbr;
}

/** The identity of a location's words: its non-qualifier words, in order; "" when it has none. */
const locationKey = (words: readonly string[]): string => words.filter((w) => !isQualifier(w)).join(" ");

/** The words of a name, in any order: equal for names that differ only by legal form (or word order). */
const nameKey = (words: readonly string[]): string => [...new Set(words)].sort().join(" ");

/** Single deletions of a word of 5+ letters (plus the word): a typo and its word share one. */
function deletions(word: string): string[] {
  if (word.length < 5) return [word];
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export class OrgIndex {
  readonly orgs = new Map<number, IndexedOrg>();
  private readonly df = new Map<string, number>();
  /** Organizations with the word in their name or a trade name (see `weight`). */
  private readonly nameDf = new Map<string, number>();
  private readonly postings = new Map<string, number[]>();
  private readonly byDeletion = new Map<string, string[]>();
  private readonly byAbbreviation = new Map<string, string[]>();
  /** Words of 7+ letters by their first two letters, for two-slip typos (see `candidates`). */
  private readonly byStart = new Map<string, string[]>();
  /** Locations that name no one because their words are shared, by their non-qualifier words. */
  private readonly sharedLocations = new Map<string, { orgId: number; text: OrgText }[]>();
  /** Words that are some organization's initials, and words some organization spells out. */
  private readonly initials = new Set<string>();
  private readonly spelled = new Set<string>();
  /** A word shared by more organizations than this finds no candidates on its own. */
  private readonly cap: number;

  constructor(inputs: readonly OrgInput[]) {
    const byNameWords = new Map<string, IndexedOrg[]>();
    for (const o of inputs) {
      const texts: OrgText[] = [{ kind: "name", text: o.name, ...analyze(o.name) }];
      for (const a of aliasesFrom(o.description)) texts.push({ kind: "alias", text: a, ...analyze(a) });
      for (const l of o.locations ?? []) texts.push({ kind: "location", text: l, ...analyze(l) });
      const abbr = initialsOf(texts[0]!.tokens);
      if (abbr) texts.push({ kind: "initials", text: abbr.toUpperCase(), tokens: [abbr], legal: texts[0]!.legal });
      // A location or alias of qualifiers only ("Main Office", "HQ") names no one.
      const useful = texts.filter((t) => t.kind === "name" || t.tokens.some((w) => !isQualifier(w)));
      const explains = new Set(useful.flatMap((t) => t.tokens));
      const org: IndexedOrg = { orgId: o.orgId, name: o.name, texts: useful, explains, twins: [] };
      this.orgs.set(o.orgId, org);
      if (texts[0]!.tokens.length > 0) push(byNameWords, nameKey(texts[0]!.tokens), org);
      for (const t of useful) for (const w of t.tokens) (t.kind === "initials" ? this.initials : this.spelled).add(w);
      for (const w of explains) {
        this.df.set(w, (this.df.get(w) ?? 0) + 1);
        if (useful.some((t) => t.kind !== "location" && t.tokens.includes(w))) this.nameDf.set(w, (this.nameDf.get(w) ?? 0) + 1);
        const list = this.postings.get(w);
        if (list) list.push(o.orgId);
        else this.postings.set(w, [o.orgId]);
      }
    }
    for (const group of byNameWords.values()) {
      if (group.length < 2) continue;
      for (const org of group) org.twins = group.filter((t) => t !== org).map((t) => t.orgId).sort((a, b) => a - b);
    }
    // A location names a customer only by a word no other customer has: many share a
    // "Springfield"; such a location still explains a site's words (explains), it names no one.
    for (const org of this.orgs.values()) {
      org.texts = org.texts.filter((t) => {
        if (t.kind !== "location" || t.tokens.some((w) => !isQualifier(w) && this.df.get(w) === 1)) return true;
        const key = locationKey(t.tokens);
        if (key) push(this.sharedLocations, key, { orgId: org.orgId, text: t });
        return false;
      });
    }
    for (const w of this.df.keys()) {
      if (this.initials.has(w) && !this.spelled.has(w)) continue; // initials are read as written, never as a typo or a short form
      for (const d of deletions(w)) push(this.byDeletion, d, w);
      if (w.length >= 7) push(this.byStart, w.slice(0, 2), w);
      for (const k of abbreviationKeys(w)) push(this.byAbbreviation, k, w);
    }
    this.cap = Math.max(50, Math.ceil(this.orgs.size * 0.05));
  }

  /** The weight of a word one organization in a hundred has (what a left-over qualifier is measured by). */
  get typicalWeight(): number {
    const n = this.orgs.size;
    return Math.log(1 + n / Math.max(1, n / 100));
  }

  /** Whether the word is a common one: at least two organizations and one in a hundred have it in their names. */
  common(word: string): boolean {
    const df = this.nameDf.get(word) ?? this.df.get(word) ?? 0;
    return df >= Math.max(2, this.orgs.size / 100);
  }

  /** Whether some organization's texts spell the word (initials alone do not make it known). */
  known(word: string): boolean {
    return this.df.has(word) && (this.spelled.has(word) || !this.initials.has(word));
  }

  /**
   * How much a word says about who a site belongs to: ln(1 + N / df), rare words weigh most; a
   * word no organization has weighs most of all (it is unexplained when left over). Counted over
   * names and trade names: a trade word many branches are named with ("Fox River Clinic") is no
   * weaker for it in a name ("Cardinal Clinic" is not "Cardinal Farms"). A word only locations
   * have is counted over them.
   */
  weight(word: string): number {
    const n = this.orgs.size;
    return Math.log(1 + n / (this.nameDf.get(word) ?? this.df.get(word) ?? 0.5));
  }

  /**
   * Organizations with a location of exactly these (non-qualifier) words that names no one on
   * its own ("Greenville", which another customer's name also has): not a reason to link, but
   * a plausible owner the decision must weigh, so that the other customer is not linked to a
   * branch of this one.
   */
  sharedLocationsOf(words: readonly string[]): readonly { orgId: number; text: OrgText }[] {
    const key = locationKey(words);
    return key ? (this.sharedLocations.get(key) ?? []) : [];
  }

  /** Organizations worth scoring for these evidence words, ascending by id. */
  candidates(words: readonly string[]): number[] {
    const out = new Set<number>();
    const add = (w: string) => {
      if ((this.df.get(w) ?? 0) <= this.cap) for (const id of this.postings.get(w) ?? []) out.add(id);
    };
    for (const w of words) {
      if (isQualifier(w)) continue;
      if (this.initials.has(w)) add(w);
      if (this.known(w)) {
        add(w);
        continue;
      }
      for (const d of deletions(w)) for (const near of this.byDeletion.get(d) ?? []) add(near); // typos
      // Two slips in a long word ("winedrmree"): the words of its first two letters, as people
      // rarely mistype a name's start, within two edits (what similarity.ts credits).
      if (w.length >= 8) for (const near of this.byStart.get(w.slice(0, 2)) ?? []) if (osaDistance(w, near, 2) <= 2) add(near);
      for (let k = 3; k <= w.length - 3; k++) if (this.known(w.slice(0, k))) add(w.slice(0, k)); // "acmecorp"
      if (w.length <= 6) {
        for (const key of abbreviationLookup(w)) for (const full of this.byAbbreviation.get(key) ?? []) if (isAbbreviation(w, full)) add(full); // "intl"
      }
    }
    if (out.size === 0) {
      // Every word is common (or a qualifier): try the rarest one, capped or not, so "Dental
      // Care Group" and "North Labs" are still found.
      const rarest = words.filter((w) => this.known(w)).sort((a, b) => this.df.get(a)! - this.df.get(b)! || (a < b ? -1 : 1))[0];
      if (rarest) for (const id of this.postings.get(rarest)!) out.add(id);
    }
    return [...out].sort((a, b) => a - b);
  }
}
