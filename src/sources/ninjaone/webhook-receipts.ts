/**
 * What the service has received from NinjaOne's webhook: deliveries accepted, duplicates (a
 * redelivery of an activity id already seen: nothing is done again), rejected ones (no or a wrong
 * secret, a body that is no activity), the last delivery and its lag behind the activity's time.
 * Activity ids are remembered for the last SEEN_KEPT deliveries. Pure bookkeeping; the route
 * decides, the nudge acts.
 * @module
 */
export const SEEN_KEPT = 10_000;

export interface WebhookSnapshot {
  received: number;
  duplicates: number;
  rejected: number;
  last: { at: string; activity_id: number; status_code: string | null; lag_seconds: number | null } | null;
  last_rejected: { at: string; reason: string } | null;
}

export class WebhookReceipts {
  private readonly seen = new Set<number>();
  private s: WebhookSnapshot = { received: 0, duplicates: 0, rejected: 0, last: null, last_rejected: null };

  constructor(private readonly now: () => number, initial?: WebhookSnapshot | null) {
    if (initial) this.s = { ...this.s, ...initial };
  }

  /** A delivery with a valid secret: "new" the first time its activity id is seen, else "duplicate". */
  accepted(activityId: number, statusCode: string | null, activityTimeS: number | null): "new" | "duplicate" {
    if (this.seen.has(activityId)) {
      this.s.duplicates++;
      return "duplicate";
    }
    this.seen.add(activityId);
    if (this.seen.size > SEEN_KEPT) this.seen.delete(this.seen.values().next().value!);
    const nowMs = this.now();
    this.s.received++;
    this.s.last = { at: new Date(nowMs).toISOString(), activity_id: activityId, status_code: statusCode, lag_seconds: activityTimeS === null ? null : Math.max(0, Math.round((nowMs / 1000 - activityTimeS) * 10) / 10) };
    return "new";
  }

  rejected(reason: string): void {
    this.s.rejected++;
    this.s.last_rejected = { at: new Date(this.now()).toISOString(), reason };
  }

  snapshot(): WebhookSnapshot {
    return structuredClone(this.s);
  }
}
