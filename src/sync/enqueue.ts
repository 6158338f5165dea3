/**
 * A poll's plan, one action at a time, into the writer's queue: what costs a request is queued
 * with its priority (coalesced into what is queued already), what only touches the ledger
 * (adopt, missed) is done at once, and a queued change whose record came back to what its page
 * holds is dropped with no write. Nothing is kept in memory but a chunk of entries: a first sync
 * of 60,000 records streams through here into the ledger.
 * @module
 */
import { emptyCounts, type BatchCounts, type DesiredRecord, type JobName, type PageLookup } from "../core";
import type { PendingRepo, QueueEntry, QueuedSummary } from "../ledger/pending-repo";
import type { PlanRow } from "../ledger/schema";
import { applyAction, type ApplyContext } from "./apply";
import type { Action } from "./plan";
import { changeKind, promotions, statusOf, type ChangeKind } from "./queue";
import { placeholderId } from "./placeholders";
import { isSlicing } from "../lib/slices";

/**
 * Entries written to the ledger at once (one transaction, which cannot yield): 500 in a CLI run,
 * 100 in the service, where a transaction holds the loop while /ready and the admin API wait. Measured with
 * device-sized entries: 500 take 3.6 ms, 100 take 0.6 ms; a commit costs no fsync (WAL, synchronous
 * NORMAL), so five times the commits cost little.
 */
const CHUNK = 500;
const SLICED_CHUNK = 100;

export interface EnqueueDeps {
  job: JobName;
  pending: PendingRepo;
  /** The job's ledger rows, as planned against. */
  ledger: Map<string, PlanRow>;
  /** What is queued for the job now (summaries). */
  queued: Map<string, QueuedSummary>;
  /** Page ids of other jobs' records (dependency promotion asks whether one exists). */
  lookup: PageLookup;
  priorities: Readonly<Record<ChangeKind, number>>;
  nowMs: number;
  /** The run queueing (its counts grow as the writer writes), or null. */
  runId: number | null;
  /** For the ledger-only actions (adopt, missed). */
  apply: ApplyContext;
  /** Told after every chunk: the writer may start on it. */
  onQueued(): void;
}

/** A real page id, not a placeholder for a page still to be created. */
const hasPage = (id: string | null, job: JobName, key: string) => id !== null && id !== placeholderId(job, key);

export class Enqueuer {
  private chunk: QueueEntry[] = [];
  private dropped: string[] = [];
  /** Ledger-only outcomes (unchanged, adopted, counted) and backoff waits (deferred). */
  readonly counts: BatchCounts = emptyCounts();
  queuedCount = 0;
  /** Changes held until an earlier write of theirs can no longer land (settle.ts), and until when. */
  settling = { count: 0, untilMs: 0 };

  private readonly chunkSize = isSlicing() ? SLICED_CHUNK : CHUNK;

  constructor(private readonly d: EnqueueDeps) {}

  /** One planned action; `record` is the desired record it was planned from, when it has one. */
  async take(a: Action, record: (DesiredRecord & { refs?: [JobName, string][] }) | undefined): Promise<void> {
    const row = this.d.ledger.get(a.key);
    switch (a.kind) {
      case "unchanged":
      case "adopt":
      case "missed":
        if (a.kind !== "unchanged") await applyAction(a, this.d.apply);
        this.counts.unchanged++;
        // Back to what its page holds (or adopted as equal): the queued change needs no write.
        if (this.d.queued.has(a.key) && a.kind !== "missed") this.dropped.push(a.key);
        break;
      case "skip":
        this.counts.deferred++;
        this.put(a.key, "write", a.props, a.hash, null, { notBeforeMs: a.notBefore, waitReason: "backoff" }, row, record);
        break;
      case "create":
      case "update":
        this.put(a.key, "write", a.props, a.hash, a.kind === "update" && a.pageId !== row?.notionPageId ? a.pageId : null, a.notBefore === undefined ? {} : { notBeforeMs: a.notBefore, waitReason: "settle" }, row, record);
        break;
      case "archive":
        this.put(a.key, "archive", null, null, a.pageId, a.notBefore === undefined ? {} : { notBeforeMs: a.notBefore, waitReason: "settle" }, row, undefined);
        break;
    }
    if (this.chunk.length >= this.chunkSize || this.dropped.length >= this.chunkSize) this.flush();
  }

  flush(): void {
    if (this.dropped.length) this.d.pending.drop(this.d.job, this.dropped);
    this.d.pending.put(this.chunk);
    if (this.chunk.length) this.d.onQueued();
    this.chunk = [];
    this.dropped = [];
  }

  private put(
    key: string,
    action: "write" | "archive",
    props: DesiredRecord["props"] | null,
    hash: string | null,
    pageId: string | null,
    wait: { notBeforeMs?: number; waitReason?: "settle" | "backoff" },
    row: PlanRow | undefined,
    record: (DesiredRecord & { refs?: [JobName, string][] }) | undefined,
  ): void {
    const status = statusOf(props);
    const isNew = action === "write" && !row?.notionPageId && !pageId;
    const statusChanged = row?.statusValue != null && status !== row.statusValue;
    const priority = this.d.priorities[changeKind({ job: this.d.job, action, isNew, statusChanged })];
    const refs = record?.key === key ? (record.refs ?? []) : [];
    for (const p of promotions(priority, refs, (j, k) => this.queuedOf(j, k), (j, k) => hasPage(this.d.lookup(j, k), j, k))) this.d.pending.promote(p.job, p.key, p.priority);
    this.chunk.push({
      job: this.d.job,
      key,
      priority,
      sinceMs: this.d.nowMs,
      action,
      props: props ? JSON.stringify(props) : null,
      hash,
      pageId,
      statusValue: status,
      refs: refs.length ? JSON.stringify(refs) : null,
      notBeforeMs: wait.notBeforeMs ?? null,
      waitReason: wait.waitReason ?? null,
      runId: this.d.runId,
    });
    this.queuedCount++;
    if (wait.waitReason === "settle" && wait.notBeforeMs !== undefined) {
      this.settling.count++;
      this.settling.untilMs = Math.max(this.settling.untilMs, wait.notBeforeMs);
    }
  }

  private queuedOf(job: JobName, key: string) {
    const r = job === this.d.job ? undefined : this.d.pending.get(job, key);
    return r ? { job, key, priority: r.priority, sinceMs: r.sinceMs, hash: r.hash } : undefined;
  }
}
