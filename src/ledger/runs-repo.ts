import { and, desc, eq, inArray, lt, ne, or, sql } from "drizzle-orm";
import type { LedgerDb } from "./ledger";
import { syncRuns, type SyncRunRow } from "./schema";
import type { RunStatus } from "../core";
export type { RunStatus } from "../core";


export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  archived: number;
  failed: number;
  blocked: number;
  notionRequests: number;
}

/** Run history kept: this many days, and at least the newest RUNS_KEPT_MIN runs. */
export const RUNS_KEPT_DAYS = 30;
export const RUNS_KEPT_MIN = 2_000;

const COUNTED = new Set(["created", "updated", "unchanged", "archived", "failed", "blocked"]);

/** `job` is "all" or a comma list ("customers,sites"): a run covers a job when either says so. */
const coversJob = (job: string) => or(eq(syncRuns.job, "all"), sql`(',' || ${syncRuns.job} || ',') LIKE ${`%,${job},%`}`);

/** sync_runs: one row per run, so the admin API and the runbook can see what happened when. */
export class RunsRepo {
  constructor(
    private readonly db: LedgerDb,
    private readonly now: () => string,
  ) {}

  /**
   * Runs still "running" when a real run starts (it holds the lease, so no other real run is
   * going) were cut short (crash, SIGKILL): say so. A dry run takes no lease and may still be
   * going in another process, so only dry runs older than an hour are settled.
   */
  markInterrupted(): number {
    const hourAgo = new Date(Date.parse(this.now()) - 3600_000).toISOString();
    return this.db
      .update(syncRuns)
      .set({ status: "interrupted", finishedAt: this.now(), error: "the process stopped before the run finished" })
      .where(and(eq(syncRuns.status, "running"), or(ne(syncRuns.mode, "dry_run"), lt(syncRuns.startedAt, hourAgo))))
      .returning({ id: syncRuns.id })
      .all().length;
  }

  start(job: string, mode: string): number {
    const id = this.db.insert(syncRuns).values({ job, mode, status: "running", startedAt: this.now() }).returning({ id: syncRuns.id }).get().id;
    if (id % 100 === 0) this.prune();
    return id;
  }

  /**
   * Run history is kept for RUNS_KEPT_DAYS, and never fewer than the newest RUNS_KEPT_MIN runs
   * (the status page's plots and /admin/runs read it); older rows go, a hundred runs at a time.
   */
  prune(): number {
    const cutoff = new Date(Date.parse(this.now()) - RUNS_KEPT_DAYS * 86_400_000).toISOString();
    const floor = this.db.select({ id: syncRuns.id }).from(syncRuns).orderBy(desc(syncRuns.id)).limit(1).offset(RUNS_KEPT_MIN - 1).get()?.id;
    if (floor === undefined) return 0;
    return this.db.delete(syncRuns).where(and(lt(syncRuns.id, floor), lt(syncRuns.startedAt, cutoff), ne(syncRuns.status, "running"))).returning({ id: syncRuns.id }).all().length;
  }

  finish(id: number, status: RunStatus, counts: RunCounts, error: string | null): void {
    this.db
      .update(syncRuns)
      .set({ status, finishedAt: this.now(), ...counts, error })
      .where(eq(syncRuns.id, id))
      .run();
  }

  /**
   * A poll's run ended before the writer wrote what it queued: its status, its ledger-only
   * counts and its cost; the write counts grow with `counted` as the writer goes.
   */
  finishPoll(id: number, status: RunStatus, c: { unchanged: number; queued: number; notionRequests: number }, error: string | null): void {
    this.db.update(syncRuns).set({ status, finishedAt: this.now(), unchanged: c.unchanged, queued: c.queued, notionRequests: c.notionRequests, error }).where(eq(syncRuns.id, id)).run();
  }

  /** One write of a change this run queued (`outcome`: created, updated, archived, failed, blocked). */
  counted(id: number, outcome: string): void {
    if (!COUNTED.has(outcome)) return;
    this.db.$client.query(`UPDATE sync_runs SET ${outcome} = ${outcome} + 1 WHERE id = ?1`).run(id);
  }

  recent(limit = 20): SyncRunRow[] {
    return this.db.select().from(syncRuns).orderBy(desc(syncRuns.id)).limit(limit).all();
  }

  get(id: number): SyncRunRow | undefined {
    return this.db.select().from(syncRuns).where(eq(syncRuns.id, id)).get();
  }

  /** Newest first, `before` an id (the cursor), filtered by a job it covered and by status. */
  list(q: { job?: string; status?: string; limit: number; before?: number; includeDryRuns?: boolean }): SyncRunRow[] {
    const where = [
      q.job ? coversJob(q.job) : undefined,
      q.status ? eq(syncRuns.status, q.status) : undefined,
      q.before !== undefined ? lt(syncRuns.id, q.before) : undefined,
      q.includeDryRuns === false ? ne(syncRuns.mode, "dry_run") : undefined,
    ].filter((c) => c !== undefined);
    return this.db.select().from(syncRuns).where(and(...where)).orderBy(desc(syncRuns.id)).limit(q.limit).all();
  }

  /** The newest real (not dry) run that covered `job`, optionally only successful ones. */
  lastOf(job: string, opts: { succeeded?: boolean } = {}): SyncRunRow | undefined {
    return this.db
      .select()
      .from(syncRuns)
      .where(and(coversJob(job), ne(syncRuns.mode, "dry_run"), opts.succeeded ? inArray(syncRuns.status, ["succeeded", "partial"]) : undefined))
      .orderBy(desc(syncRuns.id))
      .limit(1)
      .get();
  }
}

