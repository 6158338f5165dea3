import { TEMPLATES } from "../notion/templates";
import type { CreatesState } from "./apply";
import { DatabaseSetupError } from "./databases";
import { JOBS } from "./jobs";
import { settleWindow } from "./settle";
import { Writer } from "./writer";
import type { Lease } from "../ledger/lease";
import type { ResolvedDatabase } from "../ledger/database-registry";
import type { DatabaseName } from "../core";
import { emptyCounts, type BatchCounts, type JobName, type SyncReport } from "../core";
import type { SyncDeps, SyncOptions } from "./types";

/**
 * The writer of a `sync` run: drains what this run's polls queue (its jobs only), concurrently
 * with the planning, and ends once the polls are done and nothing is due; failed writes waiting
 * for their backoff stay queued for the next run. BatchResult lines per 50 writes of a job.
 */
export function runWriter(deps: SyncDeps, opts: SyncOptions, r: { dbs: Map<DatabaseName, ResolvedDatabase>; creates: CreatesState; lease: Lease | null; report: SyncReport; startedMs: number }) {
  let done = false;
  const perJob = new Map<JobName, { n: number; batch: number; counts: BatchCounts }>();
  const writer = new Writer({
    repos: deps.repos,
    notion: () => deps.notion,
    clock: deps.clock,
    logger: deps.logger,
    creates: () => r.creates,
    target: async (job) => {
      const def = JOBS.find((j) => j.name === job)!;
      const db = r.dbs.get(def.database);
      if (!db) throw new DatabaseSetupError(`no Notion database resolved for ${job}`);
      return { dataSourceId: db.dataSourceId, template: TEMPLATES[def.database] };
    },
    heartbeat: () => r.lease?.renew(),
    settle: () => settleWindow(deps, r.startedMs),
    ...(deps.tracer ? { tracer: deps.tracer } : {}),
    onOutcome: (job, outcome) => {
      const s = perJob.get(job) ?? perJob.set(job, { n: 0, batch: 0, counts: emptyCounts() }).get(job)!;
      s.counts[outcome]++;
      ++s.n;
      if (deps.progress) deps.progress(job, s.n, s.n + (deps.repos.pending.stats().byJob[job]?.pending ?? 0));
      if (s.n % Math.max(1, opts.batchSize) === 0) {
        deps.logger.info({ job, batch: s.batch++, ...s.counts }, "BatchResult");
        s.counts = emptyCounts();
      }
    },
  });
  const planned: JobName[] = [];
  const draining = writer.drain({ concurrency: opts.concurrency, jobs: () => planned, ...(opts.signal ? { signal: opts.signal } : {}), finished: () => done });
  draining.catch(() => undefined); // awaited in finish()
  return {
    poke: () => writer.poke(),
    /** The job's poll is done: its changes may be written now. */
    planned: (job: JobName) => {
      planned.push(job);
      writer.poke();
    },
    pollsDone: () => {
      done = true;
      writer.poke();
    },
    finish: async () => {
      done = true;
      writer.poke();
      const out = await draining;
      for (const [job, s] of perJob) if (s.n % Math.max(1, opts.batchSize) !== 0) deps.logger.info({ job, batch: s.batch, ...s.counts }, "BatchResult");
      return out;
    },
  };
}
