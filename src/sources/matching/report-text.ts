/**
 * The match report for a terminal: a table of the sites (what needs settling first), then the
 * config to paste. Pure: `oberaconnect-sync match` only prints it.
 * @module
 */
import type { MatchKind } from "./matcher";
import type { MatchEvidence } from "./matcher";
import { countsLine, type ReportCandidate, type SiteMatchEntry, type SiteMatchReport } from "./report";
import { excludeSnippet, mappingSnippet } from "./review";

/** Display order: what needs an operator first. */
const ORDER: readonly MatchKind[] = ["ambiguous", "unmatched", "wan-ip", "console", "name", "mapping", "excluded"];

const EVIDENCE_LABEL: Record<string, string> = {
  "site-name": "site name",
  "console-name": "console name",
  hostname: "hostname",
  "wan-ip": "WAN IP",
  mapping: "sync.site_mapping",
  excluded: "sync.site_mapping_exclude",
};

/** One line, at most `n` characters (names can be long, hold newlines, combining accents, RTL marks). */
function cell(text: string, n: number): string {
  const flat = text.normalize("NFC").replace(/\p{Cf}+/gu, "").replace(/\s+/g, " ").trim();
  return (flat.length > n ? `${flat.slice(0, n - 1)}…` : flat).padEnd(n);
}

const score = (s: number | null) => (s === null ? "-" : s.toFixed(2));
const candidate = (c: ReportCandidate) => `${c.orgName} (#${c.orgId}) ${score(c.score)}`;

function one(e: MatchEvidence): string {
  if (e.kind === "wan-ip") return `WAN IP ${e.text} (${e.devices ?? 0} device(s), ${Math.round((e.share ?? 0) * 100)}%)`;
  const matched = e.matched && e.matched.kind !== "name" ? ` = ${e.matched.kind} "${e.matched.text}"` : "";
  // The legal form that told this organization from its twins: "legal form AG, not #13".
  const legal = e.legal ? ` (legal form ${e.legal.forms.join("/").toUpperCase()}, not ${e.legal.rulesOut.map((id) => `#${id}`).join(", ")})` : "";
  return `${EVIDENCE_LABEL[e.kind] ?? e.kind} "${e.text}"${matched}${legal}`;
}

function evidence(s: SiteMatchEntry): string {
  if (!s.evidence) return "-";
  return [s.evidence, ...s.support].map(one).join(" + ");
}

/** Who reports the host's WAN address: "WAN 203.0.113.7: Acme Corp (#1) 5, Summit (#6) 2". */
function wanLine(s: SiteMatchEntry): string {
  const w = s.wan;
  if (!w) return "";
  const who = w.orgs.length ? w.orgs.map((o) => `${cell(o.orgName, 30).trim()} (#${o.orgId}) ${o.devices}`).join(", ") : "no NinjaOne device";
  const hosts = w.hosts > 1 ? `; ${w.hosts} UniFi hosts behind it` : "";
  return `; WAN ${w.ip}: ${who}${hosts}`;
}

function customer(s: SiteMatchEntry): string {
  if (s.link) return `${s.link.orgName} (#${s.link.orgId})`;
  if (s.kind === "ambiguous") return `? ${s.candidates.map(candidate).join(" | ")}`;
  return "-";
}

function row(s: SiteMatchEntry): string {
  const host = s.hostName ? `${s.hostName} (${s.hostType ?? "?"})` : s.hostId;
  const other = s.kind === "ambiguous" ? "" : s.runnerUp ? `${s.kind === "unmatched" ? "closest: " : ""}${candidate(s.runnerUp)}` : "";
  return [s.kind.padEnd(9), score(s.score).padEnd(5), cell(s.name, 28), cell(host, 34), cell(customer(s), 40), cell(evidence(s), 64), other].join(" ").trimEnd();
}

export interface FormatOptions {
  /** Only these kinds in the table (default: every site). */
  only?: ReadonlySet<MatchKind>;
}

/** The report as text: counts, the table, and the config snippets for what is left open. */
export function formatMatchReport(report: SiteMatchReport, opts: FormatOptions = {}): string {
  const lines = [countsLine(report.counts), ""];
  const shown = report.sites
    .filter((s) => !opts.only || opts.only.has(s.kind))
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.name.localeCompare(b.name) || a.siteId.localeCompare(b.siteId));
  if (shown.length > 0) {
    lines.push(["KIND".padEnd(9), "SCORE", "SITE".padEnd(28), "HOST".padEnd(34), "CUSTOMER".padEnd(40), "EVIDENCE".padEnd(64), "RUNNER-UP"].join(" "));
    for (const s of shown) lines.push(row(s));
    lines.push("");
  }
  const open = report.sites.filter((x) => x.kind === "ambiguous" || x.kind === "unmatched");
  const mapping = mappingSnippet(report);
  if (Object.keys(mapping).length > 0) {
    lines.push(
      "Sites to settle: each value below is a placeholder listing the organization ids to choose from; nothing is",
      "pre-selected. Replace it with the id of the site's customer (the config is refused until every one is replaced),",
      "or drop the line and put the site id under \"site_mapping_exclude\" if it belongs to no customer. Then paste under \"sync\":",
    );
    for (const s of open.filter((x) => mapping[x.siteId] !== undefined)) {
      lines.push(`  ${s.siteId}  "${cell(s.name, 40).trim()}" on ${cell(s.hostName ?? s.hostId, 40).trim()}: ${s.review}${wanLine(s)}`);
      if (s.kind === "ambiguous") lines.push(`      ${s.candidates.map(candidate).join(" | ")}`);
    }
    lines.push(`"site_mapping": ${JSON.stringify(mapping, null, 2)}`, "");
  }
  const exclude = excludeSnippet(report);
  const excluded = new Set(exclude);
  if (exclude.length > 0) {
    lines.push("Sites no customer's name or address points to: if one belongs to no customer (a lab, the MSP's own), exclude it; else map it:");
    for (const s of open.filter((x) => excluded.has(x.siteId))) {
      lines.push(`  ${s.siteId}  "${cell(s.name, 40).trim()}" on ${cell(s.hostName ?? s.hostId, 40).trim()}${wanLine(s)}`);
    }
    lines.push(`"site_mapping_exclude": ${JSON.stringify(exclude, null, 2)}`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
