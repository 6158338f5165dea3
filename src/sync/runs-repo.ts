import { desc, eq } from "drizzle-orm";
import type { LedgerDb } from "../db/ledger";
import { syncRuns, type SyncRunRow } from "../db/schema";

export type RunStatus = "running" | "succeeded" | "partial" | "failed" | "aborted" | "interrupted";

export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
  failed: number;
  notionRequests: number;
}

/** sync_runs: one row per run, so the admin API and the runbook can see what happened when. */
export class RunsRepo {
  constructor(
    private readonly db: LedgerDb,
    private readonly now: () => string,
  ) {}

  /** Runs still "running" when a new one starts were cut short (crash, SIGKILL): say so. */
  markInterrupted(): number {
    return this.db
      .update(syncRuns)
      .set({ status: "interrupted", finishedAt: this.now(), error: "the process stopped before the run finished" })
      .where(eq(syncRuns.status, "running"))
      .returning({ id: syncRuns.id })
      .all().length;
  }

  start(job: string, mode: string): number {
    return this.db.insert(syncRuns).values({ job, mode, status: "running", startedAt: this.now() }).returning({ id: syncRuns.id }).get().id;
  }

  finish(id: number, status: RunStatus, counts: RunCounts, error: string | null): void {
    this.db
      .update(syncRuns)
      .set({ status, finishedAt: this.now(), ...counts, error })
      .where(eq(syncRuns.id, id))
      .run();
  }

  recent(limit = 20): SyncRunRow[] {
    return this.db.select().from(syncRuns).orderBy(desc(syncRuns.id)).limit(limit).all();
  }
}
