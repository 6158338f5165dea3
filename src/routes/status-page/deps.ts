import type { AdminDeps } from "../admin/deps";
import type { FailedLogins } from "../admin/auth";
import type { FreshnessPoint } from "../../sync/freshness-history";

/** What the status page reads and does: the admin API's parts, plus its own few. */
export interface StatusPageDeps {
  admin: AdminDeps;
  /** status_page.public_read: the read-only parts without login (no action, no failure detail). */
  publicRead: boolean;
  /** The writer's backlog over the last hours (sync/freshness-history.ts). */
  history(): readonly FreshnessPoint[];
  version: string;
  commit: string;
  startedAt: number;
  /** Shared with the admin API: a guess through the form counts like one through the header. */
  logins: FailedLogins;
}
