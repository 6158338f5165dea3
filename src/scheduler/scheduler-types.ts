/**
 * What the scheduler takes (narrow: the config, the SyncService's start, the ledger's pause and
 * last runs, the role) and what it keeps per job.
 * @module
 */
import type { Tracer } from "@opentelemetry/api";
import type { Clock } from "@oberaconnect/common/clock";
import type { Role } from "../core";
import type { SchedulerConfig } from "../schedule/config-schema";
import type { SyncService } from "../sync/service";
import type { Logger } from "../telemetry/logger";

/** What the scheduler needs of the SyncService (tests hand in a fake). */
export type SyncRunner = Pick<SyncService, "current" | "start">;

export interface SchedulerPause {
  paused: boolean;
  /** Who or what paused it, for the status page (e.g. "admin", with the request id). */
  by?: string;
  at?: string;
}

export interface PauseStore {
  schedulerPause(): SchedulerPause;
  setSchedulerPause(pause: SchedulerPause): void;
}

/** Why nothing may be written now. */
export type WritesBlock = "replica" | "ledger_unwritable" | "paused" | "maintenance_window";

export interface SchedulerDeps {
  /** The current config (a reload takes effect at the next tick). */
  config: () => { scheduler: SchedulerConfig };
  syncs: SyncRunner;
  clock: Clock;
  logger: Logger;
  /** Where the operator's pause is kept across restarts (the ledger's service state). */
  state: PauseStore;
  /** Each job's newest run (the ledger), so a restart neither reruns everything at once nor waits a full interval. */
  runs: { lastOf(job: string): { startedAt: string; finishedAt: string | null; status: string } | undefined };
  role: () => Role;
  random?: () => number;
  tracer?: Tracer;
  /** The operator resumed: the writer, stopped by the pause, looks again at once. */
  onResume?: () => void;
  /**
   * The ledger's faults (read-only, full): while one lasts nothing starts and nothing is written;
   * each tick probes with a real write that needs room to see whether it is over.
   */
  ledgerFaults?: { current(): unknown; report(err: unknown): unknown; probe(): boolean };
}

export interface JobState {
  nextDueAt: number | null;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
  lastStatus: string | null;
  consecutiveFailures: number;
}
