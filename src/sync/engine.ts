import { formatProblems } from "../notion/schema-check";
import { TEMPLATES } from "../notion/templates";
import { inSpan, markFailed } from "../telemetry/spans";
import { collectGarbage } from "../lib/memory";
import { AbortRun, CreatesState } from "./apply";
import { refusalAdvice } from "../notion/block-limit";
import { RateLimitDeferredError } from "../http";

import { DatabaseSetupError, resolveAndCheck } from "./databases";
import { JOBS, type JobDefinition } from "./jobs";
import { LeaseLostError } from "../ledger/lease";

import { runJob } from "./run-job";
import { runWriter } from "./run-writer";
import { abort, deferred, interrupted, plannedCounts } from "./run-outcome";
import { placeholderId } from "./placeholders";
import { DEFAULT_PRIORITIES } from "./queue";
import type { Lease } from "../ledger/lease";
import type { ResolvedDatabase } from "../ledger/database-registry";
import type { DatabaseName, SourceSnapshot } from "../core";
import { blocksSync, newReport, type JobName, type SyncReport } from "../core";
import type { SyncDeps, SyncOptions } from "./types";

export type { SyncDeps, SyncOptions } from "./types";

const LEASE_MS = 10 * 60_000;

/**
 * One sync run: read the sources, check the Notion schema, then per job (customers → sites →
 * devices → alerts, relations point backwards) plan against the ledger and apply in batches.
 * Never throws for an expected failure: the report says what happened and carries the exit code.
 */
export async function runSync(deps: SyncDeps, opts: SyncOptions): Promise<SyncReport> {
  const attrs = { "sync.mode": opts.mode, "sync.jobs": opts.jobs.join(","), "sync.dry_run": opts.dryRun };
  return inSpan(deps.tracer, "sync.run", attrs, async (span) => {
    const report = await runSyncInSpan(deps, opts);
    span.setAttributes({
      "sync.run_id": report.runId ?? -1,
      "sync.status": report.status,
      "sync.created": report.totals.created,
      "sync.updated": report.totals.updated,
      "sync.unchanged": report.totals.unchanged,
      "sync.archived": report.totals.archived,
      "sync.failed": report.totals.failed,
    });
    if (report.status !== "succeeded" && report.status !== "partial") markFailed(span, report.error ?? report.status);
    deps.onRunFinished?.(report);
    return report;
  });
}

async function runSyncInSpan(deps: SyncDeps, opts: SyncOptions): Promise<SyncReport> {
  const { clock, logger } = deps;
  const started = clock.now();
  const { records: repo, runs, registry } = deps.repos;
  const report = newReport();
  // The client may have been used before this run (setup, earlier runs): report this run's share.
  const base = { ...deps.notion.counts };
  const lease = opts.dryRun ? null : deps.repos.acquireLease("sync", LEASE_MS);
  try {
    const jobLabel = opts.jobs.length === JOBS.length ? "all" : opts.jobs.join(",");
    if (!opts.dryRun) {
      const stale = runs.markInterrupted();
      if (stale) logger.warn({ runs: stale }, `${stale} earlier run(s) were interrupted; unfinished creates will be looked up before retrying`);
      report.runId = runs.start(jobLabel, opts.mode);
    } else if (opts.recordDryRun) {
      report.runId = runs.start(jobLabel, "dry_run");
    }
    opts.onStarted?.(report.runId);
    const jobs = JOBS.filter((j) => opts.jobs.includes(j.name));
    const creates = new CreatesState((r) => {
      report.createsRefused = { ...r, advice: refusalAdvice(r) };
      logger.error({ refusal: r.kind, notion_message: r.message }, `Notion refused to create a page: ${r.message}. ${refusalAdvice(r)}`);
      deps.onCreatesRefused?.(r);
    }, repo.blockedCount() > 0);
    // The sources are read while Notion's databases are checked: the two wait on different
    // APIs, and the first write can go out as soon as both are done. A failed check stops the read.
    const stopReading = new AbortController();
    let reading: Promise<SourceSnapshot> | null = deps.sources.read(opts.signal ? AbortSignal.any([opts.signal, stopReading.signal]) : stopReading.signal);
    reading.catch(() => undefined); // awaited below; a rejection after an abort is expected
    let dbs: Awaited<ReturnType<typeof resolveAndCheck>>["resolved"];
    try {
      const checked = await resolveAndCheck(jobs.map((j) => j.database), deps.config, registry, deps.notion);
      dbs = checked.resolved;
      report.schemaProblems = checked.problems;
    } catch (err) {
      stopReading.abort();
      throw err;
    }
    deps.onSchemaChecked?.(report.schemaProblems);
    const blocking = report.schemaProblems.filter(blocksSync);
    if (blocking.length) {
      stopReading.abort();
      return abort(report, `the Notion schema does not match: ${formatProblems(blocking).join(" | ")}`);
    }

    // The writer starts now and takes changes as the polls below queue them.
    const writer = opts.dryRun || opts.drain === false ? null : runWriter(deps, opts, { dbs, creates, lease, report, startedMs: started });
    // The polls in a frame of their own: the sources' snapshot is garbage once they are done,
    // not held through the rest of a first sync's drain.
    await pollJobs(deps, opts, { reading, jobs, dbs, report, creates, writer, lease, startedMs: started });
    reading = null;
    collectGarbage(report.jobs.reduce((n, j) => n + Object.values(j.planned).reduce((a, b) => a + b, 0), 0));
    writer?.pollsDone();
    if (writer) {
      const written = await writer.finish();
      for (const jr of report.jobs) {
        const c = written.counts.get(jr.job);
        if (c) for (const k of Object.keys(c) as (keyof SyncReport["totals"])[]) jr.counts[k] += c[k];
      }
      for (const [, c] of written.counts) for (const k of Object.keys(c) as (keyof SyncReport["totals"])[]) report.totals[k] += c[k];
      if (written.abort) throw written.abort;
    }
    if (opts.signal?.aborted) return interrupted(report);
    if (!creates.refusal && report.totals.created > 0) deps.onCreatesRefused?.(null);
    // Deferred records are failing records waiting for their backoff: still "some failed".
    report.status = report.totals.failed || report.totals.deferred || report.totals.blocked || report.problems.length ? "partial" : "succeeded";
    // Blocked creates win over failed records: the fix (the workspace's plan) is the operator's.
    report.exitCode = report.totals.blocked ? 4 : report.status === "succeeded" ? 0 : 1;
    return report;
  } catch (err) {
    if (opts.signal?.aborted) return interrupted(report);
    const deferredBy = err instanceof AbortRun ? err.apiError : err;
    if (deferredBy instanceof RateLimitDeferredError) return deferred(report, deferredBy);
    if (err instanceof AbortRun) return abort(report, err.message);
    if (err instanceof DatabaseSetupError || err instanceof LeaseLostError) return abort(report, err.message);
    if (err instanceof Error && "api" in err) return abort(report, err.message);
    // A bug: the run row must not stay "running"; the error goes on to the caller.
    report.status = "failed";
    report.exitCode = 1;
    report.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw err;
  } finally {
    report.durationMs = clock.now() - started;
    report.notionRequests = { reads: deps.notion.counts.reads - base.reads, writes: deps.notion.counts.writes - base.writes };
    if (report.runId !== null) {
      const { deferred: _deferred, ...counts } = report.totals;
      const notionRequests = report.notionRequests.reads + report.notionRequests.writes;
      const queued = report.jobs.reduce((n, j) => n + (j.queued ?? 0), 0);
      // A poll for the service's writer: the write counts are the writer's to add as it goes.
      if (opts.drain === false && !opts.dryRun) runs.finishPoll(report.runId, report.status, { unchanged: counts.unchanged, queued, notionRequests }, report.error);
      // A dry run's row counts what it would do, as the CLI prints it: one answer wherever asked.
      else if (opts.dryRun) runs.finish(report.runId, report.status, { ...counts, ...plannedCounts(report), notionRequests }, report.error);
      else runs.finish(report.runId, report.status, { ...counts, notionRequests }, report.error);
    }
    lease?.release(); // deletes only our own row: a lease another sync took over stays theirs
    if (!opts.dryRun) {
      logger.info(
        { ...report.totals, status: report.status, duration_ms: report.durationMs, notion_requests: report.notionRequests, run_id: report.runId },
        "Sync completed",
      );
    }
  }
}


interface PollContext {
  reading: Promise<SourceSnapshot>;
  jobs: readonly JobDefinition[];
  dbs: Map<DatabaseName, ResolvedDatabase>;
  report: SyncReport;
  creates: CreatesState;
  writer: ReturnType<typeof runWriter> | null;
  lease: Lease | null;
  startedMs: number;
}

/** Each job's poll, in order: plan against the ledger, queue what differs for the writer. */
async function pollJobs(deps: SyncDeps, opts: SyncOptions, p: PollContext): Promise<void> {
  const { logger } = deps;
  const { records: repo, runs, state: verifyState } = deps.repos;
  const { report, jobs, dbs, creates, writer, lease } = p;
  const started = p.startedMs;
    const snapshot = await p.reading;
    collectGarbage(snapshot.devices.length + snapshot.sites.length + snapshot.alerts.length); // the response bodies of the source reads
    report.problems.push(...snapshot.problems);
    report.quarantined = snapshot.quarantine.length;
    if (snapshot.matchReport) {
      report.matching = { ...snapshot.matchReport.counts };
      if (!opts.dryRun && snapshot.complete.sites) deps.repos.state.setLastMatching({ ...report.matching, ...(snapshot.matchReview ? { review: snapshot.matchReview } : {}) });
    }
    for (const q of snapshot.quarantine) {
      logger.warn({ quarantine: q }, `Quarantined ${q.source} ${q.entity} ${q.recordId}: ${q.path}: ${q.reason}`);
    }
    const present = new Set(snapshot.quarantine.map((q) => q.key).filter((k): k is string => k !== null));
    const pageIds = new Map<JobName, Map<string, string>>();
    // A dry run writes no ledger: the pages it would adopt stand in, so a later job's relations
    // point where the real run would point them (no phantom "Customer → []" after a lost ledger).
    const planned = new Map<JobName, Map<string, string>>();
    // A record queued for creation gets a placeholder the writer resolves (placeholders.ts).
    const queuedKeys = new Map<JobName, Map<string, unknown>>();
    const lookup = (job: JobName, key: string) => {
      if (!pageIds.has(job)) pageIds.set(job, repo.pageIds(job));
      const known = pageIds.get(job)?.get(key) ?? planned.get(job)?.get(key);
      if (known) return known;
      if (opts.dryRun) return null;
      if (!queuedKeys.has(job)) queuedKeys.set(job, deps.repos.pending.summaries(job));
      return queuedKeys.get(job)?.has(key) ? placeholderId(job, key) : null;
    };

    for (const job of jobs) {
      if (opts.signal?.aborted) break;
      if (!snapshot.complete[job.name]) {
        report.problems.push(`${job.name}: skipped, its sources were not read completely`);
        continue;
      }
      const db = dbs.get(job.database) as { dataSourceId: string };
      // The lease is renewed after every batch: a long job must never outlive it unnoticed.
      const heartbeat = () => lease?.renew();
      const plannedPage = (key: string, pageId: string) => void (planned.get(job.name) ?? planned.set(job.name, new Map()).get(job.name)!).set(key, pageId);
      const jr = await runJob(
        {
          ...deps, repo, job, dataSourceId: db.dataSourceId, template: TEMPLATES[job.database], snapshot, lookup, present, heartbeat, plannedPage,
          syncedBefore: runs.lastOf(job.name, { succeeded: true }) !== undefined, runStartedMs: started, runId: report.runId, verifyState, creates,
          queue: { pending: deps.repos.pending, priorities: { ...DEFAULT_PRIORITIES, ...deps.config.writer.priorities }, onQueued: () => { writer?.poke(); deps.onQueued?.(); } },
        },
        opts,
      );
      pageIds.delete(job.name); // later jobs see this job's new pages
      queuedKeys.delete(job.name); // and what it queued
      collectGarbage(Object.values(jr.planned).reduce((a, b) => a + b, 0)); // this job's desired records, hashes and plan
      report.jobs.push(jr);
      writer?.planned(job.name);
      for (const k of Object.keys(report.totals) as (keyof SyncReport["totals"])[]) report.totals[k] += jr.counts[k];
    }
}
