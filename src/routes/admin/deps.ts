import type { Clock } from "@oberaconnect/common/clock";
import type { FailureView, JobName, RecordView, RunSummary, SchemaProblem } from "../../core";
import type { ApiName, BreakerStatus, GateStatus } from "../../http";
import type { Role } from "../../core";
import type { Scheduler } from "../../scheduler/scheduler";
import type { DedupeReport } from "../../sync/dedupe";
import type { SyncService } from "../../sync/service";

/** The ledger as the admin API reads it: operator views, never rows or repositories. */
export interface AdminLedger {
  failures(q: { job?: JobName; limit: number }): FailureView[];
  record(job: JobName, key: string): RecordView | undefined;
  runs(q: { job?: string; status?: string; limit: number; before?: number }): RunSummary[];
  run(id: number): RunSummary | undefined;
}

/**
 * What the admin routes work with, each part as narrow as its route needs. Built by the
 * runtime (runtime/admin-deps.ts); the routes never see the runtime itself.
 */
export interface AdminDeps {
  clock: Clock;
  /** One audit line per admin call. */
  audit(fields: Record<string, unknown>, message: string): void;
  adminToken(): string | undefined;
  /** server.admin_failed_logins_per_minute (read at start). */
  failedLoginsPerMinute?: number;
  inMaintenanceWindow(nowMs: number): boolean;
  /** The effective config, secrets only as set/unset. */
  configView(): object;
  gates: Record<ApiName, { status(): GateStatus; resetBreaker(): void; breakerStatus(): BreakerStatus }>;
  ledger: AdminLedger;
  syncs: Pick<SyncService, "start" | "plan" | "exclusive" | "current">;
  scheduler: Pick<Scheduler, "pause" | "resume" | "status">;
  role(): Role;
  /** GET /admin/status's document. */
  status(): object;
  /** The schema check, now (readiness keeps its outcome). */
  schemaCheck(): Promise<SchemaProblem[]>;
  dedupe(opts: { jobs: readonly JobName[]; apply: boolean }): Promise<DedupeReport>;
}

/** The app type admin routes register on (`body` is set by jsonBody). */
export type { App as AdminApp } from "../env";
