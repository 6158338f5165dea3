/**
 * Matching UniFi sites to customers (NinjaOne organizations). An explicit config mapping wins;
 * then names are compared after normalization. A site that matches nothing, or more than one
 * organization, is reported, never guessed: a wrong match puts one customer's network on
 * another customer's dashboard.
 */

/** Legal-form words dropped from the end of a name ("Acme Corp., Inc." → "acme"). */
const LEGAL_SUFFIXES = new Set([
  "inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "corp", "corporation", "co", "company",
  "plc", "pllc", "pc", "gmbh", "ag", "sa", "sarl", "bv", "nv", "pty", "srl", "oy", "ab", "as", "kg",
]);

/**
 * Case, accents, punctuation, "&" and trailing legal suffixes removed, spaces collapsed.
 * Emoji and scripts without case (Hebrew, Arabic, CJK) are kept as they are.
 */
export function normalizeName(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "") // combining accents left by NFKD: "Zürich" → "Zurich"
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "") // "O'Brien" → "obrien", not "o brien"
    .replace(/[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.join(" ");
}

export interface OrgRef {
  orgId: number;
  name: string;
}

export type MatchResult =
  | { kind: "mapping"; orgId: number }
  | { kind: "name"; orgId: number }
  | { kind: "unmatched" }
  | { kind: "ambiguous"; candidates: number[] };

/** Builds a matcher once per run (the name index is reused for every site). */
export function createSiteMatcher(orgs: OrgRef[], mapping: Record<string, number>) {
  const byName = new Map<string, number[]>();
  for (const org of orgs) {
    const n = normalizeName(org.name);
    if (!n) continue;
    byName.set(n, [...(byName.get(n) ?? []), org.orgId]);
  }
  const known = new Set(orgs.map((o) => o.orgId));

  return (site: { siteId: string; name: string }): MatchResult => {
    const mapped = mapping[site.siteId] ?? mapping[site.name];
    // A mapping to an organization that no longer exists is not trusted: report it unmatched.
    if (mapped !== undefined) return known.has(mapped) ? { kind: "mapping", orgId: mapped } : { kind: "unmatched" };
    const candidates = byName.get(normalizeName(site.name)) ?? [];
    if (candidates.length === 1) return { kind: "name", orgId: candidates[0] as number };
    if (candidates.length > 1) return { kind: "ambiguous", candidates: [...candidates].sort((a, b) => a - b) };
    return { kind: "unmatched" };
  };
}
