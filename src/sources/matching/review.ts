/**
 * What an operator is asked to settle, and the config they paste to settle it. The matcher left
 * these sites open because it could not tell; so the review never picks for the operator:
 *
 * - each open site gets one line saying why it is open ("names differ only by legal form: … —
 *   choose"), with every plausible organization and its id;
 * - the `site_mapping` snippet holds, for each site with a plausible owner, a placeholder that
 *   lists the ids to choose from ("<choose: 12 | 13>"). It is text where config wants a number,
 *   so a snippet pasted unedited is refused at load (schema.ts says which field), never turned
 *   into a link the operator did not choose;
 * - the `site_mapping_exclude` snippet lists only the sites with no plausible owner at all (no
 *   candidate, no suggestion, no organization behind their WAN address): excluding a site hides
 *   it for good, so a site whose closest organization may well be its owner is never offered.
 * @module
 */
import type { ReportCandidate, SiteMatchEntry, SiteMatchReport } from "./report-types";
import { analyze } from "./text";

/** How a placeholder starts: the config loader knows it by this (schema.ts). */
export const PLACEHOLDER_PREFIX = "<choose";

const who = (c: { orgName: string; orgId: number }) => `‹${c.orgName}› (#${c.orgId})`;
const sameWords = (a: string, b: string) => {
  const [x, y] = [analyze(a), analyze(b)];
  return x.tokens.length > 0 && [...x.tokens].sort().join(" ") === [...y.tokens].sort().join(" ") ? { x, y } : null;
};

/** The organizations a site might belong to, best first: its candidates, else its closest one. */
export function plausibleOwners(s: SiteMatchEntry): ReportCandidate[] {
  if (s.kind === "ambiguous") return s.candidates;
  if (s.kind !== "unmatched") return [];
  const owners = s.runnerUp ? [s.runnerUp] : [];
  const dom = s.wan?.dominant;
  if (dom && !owners.some((o) => o.orgId === dom.orgId)) {
    const orgName = s.wan!.orgs.find((o) => o.orgId === dom.orgId)?.orgName ?? `#${dom.orgId}`;
    owners.push({ orgId: dom.orgId, orgName, score: dom.score, recall: 0, precision: 0, evidence: { kind: "wan-ip", text: s.wan!.ip } });
  }
  return owners;
}

/** Why the site is left open, in one line; null for a site that is settled (linked or excluded). */
export function reviewNote(s: SiteMatchEntry): string | null {
  if (s.kind === "unmatched") {
    const [closest] = plausibleOwners(s);
    if (!closest) return "no plausible owner: exclude it if it belongs to no customer, or map it";
    const how = closest.evidence.kind === "wan-ip" ? `its WAN address points to ${who(closest)}` : `closest: ${who(closest)} ${closest.score.toFixed(2)}`;
    return `${how}, too weak to link — confirm it, or exclude the site`;
  }
  if (s.kind !== "ambiguous") return null;
  const [a, b] = s.candidates;
  if (!a || !b) return "several organizations fit — choose";
  const more = s.candidates.length > 2 ? ` (and ${s.candidates.length - 2} more)` : "";
  const twins = sameWords(a.orgName, b.orgName);
  if (twins) {
    const differ = [...twins.x.legal].sort().join(" ") !== [...twins.y.legal].sort().join(" ");
    return `${differ ? "names differ only by legal form" : "names have the same words"}: ${who(a)} vs ${who(b)}${more} — choose`;
  }
  const byWan = s.candidates.find((c) => c.evidence.kind === "wan-ip");
  const byName = s.candidates.find((c) => c.evidence.kind !== "wan-ip");
  if (byWan && byName) return `the names say ${who(byName)}, the WAN address ${who(byWan)}${more} — choose`;
  if (a.score === b.score) return `names fit equally: ${who(a)} vs ${who(b)}${more}, both ${a.score.toFixed(2)} — choose`;
  return `too close to call: ${who(a)} ${a.score.toFixed(2)} vs ${who(b)} ${b.score.toFixed(2)}${more} — choose`;
}

/** The placeholder for one open site: the ids to choose from, which config refuses until edited. */
export function placeholder(s: SiteMatchEntry): string | null {
  const owners = plausibleOwners(s);
  if (owners.length === 0) return null;
  const ids = owners.map((o) => o.orgId).join(" | ");
  return s.kind === "ambiguous" ? `${PLACEHOLDER_PREFIX}: ${ids}>` : `${PLACEHOLDER_PREFIX}: ${ids}, or exclude the site>`;
}

/**
 * `sync.site_mapping` entries for the open sites that have a plausible owner, keyed by site id
 * (site names repeat, "Default" most of all), each a placeholder to replace with the chosen id.
 */
export function mappingSnippet(report: SiteMatchReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of report.sites) {
    const p = placeholder(s);
    if (p) out[s.siteId] = p;
  }
  return out;
}

/** `sync.site_mapping_exclude` entries: the unmatched sites with no plausible owner at all. */
export function excludeSnippet(report: SiteMatchReport): string[] {
  return report.sites.filter((s) => s.kind === "unmatched" && plausibleOwners(s).length === 0).map((s) => s.siteId);
}

/** Open sites kept for the status page: at most this many, in the report's order. */
export const REVIEW_KEPT = 100;

/**
 * What the status page shows of a review (kept with the matcher's counts in the ledger): the open
 * sites with why, their plausible owners and evidence, and the two snippets to paste. Bounded.
 */
export function reviewDigest(report: SiteMatchReport) {
  const open = report.sites.filter((s) => s.kind === "unmatched" || s.kind === "ambiguous");
  const kept = open.slice(0, REVIEW_KEPT);
  const snippetOf = { ...report, sites: kept };
  return {
    open: open.length,
    sites: kept.map((s) => ({
      site_id: s.siteId,
      name: s.name,
      host: s.hostName,
      kind: s.kind,
      review: reviewNote(s),
      evidence: s.evidence ? `${s.evidence.kind} "${s.evidence.text}"` : null,
      owners: plausibleOwners(s).slice(0, 5).map((o) => ({ org_id: o.orgId, org_name: o.orgName, score: o.score })),
    })),
    site_mapping: mappingSnippet(snippetOf),
    site_mapping_exclude: excludeSnippet(snippetOf),
  };
}
