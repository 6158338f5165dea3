import type { PropValue } from "../notion/props";
import { inSpan } from "../telemetry/spans";
import { collectGarbage, collectingEvery } from "../lib/memory";
import { Slicer } from "../lib/slices";
import type { DatabaseTemplate } from "../notion/templates";
import type { CreatesState } from "./apply";
import type { SyncDeps, SyncOptions } from "./types";
import { readExisting } from "./existing";
import { isStaleHash } from "./hash";
import type { JobDefinition } from "./jobs";
import { planJob, planStream, type Action, type PlanInput } from "./plan";
import { Enqueuer } from "./enqueue";
import { settleWindow } from "./settle";
import type { ChangeKind } from "./queue";
import type { PendingRepo } from "../ledger/pending-repo";
import type { RecordsRepo } from "../ledger/records-repo";
import type { PlanRow } from "../ledger/schema";
import { verifyDue, verifyEdited, type VerifyResult } from "./verify";
import type { DesiredRecord, JobName, PageLookup, SourceSnapshot } from "../core";
import { emptyCounts } from "../core";
import type { JobReport, PlannedChange } from "../core";

export interface JobContext extends SyncDeps {
  repo: RecordsRepo;
  job: JobDefinition;
  dataSourceId: string;
  template: DatabaseTemplate;
  snapshot: SourceSnapshot;
  lookup: PageLookup;
  present: Set<string>;
  /** Called after every batch (renews the run's lease; throws if it was lost). */
  heartbeat?: () => void;
  /**
   * A run of this job succeeded before with this ledger: an empty ledger then means "no records"
   * (no open alerts), not "a lost ledger", and Notion need not be read to find out.
   */
  syncedBefore?: boolean;
  /** Dry runs: told the page each record would be linked to (adopted or updated). */
  plannedPage?: (key: string, pageId: string) => void;
  /** When the run took the lease: writes of unknown outcome were all sent before it (settle.ts). */
  runStartedMs: number;
  /** The run's row in sync_runs (null for a dry run). */
  runId: number | null;
  /** Whether Notion takes new pages, shared by the run's jobs (block limit). */
  creates?: CreatesState;
  /** The writer's queue, its priorities, and whom to tell when changes are queued. */
  queue: { pending: PendingRepo; priorities: Readonly<Record<ChangeKind, number>>; onQueued(): void };
  /** Where each job's last read-back check is kept (verify.ts); absent: no check. */
  verifyState?: { verifiedAt(job: string): string | undefined; setVerifiedAt(job: string, iso: string): void };
}

/**
 * Plans and applies one job. Notion is read in full when asked (--full-sync), when the ledger
 * knows nothing of this job (first run, or a lost ledger: adopting beats duplicating), when its
 * hashes come from an older canonical form, and for a verbose dry run (the only way to show
 * property-level changes).
 */
export async function runJob(ctx: JobContext, opts: SyncOptions): Promise<JobReport> {
  const started = ctx.clock.now();
  return inSpan(ctx.tracer, "sync.job", { "sync.job": ctx.job.name }, async (span) => {
    const report = await runJobInSpan(ctx, opts);
    report.durationMs = ctx.clock.now() - started;
    span.setAttributes({ "sync.read_notion": report.readNotion, ...Object.fromEntries(Object.entries(report.counts).map(([k, v]) => [`sync.${k}`, v])) });
    return report;
  });
}

async function runJobInSpan(ctx: JobContext, opts: SyncOptions): Promise<JobReport> {
  const { job, repo, logger } = ctx;
  const refs: RefTap = { calls: [], current: undefined };
  const tapped: PageLookup = (j, k) => {
    refs.calls.push([j, k]);
    return ctx.lookup(j, k);
  };
  const desired = collectingEvery(job.records(ctx.snapshot, tapped), 5000);
  const ledger = repo.forJob(job.name);
  // Hashes of an older canonical form cannot say "unchanged": compare with Notion once instead
  // of rewriting every page (an upgrade then costs reads, not a write per record).
  const staleHashes = [...ledger.values()].some((r) => r.state === "synced" && isStaleHash(r.contentHash));
  const readNotion =
    opts.mode !== "retry_failed" && (opts.mode === "full" || (ledger.size === 0 && !ctx.syncedBefore) || staleHashes || (opts.dryRun && opts.verbose));
  const existing = readNotion ? (await readExisting(ctx.notion, ctx.dataSourceId, ctx.template)).byKey : undefined;
  const verified = await verifyIfDue(ctx, opts, ledger, readNotion);
  const input: PlanInput = {
    desired: withRefs(desired, refs),
    ledger,
    mode: opts.mode,
    nowMs: ctx.clock.now(),
    existing,
    complete: ctx.snapshot.complete[job.name],
    present: ctx.present,
    archiveAfterMissedRuns: ctx.config.sync.archive_after_missed_runs,
    archiveAtOnce: job.archiveAtOnce ?? false,
    settle: settleWindow(ctx, ctx.runStartedMs),
  };
  const report: JobReport = { job: job.name, planned: {}, counts: emptyCounts(), duplicates: [], readNotion, ...(verified ? { verified } : {}) };
  const count = (a: Action) => void (report.planned[a.kind] = (report.planned[a.kind] ?? 0) + 1);

  if (opts.dryRun) {
    const plan = planJob(input);
    plan.actions.forEach(count);
    report.duplicates = plan.duplicates;
    warnDuplicates(ctx, plan.duplicates);
    for (const a of plan.actions) if (a.kind === "adopt" || a.kind === "update") ctx.plannedPage?.(a.key, a.pageId);
    if (opts.verbose) report.plan = describe(plan.actions);
    return report;
  }

  // The plan streams into the queue: nothing but a chunk is held, and the writer starts on the
  // first chunk while the rest is still being planned.
  const enqueue = new Enqueuer({
    job: job.name,
    pending: ctx.queue.pending,
    ledger,
    queued: ctx.queue.pending.summaries(job.name),
    lookup: ctx.lookup,
    priorities: ctx.queue.priorities,
    nowMs: ctx.clock.now(),
    runId: ctx.runId,
    apply: { job: job.name, dataSourceId: ctx.dataSourceId, template: ctx.template, notion: ctx.notion, repo, clock: ctx.clock, logger },
    onQueued: () => ctx.queue.onQueued(),
  });
  const out = { duplicates: report.duplicates, keys: new Set<string>() };
  // Planning a fleet takes seconds of CPU: after each slice (lib/slices.ts) the loop lets the
  // server answer /health and the writer send its next request.
  const slicer = new Slicer();
  for (const a of planStream(input, out)) {
    count(a);
    await enqueue.take(a, refs.current);
    const pause = slicer.tick();
    if (pause) await pause;
  }
  enqueue.flush();
  warnDuplicates(ctx, report.duplicates);
  if (enqueue.settling.count) {
    const until = new Date(enqueue.settling.untilMs).toISOString();
    logger.warn(
      { job: job.name, records: enqueue.settling.count, until },
      `${enqueue.settling.count} record(s) had a write of unknown outcome (an earlier run stopped or timed out with it on the wire); they are written again not before ${until}, once that write can no longer land`,
    );
  }
  report.counts = enqueue.counts;
  report.queued = enqueue.queuedCount;
  collectGarbage(enqueue.counts.unchanged + enqueue.queuedCount); // the records planned "unchanged" and their hashes
  repo.seen(job.name, [...out.keys].filter((k) => ledger.has(k)));
  logger.info({ job: job.name, queued: enqueue.queuedCount, unchanged: enqueue.counts.unchanged, deferred: enqueue.counts.deferred }, `${job.name}: ${enqueue.queuedCount} change(s) queued for the writer`);
  return report;
}

function warnDuplicates(ctx: JobContext, keys: string[]): void {
  for (const key of keys) ctx.logger.warn({ job: ctx.job.name, key }, `Duplicate pages for ${key}; run \`dedupe\``);
}

/**
 * The desired records with the records each one's relations point at: the job builders ask the
 * lookup for them while they build the record, so the lookup's calls between two records are
 * that record's references (dependency promotion needs them).
 */
function* withRefs(desired: Iterable<DesiredRecord>, refs: RefTap): Generator<DesiredRecord> {
  for (const r of desired) {
    refs.current = { ...r, refs: refs.calls };
    refs.calls = [];
    yield r;
  }
}

interface RefTap {
  calls: [JobName, string][];
  current: (DesiredRecord & { refs: [JobName, string][] }) | undefined;
}

/**
 * The periodic read-back (verify.ts), when due. A run that read Notion in full compared every
 * page already; it only moves the mark. A dry run drops hashes in its plan only, and keeps no mark.
 */
async function verifyIfDue(ctx: JobContext, opts: SyncOptions, ledger: Map<string, PlanRow>, readNotion: boolean): Promise<VerifyResult | undefined> {
  const state = ctx.verifyState;
  if (!state || opts.mode === "retry_failed") return undefined;
  const now = ctx.clock.now();
  const last = state.verifiedAt(ctx.job.name);
  const due = verifyDue(last, now, ctx.config.sync.verify_every_minutes * 60_000);
  const mark = () => !opts.dryRun && state.setVerifiedAt(ctx.job.name, new Date(now).toISOString());
  if (due === "not_due") return undefined;
  if (due === "start" || readNotion) {
    mark();
    return undefined;
  }
  const result = await verifyEdited({
    notion: ctx.notion,
    dataSourceId: ctx.dataSourceId,
    template: ctx.template,
    ledger,
    sinceMs: Date.parse(last as string),
    ...(opts.dryRun ? {} : { invalidate: (key: string) => ctx.repo.invalidate(ctx.job.name, key) }),
  });
  mark();
  if (result.drifted.length) {
    ctx.logger.warn(
      { job: ctx.job.name, drifted: result.drifted.length, checked: result.checked, keys: result.drifted.slice(0, 20) },
      `${result.drifted.length} page(s) did not hold what the ledger recorded (edited in Notion, or a write that landed late); rewriting them`,
    );
  }
  return result;
}

/** What a dry run would write, per record, with old → new per property where Notion was read. */
function describe(actions: Action[]): PlannedChange[] {
  return actions.flatMap((a): PlannedChange[] => {
    switch (a.kind) {
      case "create":
        return [{ key: a.key, action: "create", changes: Object.entries(a.props).map(([property, v]) => ({ property, new: v.value })) }];
      case "update": {
        const changes = a.changed
          ? a.changed.map((property) => ({ property, old: a.current?.[property]?.value ?? null, new: (a.props[property] as PropValue).value }))
          : null;
        return [{ key: a.key, action: a.restore ? "restore" : "update", changes }];
      }
      case "archive":
        return [{ key: a.key, action: "archive", changes: null }];
      default:
        return [];
    }
  });
}
