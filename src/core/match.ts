/** How UniFi sites were linked to customers, by outcome (the run log, /admin/status, `match`). */
export interface MatchCounts {
  sites: number;
  /** mapping + name + console + wan-ip. */
  linked: number;
  mapping: number;
  name: number;
  console: number;
  "wan-ip": number;
  excluded: number;
  unmatched: number;
  ambiguous: number;
}

/** What a run keeps of the site matching: its counts (the full report is the sources' own). */
export interface MatchSummary {
  counts: MatchCounts;
}
