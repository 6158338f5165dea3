/**
 * Hands memory back during the phases of a large run. JavaScriptCore collects lazily, in
 * proportion to the live heap, so the garbage of one phase (a source's response bodies, the
 * matcher's scoring, a job's 56,000 hashes) is still held when the next phase allocates, and the
 * peak RSS is the sum of both. Measured on the 2,000-customer fleet (BENCHMARKS.md): without
 * these collections an unchanged pass of the binary peaked near 400 MB, with them near 225 MB,
 * for about 1 s more CPU. Small runs (tests, a few customers, the service's polls) never grow the heap by MIN_GROWTH_BYTES or never
 * reach an interval, and pay nothing. A collection costs in proportion to everything live in the
 * process: where the emulators share it (benchmarks), each one also marks their whole dataset.
 */
import { heapSize } from "bun:jsc";

/**
 * A collection is worth its pause (15–30 ms for the service's own heap of ~40 MB, the event loop
 * stopped: /health waits) only once the heap has grown by this much since the last one left it:
 * a phase of a large run makes hundreds of MB of garbage, a poll of a small fleet a few.
 */
const MIN_GROWTH_BYTES = 24 * 1024 * 1024;
let liveAfterLast = 0;

/** A full collection between two phases, when the phase left enough garbage to be worth it. */
export function collectGarbage(): void {
  if (heapSize() - liveAfterLast < MIN_GROWTH_BYTES) return;
  Bun.gc(true);
  liveAfterLast = heapSize();
}

/**
 * Passes `items` through, collecting every `every` items. For long synchronous loops that make
 * short-lived garbage per item (scoring a site against every candidate customer: every 100
 * sites; building, canonicalising and hashing records: every 5,000): the collector would
 * otherwise let it pile up until the loop ends. Tried and dropped: collecting when RSS had grown
 * by N MB since the last look (it reacts late: 240–270 MB on the same run).
 */
export function* collectingEvery<T>(items: Iterable<T>, every: number): Generator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % every === 0) collectGarbage();
  }
}
