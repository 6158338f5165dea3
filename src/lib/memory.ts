/**
 * Hands memory back between the phases of a large run. JavaScriptCore collects lazily, so the
 * garbage of one phase (a source's response bodies, a job's 56,000 hashes) is still held when the
 * next phase allocates, and the peak RSS is the sum of both. A full collection between phases
 * costs tens of milliseconds on a run of minutes; measured on the 2,000-customer fleet (see
 * BENCHMARKS.md). A no-op outside Bun.
 */
export function collectGarbage(): void {
  (globalThis as { Bun?: { gc(force: boolean): void } }).Bun?.gc(true);
}
