/**
 * Hands memory back between the phases of a large run. JavaScriptCore collects lazily, in
 * proportion to the live heap, so the garbage of one phase (a source's response bodies, the
 * matcher's scoring, a job's 56,000 hashes) is still held when the next phase allocates, and the
 * peak RSS is the sum of both. A full collection between phases costs tens of milliseconds on a
 * run of minutes; measured on the 2,000-customer fleet (see BENCHMARKS.md). Below
 * `MIN_HEAP_BYTES` nothing is worth collecting early and the call returns at once.
 */
import { heapSize } from "bun:jsc";

const MIN_HEAP_BYTES = 16 * 1024 * 1024;

export function collectGarbage(): void {
  if (heapSize() >= MIN_HEAP_BYTES) Bun.gc(true);
}

/**
 * Passes `items` through, collecting every `every` items. For a long synchronous loop that
 * makes short-lived garbage per item (scoring a site against every candidate customer;
 * building, canonicalising and hashing 56,000 records): the collector would otherwise let it
 * pile up until the loop ends, and the heap grows by all of it.
 */
export function* collectingEvery<T>(items: Iterable<T>, every: number): Generator<T> {
  let n = 0;
  for (const item of items) {
    yield item;
    if (++n % every === 0) collectGarbage();
  }
}
