/**
 * What the writer takes (narrow: the ledger's records, queue and runs, the Notion client when a
 * write needs it, each job's data source) and how a drain is asked for.
 * @module
 */
import type { Tracer } from "@opentelemetry/api";
import type { Clock } from "@oberaconnect/common/clock";
import type { JobName } from "../core";
import type { LedgerRepos } from "../ledger/repos";
import type { NotionApi } from "../notion/api";
import type { DatabaseTemplate } from "../notion/templates";
import type { Logger } from "../telemetry/logger";
import type { CreatesState, Outcome } from "./apply";
import type { SettleWindow } from "./settle";

export interface WriteTarget {
  dataSourceId: string;
  template: DatabaseTemplate;
}

export interface WriterDeps {
  repos: Pick<LedgerRepos, "records" | "pending" | "runs">;
  /** The Notion client, taken when a write needs it (a service without NOTION_TOKEN still starts). */
  notion(): NotionApi;
  clock: Clock;
  logger: Logger;
  /** Each job's data source (resolved once, then cached by the caller). */
  target(job: JobName): Promise<WriteTarget>;
  /** Whether Notion takes new pages now (renewed by each poll round). */
  creates(): CreatesState;
  /** Every write's outcome (metrics, a run's counts). */
  onOutcome?(job: JobName, outcome: Outcome): void;
  /** A span per write (sync.write), with its API calls under it. */
  tracer?: Tracer;
  /** After every few writes: renews the lease (throws when it was lost). */
  heartbeat?(): void;
  /** When writes in doubt can no longer land (settle.ts); the window starts when this writer took the lease. */
  settle(): SettleWindow;
}

export interface DrainOptions {
  /** Writes in flight at once. */
  concurrency: number;
  /**
   * Only these jobs' changes (a `sync` run: the jobs its polls have planned so far, so a change
   * queued before is first re-decided by this run); default every job's.
   */
  jobs?: () => readonly JobName[];
  signal?: AbortSignal;
  /**
   * Whether more changes may still be queued (polls running). A drain that is `finished` ends
   * once nothing is due and nothing settling is left; failed writes waiting for their backoff
   * stay for the next run. The service's drain never finishes.
   */
  finished(): boolean;
}
