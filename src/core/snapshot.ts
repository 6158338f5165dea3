import type { JobName } from "./jobs";
import type { MatchSummary } from "./match";
import type { Alert, Customer, Device, QuarantineEntry, Site } from "./model";
import type { PropMap } from "./values";

export { JOB_NAMES, type JobName } from "./jobs";

/**
 * One consistent read of both sources, normalized. `complete` says, per job, whether every
 * source feeding it was read to the end: only then may a record missing from it be counted as
 * gone. A failed or partial fetch must never archive pages.
 */
export interface SourceSnapshot<M extends MatchSummary = MatchSummary> {
  customers: Customer[];
  sites: Site[];
  devices: Device[];
  alerts: Alert[];
  quarantine: QuarantineEntry[];
  complete: Record<JobName, boolean>;
  /** Source-level problems (a source down, a mapping to a missing org...), for the run report. */
  problems: string[];
  /**
   * UniFi sites that matched no customer or several. Not problems: an unmatched site is still
   * synced (shown as "Unmatched" so an operator can add a mapping), and the run is not partial.
   */
  matchReport?: M;
  /** The open sites as the status page shows them (a bounded plain digest of `matchReport`). */
  matchReview?: object;
}

/** Where a run gets its data: the connectors implement it, tests hand in a fixed snapshot. */
export interface SourceReader<M extends MatchSummary = MatchSummary> {
  read(signal?: AbortSignal): Promise<SourceSnapshot<M>>;
}

/** What one record should look like in Notion. */
export interface DesiredRecord {
  key: string;
  props: PropMap;
}

/** Page id of an already-synced record of another job (relations), or null if it has none yet. */
export type PageLookup = (job: JobName, key: string) => string | null;
