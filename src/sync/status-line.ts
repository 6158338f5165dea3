/**
 * The dashboards say how fresh they are, in Notion itself: each database's description ends in
 * a "Sync status" line ("in sync as of 07:41 UTC · backlog 0", or "catching up: 1,204 device
 * changes pending, oldest 14 min"). Bounded cost: a database's line is rewritten only when what
 * it says changes, at most once per `writer.status_line_minutes`, and refreshed (for its "as of")
 * at most every six of those; never one write per record.
 * @module
 */
import type { Clock } from "@oberaconnect/common/clock";
import { JOB_NAMES, type JobName } from "../core";
import type { QueueStats } from "../ledger/pending-repo";
import type { NotionApi } from "../notion/api";
import type { Logger } from "../telemetry/logger";
import { jobFreshness, statusLine } from "./freshness";

export interface StatusLineDeps {
  notion(): NotionApi;
  clock: Clock;
  logger: Logger;
  queue(): QueueStats;
  /** The database id of a job, or null while none is known. */
  databaseId(job: JobName): string | null;
  /** Minutes between two writes of one database's line (0: off). */
  everyMinutes(): number;
}

/** What the description says before the line: whose it is. */
const LEAD = "Kept up to date by oberaconnect-sync from UniFi and NinjaOne; edits to its columns are overwritten.";

/** The sentence without its time: what decides whether the line is worth a write. */
const gist = (line: string) => line.replace(/ ?\(?as of \d\d:\d\d UTC\)?/, "");

export class StatusLines {
  private readonly last = new Map<JobName, { gist: string; atMs: number }>();
  /** Database description writes made (tests and the benchmark count them). */
  writes = 0;

  constructor(private readonly d: StatusLineDeps) {}

  /** Rewrites the lines that are due; one Notion write per such database. */
  async update(signal?: AbortSignal): Promise<void> {
    const everyMs = this.d.everyMinutes() * 60_000;
    if (everyMs <= 0) return;
    const now = this.d.clock.now();
    const fresh = jobFreshness(this.d.queue(), now);
    for (const job of JOB_NAMES) {
      if (signal?.aborted) return; // shutting down: the next start writes it
      const id = this.d.databaseId(job);
      if (!id) continue;
      const line = statusLine(fresh[job], now);
      const prev = this.last.get(job);
      const changed = prev?.gist !== gist(line);
      const due = !prev || now - prev.atMs >= (changed ? everyMs : 6 * everyMs);
      if (!due) continue;
      try {
        await this.d.notion().describeDatabase(id, `${LEAD}\n${line}`);
        this.writes++;
        this.last.set(job, { gist: gist(line), atMs: now });
      } catch (err) {
        if (signal?.aborted) return; // stopped by the shutdown, not by Notion
        this.d.logger.warn({ job, error: (err as Error).message }, `the Sync status line of ${job} could not be written; it is tried again later`);
        this.last.set(job, { gist: prev?.gist ?? "", atMs: now }); // no retry storm
      }
    }
  }
}
