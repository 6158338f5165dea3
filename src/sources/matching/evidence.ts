/**
 * Which texts of a UniFi site may name its customer.
 *
 * - The site's own name, unless it is UniFi's "Default", which names no one.
 * - On a customer's own console (UDM, UCG, Cloud Key: any host but a `network-server`), the
 *   console's name and hostname: MSPs adopt one console per customer and name it, while its
 *   site usually stays "Default" (source-apis.md, "Site names on real fleets"). They count for
 *   every site of the console: a second site ("Warehouse") is that customer's too, and a site
 *   whose own name says another customer makes the two disagree, which the margin turns into
 *   "ambiguous", never into a link.
 * - Never the name of a self-hosted `network-server` here: an MSP's carries many customers'
 *   sites. A customer's own (few sites, none linked elsewhere) is told apart only once every
 *   site is decided, in matcher.ts.
 * @module
 */
import { analyze, isDefaultSiteName } from "./text";

/** What the matcher is told about a site and the host it is on. */
export interface SiteFacts {
  siteId: string;
  /** `meta.desc`, else `meta.name` (see `siteName`). */
  name: string;
  hostId?: string;
  /** `console`, `network-server`, `ucore`; null when the host is unknown. */
  hostType?: string | null;
  /** The host's `reportedState.name`. */
  hostName?: string | null;
  /** The host's `reportedState.hostname`. */
  hostHostname?: string | null;
  /** The host's `ipAddress`, its public (WAN) address: evidence through the customers' devices (wan.ts). */
  hostIp?: string | null;
}

export type EvidenceKind = "site-name" | "console-name" | "hostname";

export interface EvidenceText {
  kind: EvidenceKind;
  text: string;
  tokens: string[];
  /** The legal forms it states ("X AG - HQ": ["ag"]), also those of a later text with the same tokens. */
  legal: string[];
  /** Index of the first token of its trailing label ("- Urgent Care"); `tokens.length` without one. */
  tail: number;
  /** The label's own words, those the name also has included; [] without a label. */
  label: string[];
}

/** The evidence texts of a site, most specific first; empty when nothing names anyone. */
export function evidenceOf(site: SiteFacts): EvidenceText[] {
  const out: EvidenceText[] = [];
  if (!isDefaultSiteName(site.name)) out.push({ kind: "site-name", text: site.name, ...analyze(site.name) });
  if (site.hostType && site.hostType !== "network-server") {
    for (const [kind, text] of [["console-name", site.hostName], ["hostname", site.hostHostname]] as const) {
      if (!text) continue;
      const t = analyze(text, "device");
      if (t.tokens.length === 0) continue;
      // The same words again say nothing new, but a legal form they add still counts:
      // site "Tessaro Imports", console "Tessaro Imports AG".
      const same = out.find((o) => o.tokens.join(" ") === t.tokens.join(" "));
      if (same) same.legal = [...new Set([...same.legal, ...t.legal])];
      else out.push({ kind, text, ...t });
    }
  }
  return out.filter((e) => e.tokens.length > 0);
}
