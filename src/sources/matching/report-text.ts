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

/** One line of text: names can hold newlines, padding, combining accents, RTL marks. */
const flat = (text: string) => text.normalize("NFC").replace(/\p{Cf}+/gu, "").replace(/\s+/g, " ").trim();

/** One line, at most `n` characters. */
function cell(text: string, n: number): string {
  const f = flat(text);
  return (f.length > n ? `${f.slice(0, n - 1)}…` : f).padEnd(n);
}

const score = (s: number | null) => (s === null ? "-" : s.toFixed(2));
const candidate = (c: ReportCandidate) => `${c.orgName} (#${c.orgId}) ${score(c.score)}`;

function one(e: MatchEvidence): string {
  if (e.kind === "wan-ip") return `WAN IP ${e.text} (${e.devices ?? 0} device(s), ${Math.round((e.share ?? 0) * 100)}%)`;
  const matched = e.matched && e.matched.kind !== "name" ? ` = ${e.matched.kind} "${e.matched.text}"` : "";
  // The legal form that told this organization from its twins: "legal form AG, not #13".
  const legal = e.legal ? ` (legal form ${e.legal.forms.join("/").toUpperCase()}, not ${e.legal.rulesOut.map((id) => `#${id}`).join(", ")})` : "";
  return `${EVIDENCE_LABEL[e.kind] ?? e.kind} "${flat(e.text)}"${matched}${legal}`;
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

const hostOf = (s: SiteMatchEntry) => (s.hostName ? `${s.hostName} (${s.hostType ?? "?"})` : s.hostId);
const runnerUp = (s: SiteMatchEntry) => (s.kind === "ambiguous" ? "" : s.runnerUp ? `${s.kind === "unmatched" ? "closest: " : ""}${candidate(s.runnerUp)}` : "");

/** --wide: one row per site, every column (~200 characters). */
function wideRow(s: SiteMatchEntry): string {
  return [s.kind.padEnd(9), score(s.score).padEnd(5), cell(s.name, 28), cell(hostOf(s), 34), cell(customer(s), 40), cell(evidence(s), 64), runnerUp(s)].join(" ").trimEnd();
}

/** The default: two lines per site, each within WIDTH (a terminal, a ticket, a chat message). */
export const WIDTH = 100;
function narrowRows(s: SiteMatchEntry): string[] {
  const detail = [`on ${flat(hostOf(s))}`, evidence(s), runnerUp(s)].filter((x) => x && x !== "-").join("; ");
  return [[s.kind.padEnd(9), score(s.score).padEnd(5), cell(s.name, 34), cell(customer(s), WIDTH - 52)].join(" ").trimEnd(), `${" ".repeat(16)}${cell(detail, WIDTH - 16)}`.trimEnd()];
}

export interface FormatOptions {
  /** Only these kinds in the table (default: every site). */
  only?: ReadonlySet<MatchKind>;
  /** One row per site with every column, not fitted to WIDTH. */
  wide?: boolean;
}

/** `text` in lines of at most `width` (words longer than a line stay whole), the later ones indented. */
export function wrap(text: string, width = WIDTH, indent = ""): string[] {
  const out: string[] = [];
  const lead = /^ */.exec(text)?.[0] ?? "";
  let line = lead;
  for (const word of text.slice(lead.length).split(" ")) {
    const next = line.trim() ? `${line} ${word}` : `${line}${word}`;
    if (next.length > width && line.trim()) {
      out.push(line);
      line = `${indent}${word}`;
    } else line = next;
  }
  if (line.trim()) out.push(line);
  return out;
}

/** The report as text: counts, the table, and the config snippets for what is left open. */
export function formatMatchReport(report: SiteMatchReport, opts: FormatOptions = {}): string {
  const fit = (text: string, indent = "") => (opts.wide ? [text] : wrap(text, WIDTH, indent));
  const lines = [...fit(countsLine(report.counts)), ""];
  const shown = report.sites
    .filter((s) => !opts.only || opts.only.has(s.kind))
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.name.localeCompare(b.name) || a.siteId.localeCompare(b.siteId));
  if (shown.length > 0) {
    if (opts.wide) {
      lines.push(["KIND".padEnd(9), "SCORE", "SITE".padEnd(28), "HOST".padEnd(34), "CUSTOMER".padEnd(40), "EVIDENCE".padEnd(64), "RUNNER-UP"].join(" "));
      for (const s of shown) lines.push(wideRow(s));
    } else {
      lines.push(["KIND".padEnd(9), "SCORE", "SITE".padEnd(34), "CUSTOMER"].join(" "), `${" ".repeat(16)}HOST; EVIDENCE; RUNNER-UP`);
      for (const s of shown) lines.push(...narrowRows(s));
    }
    lines.push("");
  }
  const open = report.sites.filter((x) => x.kind === "ambiguous" || x.kind === "unmatched");
  const mapping = mappingSnippet(report);
  if (Object.keys(mapping).length > 0) {
    lines.push(
      ...fit(
        "Sites to settle: each value below is a placeholder listing the organization ids to choose from; nothing is " +
          "pre-selected. Replace it with the id of the site's customer (the config is refused until every one is replaced), " +
          'or drop the line and put the site id under "site_mapping_exclude" if it belongs to no customer. Then paste under "sync":',
      ),
    );
    for (const s of open.filter((x) => mapping[x.siteId] !== undefined)) {
      lines.push(...fit(`  ${s.siteId}  "${cell(s.name, 40).trim()}" on ${cell(s.hostName ?? s.hostId, 40).trim()}: ${s.review}${wanLine(s)}`, "      "));
      if (s.kind === "ambiguous") lines.push(...fit(`      ${s.candidates.map(candidate).join(" | ")}`, "      "));
    }
    lines.push(`"site_mapping": ${JSON.stringify(mapping, null, 2)}`, "");
  }
  const exclude = excludeSnippet(report);
  const excluded = new Set(exclude);
  if (exclude.length > 0) {
    lines.push(...fit("Sites no customer's name or address points to: if one belongs to no customer (a lab, the MSP's own), exclude it; else map it:"));
    for (const s of open.filter((x) => excluded.has(x.siteId))) {
      lines.push(...fit(`  ${s.siteId}  "${cell(s.name, 40).trim()}" on ${cell(s.hostName ?? s.hostId, 40).trim()}${wanLine(s)}`, "      "));
    }
    lines.push(`"site_mapping_exclude": ${JSON.stringify(exclude, null, 2)}`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
