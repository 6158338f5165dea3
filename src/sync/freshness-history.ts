/**
 * The writer's backlog over the last hours, for the status page's plot: a sample of the queue
 * (changes pending, age of the oldest) every SAMPLE_EVERY_MS, the newest HISTORY_SAMPLES kept in
 * memory (6 hours). Not in the ledger: it is a picture of this process's writer, and a restart
 * starts a new one; run history, which outlives restarts, is the ledger's (runs-repo.ts).
 * @module
 */
import type { QueueStats } from "../ledger/pending-repo";

export const SAMPLE_EVERY_MS = 30_000;
export const HISTORY_SAMPLES = 720;

export interface FreshnessPoint {
  atMs: number;
  pending: number;
  /** Age of the oldest pending change, seconds (0 when none). */
  oldestS: number;
}

export class FreshnessHistory {
  private readonly points: FreshnessPoint[] = [];

  constructor(private readonly capacity = HISTORY_SAMPLES) {}

  add(q: QueueStats, nowMs: number): void {
    const oldest = Math.min(...Object.values(q.byJob).map((j) => j.oldestSinceMs ?? Infinity));
    this.points.push({ atMs: nowMs, pending: q.total, oldestS: Number.isFinite(oldest) ? Math.max(0, Math.round((nowMs - oldest) / 1000)) : 0 });
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity);
  }

  all(): readonly FreshnessPoint[] {
    return this.points;
  }
}
