import type { Action } from "./plan";
import { AbortRun, applyAction, costsRequest, type ApplyContext, type Outcome } from "./apply";
import type { Tracer } from "@opentelemetry/api";
import type { Clock } from "@oberaconnect/common/clock";
import { inSpan, markFailed } from "../telemetry/spans";
import { emptyCounts, type BatchCounts } from "../core";



export interface BatchOptions {
  batchSize: number;
  batchDelayMs: number;
  /** Actions in flight at once: enough to keep the API gate's limiter saturated. */
  concurrency: number;
  clock: Clock;
  signal?: AbortSignal;
  onBatch(counts: BatchCounts, index: number): void;
  onProgress?(done: number): void;
  /** A span per batch. */
  tracer?: Tracer;
}

/**
 * Applies a job's actions. Those that need no request (unchanged, adopted, missed, deferred) are
 * settled first, in the ledger only, and counted in the first BatchResult; the rest go out in
 * batches of `batchSize`, each in its own span. An abort (bad token, open circuit, shutdown)
 * stops new requests at once instead of after the whole batch.
 */
export async function applyInBatches(actions: Action[], ctx: ApplyContext, opts: BatchOptions): Promise<BatchCounts> {
  const total = emptyCounts();
  const requests = heldLast(actions.filter(costsRequest));
  const held = requests.filter((a) => notBefore(a) !== undefined);
  if (held.length) {
    const until = new Date(notBefore(held[held.length - 1] as Action) as number).toISOString();
    ctx.logger.warn(
      { job: ctx.job, records: held.length, until },
      `${held.length} record(s) had a write of unknown outcome (an earlier run stopped or timed out with it on the wire); they are written again last, not before ${until}, once that write can no longer land`,
    );
  }
  const ledgerOnly = emptyCounts();
  for (const action of actions) if (!costsRequest(action)) ledgerOnly[await applyAction(action, ctx)]++;
  let done = actions.length - requests.length;
  opts.onProgress?.(done);
  for (let start = 0, index = 0; start < requests.length || index === 0; start += opts.batchSize, index++) {
    if (opts.signal?.aborted) break;
    if (index > 0 && opts.batchDelayMs > 0) await opts.clock.sleep(opts.batchDelayMs, opts.signal).catch(() => {});
    const batch = requests.slice(start, start + opts.batchSize);
    const counts = index === 0 ? ledgerOnly : emptyCounts();
    const abort = await inSpan(opts.tracer, "sync.batch", { "sync.job": ctx.job, "sync.batch": index, "sync.batch_size": batch.length }, async (span) => {
      const stopped = await runBatch(batch, counts, ctx, opts, () => ++done);
      span.setAttributes(Object.fromEntries(Object.entries(counts).map(([k, v]) => [`sync.${k}`, v])));
      if (counts.failed) markFailed(span, `${counts.failed} record(s) failed`);
      return stopped;
    });
    for (const k of Object.keys(total) as (keyof BatchCounts)[]) total[k] += counts[k];
    opts.onBatch(counts, index);
    if (abort) throw abort;
  }
  return total;
}

/**
 * One batch: a small pool of workers pulls the next action, so the gate always has work queued
 * but an abort stops new requests at once. Returns the AbortRun that stopped it, if any.
 */
async function runBatch(batch: Action[], counts: BatchCounts, ctx: ApplyContext, opts: BatchOptions, progressed: () => number): Promise<AbortRun | undefined> {
  let next = 0;
  let abort: AbortRun | undefined;
  const worker = async () => {
    while (next < batch.length && !abort && !opts.signal?.aborted) {
      const action = batch[next++] as Action;
      const wait = (notBefore(action) ?? 0) - opts.clock.now();
      if (wait > 0 && !(await opts.clock.sleep(wait, opts.signal).then(() => true, () => false))) break;
      try {
        const outcome: Outcome = await applyAction(action, ctx);
        counts[outcome]++;
      } catch (err) {
        if (err instanceof AbortRun) abort ??= err;
        else throw err;
      }
      opts.onProgress?.(progressed());
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, batch.length) }, worker));
  return abort;
}

const notBefore = (a: Action): number | undefined => ("notBefore" in a ? a.notBefore : undefined);

/**
 * Writes that must wait (see settle.ts) go after all the others, earliest deadline first, so the
 * wait costs nothing while there is other work; the rest keep their planned order.
 */
export function heldLast(actions: Action[]): Action[] {
  const now: Action[] = [];
  const later: Action[] = [];
  for (const a of actions) (notBefore(a) === undefined ? now : later).push(a);
  later.sort((a, b) => (notBefore(a) as number) - (notBefore(b) as number));
  return now.concat(later);
}
