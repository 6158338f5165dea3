/**
 * The one writer: drains the queue (ledger/pending-repo.ts) through the Notion gate, highest
 * priority first, oldest first within one (sync/queue.ts), a few writes in flight so the gate
 * always has the next one. Polls keep queueing while it drains, so a new alert waits behind the
 * changes that matter as much, never behind a whole backlog. Every write goes through
 * applyAction: the crash-safe intents, the unknown-outcome lookups and the settle rule hold as
 * they do for any write.
 * @module
 */
import { inSpan, markFailed } from "../telemetry/spans";
import { collectGarbage } from "../lib/memory";
import { emptyCounts, type BatchCounts, type JobName } from "../core";
import type { PendingRow } from "../ledger/schema";
import type { PropMap } from "../notion/props";
import { AbortRun, applyAction, type Outcome } from "./apply";
import { contentHash } from "./hash";
import { toAction } from "./pending-action";
import type { DrainOptions, WriterDeps } from "./writer-types";
import { placeholderRefs, resolvePlaceholders } from "./placeholders";
import { ARCHIVE_INTENT, settleDeadline, settleHold } from "./settle";

export type { DrainOptions, WriterDeps, WriteTarget } from "./writer-types";

/**
 * Writes between two full collections. A write's request and response bodies outlive the
 * collector's young generation (they wait on the network), so JavaScriptCore let them pile up
 * through a first sync: 48 → 199 MB of heap over 60,000 creates, 51 MB live (lib/memory.ts).
 * Every 2,000 writes the RSS still swung 200 → 260 MB between two collections on the
 * alerts-heavy fleet; every 1,000 halves the swing, its CPU within the spread between runs
 * (BENCHMARKS.md, "The fleet with the writer collecting every 1,000 writes").
 */
const COLLECT_EVERY = 1000;

/** How long an idle writer waits before it looks again, unless poked. */
const IDLE_MS = 1000;

const keyOf = (r: Pick<PendingRow, "job" | "sourceKey">) => `${r.job}\u0000${r.sourceKey}`;

export class Writer {
  private waiters: (() => void)[] = [];
  /** Bumped by every poke: a worker that looked at the queue before it never sleeps through one. */
  private generation = 0;
  private counts = new Map<JobName, BatchCounts>();
  private readonly busy = new Set<string>();
  /** The writes in flight, by key: a change whose relation needs one of them waits for it. */
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly d: WriterDeps) {}

  /** Changes being written right now. */
  get inFlight(): number {
    return this.busy.size;
  }

  /** New changes were queued: an idle writer looks at once. */
  poke(): void {
    this.generation++;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** Writes until `finished()` and nothing is left to write now, the signal aborts, or a write aborts the run. */
  async drain(o: DrainOptions): Promise<{ counts: Map<JobName, BatchCounts>; abort?: AbortRun }> {
    const counts = (this.counts = new Map<JobName, BatchCounts>());
    let abort: AbortRun | undefined;
    let buffer: PendingRow[] = [];
    let writes = 0;
    const next = (): PendingRow | undefined => {
      if (!buffer.length) {
        const jobs = o.jobs?.();
        buffer = jobs && !jobs.length ? [] : this.d.repos.pending.take(o.concurrency, this.d.clock.now(), this.busy, jobs);
      }
      const row = buffer.shift();
      if (row) this.busy.add(keyOf(row));
      return row;
    };
    const worker = async () => {
      while (!o.signal?.aborted && !abort) {
        const generation = this.generation;
        const row = next();
        if (!row) {
          if (o.finished() && this.busy.size === 0 && this.d.repos.pending.nextDueMs("settle", o.jobs?.()) === null) return;
          await this.idle(generation, o.signal);
          continue;
        }
        try {
          const writing = this.traced(row);
          this.inflight.set(keyOf(row), writing.catch(() => undefined));
          await writing;
          if (++writes % 20 === 0) this.d.heartbeat?.();
          if (writes % COLLECT_EVERY === 0) collectGarbage();
        } catch (err) {
          if (err instanceof AbortRun) abort ??= err;
          else throw err;
        } finally {
          this.inflight.delete(keyOf(row));
          this.busy.delete(keyOf(row));
          buffer = buffer.filter((r) => !this.busy.has(keyOf(r)));
          // An idle worker looks again: the drain may be over, or a write it waited on is done.
          this.poke();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
    return abort ? { counts, abort } : { counts };
  }

  /** One queued change, written, and the queue told how it went. */
  /** One write in its span: the job, the run that queued it, the priority and how it went. */
  private traced(row: PendingRow): Promise<Outcome | null> {
    const attrs = { "sync.job": row.job, "sync.priority": row.priority, "sync.action": row.action, ...(row.runId !== null ? { "sync.run_id": row.runId } : {}) };
    return inSpan(this.d.tracer, "sync.write", attrs, async (span) => {
      const outcome = await this.write(row);
      span.setAttribute("sync.outcome", outcome ?? "held");
      if (outcome === "failed") markFailed(span, "the write failed; it is retried after its backoff");
      return outcome;
    });
  }

  /** null: not written now (held until an earlier write settles; the queue says until when). */
  private async write(row: PendingRow, depth = 0): Promise<Outcome | null> {
    const job = row.job as JobName;
    const { records, pending } = this.d.repos;
    const target = await this.d.target(job);
    const resolved = await this.resolveRelations(row, depth);
    const ledgerRow = records.get(job, row.sourceKey);
    // An earlier write of this record is in doubt (a crash, a timeout): not before it can no
    // longer land. Planning checked this, but a change queued before the crash meets it here.
    const hold = ledgerRow ? settleHold(ledgerRow, this.d.settle(), this.d.clock.now(), row.action === "archive" ? ARCHIVE_INTENT : (resolved.hash ?? "")) : undefined;
    if (hold !== undefined) {
      pending.defer(job, row.sourceKey, hold, "settle");
      return null;
    }
    // Notion already shows exactly this (e.g. a relation whose target could not be created).
    if (resolved.hash !== null && ledgerRow?.state === "synced" && !ledgerRow.writeStartedAt && ledgerRow.contentHash === resolved.hash && !row.pageId) {
      pending.done(job, row.sourceKey, row.hash);
      return this.outcome(job, "unchanged");
    }
    const action = toAction({ ...row, props: resolved.props, hash: resolved.hash }, ledgerRow);
    const outcome = await applyAction(action, { job, ...target, notion: this.d.notion(), repo: records, clock: this.d.clock, logger: this.d.logger, creates: this.d.creates() });
    if (outcome === "failed") {
      // Not before its backoff, nor before the write just given up on can no longer land (a
      // timeout leaves it in doubt): a `sync` run leaves it for the next run, not waiting.
      const after = records.get(job, row.sourceKey);
      const backoff = after?.nextAttemptAt ? Date.parse(after.nextAttemptAt) : this.d.clock.now() + 60_000;
      const settle = after?.writeStartedAt ? settleDeadline(after.writeStartedAt, this.d.settle()) : 0;
      pending.defer(job, row.sourceKey, Math.max(backoff, settle), "backoff");
    } else if (outcome === "blocked") {
      pending.drop(job, [row.sourceKey]); // the ledger keeps it as blocked; the next poll queues it again
    } else {
      pending.done(job, row.sourceKey, row.hash);
    }
    if (row.runId !== null) this.d.repos.runs.counted(row.runId, outcome);
    return this.outcome(job, outcome);
  }

  /** Counted for the drain's report and told to the observer. */
  private outcome(job: JobName, outcome: Outcome): Outcome {
    const c = this.counts.get(job) ?? this.counts.set(job, emptyCounts()).get(job)!;
    c[outcome]++;
    this.d.onOutcome?.(job, outcome);
    return outcome;
  }

  /**
   * Puts real page ids where the poll had to leave placeholders (placeholders.ts), writing the
   * pages they stand for first when they are queued: a new alert's device, a new site's customer.
   */
  private async resolveRelations(row: PendingRow, depth: number): Promise<{ props: string | null; hash: string | null }> {
    if (!row.props || !row.refs) return { props: row.props, hash: row.hash };
    const props = JSON.parse(row.props) as PropMap;
    const refs = placeholderRefs(props, JSON.parse(row.refs) as [JobName, string][]);
    if (!refs.length) return { props: row.props, hash: row.hash };
    const { records, pending } = this.d.repos;
    for (const [job, key] of refs) {
      if (records.pageIdOf(job, key) || depth > 2) continue;
      const busyKey = `${job}\u0000${key}`;
      const running = this.inflight.get(busyKey);
      if (running) {
        await running; // another worker is writing it right now
        continue;
      }
      const dep = pending.get(job, key);
      if (!dep || this.busy.has(busyKey)) continue;
      this.busy.add(busyKey);
      const writing = this.write(dep, depth + 1);
      this.inflight.set(busyKey, writing.catch(() => undefined));
      try {
        await writing;
      } finally {
        this.inflight.delete(busyKey);
        this.busy.delete(busyKey);
      }
    }
    const out = resolvePlaceholders(props, refs, (job, key) => records.pageIdOf(job, key));
    return { props: JSON.stringify(out.props), hash: contentHash(out.props) };
  }

  /** Until poked, the next deferred change falls due, or a second passes. */
  private async idle(generation: number, signal?: AbortSignal): Promise<void> {
    if (generation !== this.generation) return; // poked since the worker looked
    const due = this.d.repos.pending.nextDueMs();
    const wait = Math.max(1, Math.min(IDLE_MS, due === null ? IDLE_MS : due - this.d.clock.now()));
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const poked = new Promise<void>((resolve) => this.waiters.push(resolve));
    await Promise.race([this.d.clock.sleep(wait, stop.signal).catch(() => undefined), poked]);
    stop.abort();
    signal?.removeEventListener("abort", onAbort);
  }
}
