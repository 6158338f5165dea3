/**
 * Hands memory back during the phases of a large run. JavaScriptCore collects lazily, in
 * proportion to the live heap, so the garbage of one phase (a source's response bodies, the
 * matcher's scoring, a job's 56,000 hashes) is still held when the next phase allocates, and the
 * peak RSS is the sum of both. Measured on the 2,000-customer fleet (BENCHMARKS.md): without
 * these collections an unchanged pass of the binary peaked near 400 MB, with them near 225 MB,
 * for about 1 s more CPU. Small runs (tests, a few customers, the service's polls) handle fewer
 * than MIN_PHASE_RECORDS per phase or never reach an interval, and pay nothing. A collection costs in proportion to everything live in the
 * process: where the emulators share it (benchmarks), each one also marks their whole dataset.
 */
import { heapSize } from "bun:jsc";

/** Below this heap a full collection is not worth its pause. */
const MIN_HEAP_BYTES = 16 * 1024 * 1024;

/**
 * Phases that handled fewer records than this leave too little garbage to be worth a full
 * collection: 15–30 ms with the event loop stopped (/ready and the admin API wait), which the service would pay
 * at every poll of a small fleet (five per round). A large run's phases handle tens of thousands.
 */
export const MIN_PHASE_RECORDS = 2000;

/** A full collection between two phases; `records`: how many the phase handled (default: many). */
export function collectGarbage(records = Number.POSITIVE_INFINITY): void {
  if (records >= MIN_PHASE_RECORDS && heapSize() >= MIN_HEAP_BYTES) Bun.gc(true);
}

/** In collectingEvery, one collection in this many is a full one. */
const FULL_EVERY = 4;

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
    if (++n % every !== 0 || heapSize() < MIN_HEAP_BYTES) continue;
    // Mostly a young-generation collection (the item's garbage dies young: building, hashing);
    // a full one every FULL_EVERY-th time for what got promoted. Full every time cost a fifth of
    // an alerts-heavy quiet pass's CPU (each marks the whole live heap: the snapshot, the ledger).
    Bun.gc(n % (every * FULL_EVERY) === 0);
  }
}
