import type { Role } from "../../runtime/role";
import type { Runtime } from "../../runtime/runtime";
import type { Scheduler } from "../../scheduler/scheduler";
import type { SyncReport } from "../../sync/engine";
import type { SyncService } from "../../sync/service";

/** What the admin routes work with: parts of the runtime, never built here. */
export interface AdminDeps {
  rt: Runtime;
  syncs: SyncService;
  scheduler: Scheduler;
  role: () => Role;
  lastReport: () => SyncReport | null;
}

/** The app type admin routes register on (`body` is set by jsonBody). */
export type { App as AdminApp } from "../env";
