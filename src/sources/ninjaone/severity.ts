/**
 * Severity and priority of NinjaOne alerts. The v2 spec's Alert has neither; they live on the
 * activity that triggered the alert, joined by `seriesUid = alert.uid` (NSPEC Activity). Asking
 * `/v2/activities?seriesUid=` once per alert would cost one request per open alert on every run
 * (thousands at 5 requests/s), so the cost is bounded in three steps:
 *
 * 1. a cache: a series' TRIGGERED severity never changes, so an alert is looked up once per
 *    process and only NEW alerts cost anything on later runs;
 * 2. a bulk read of TRIGGERED activities, newest first, 1,000 per request, stopping as soon as
 *    every new alert is found or the activities get older than the oldest new alert (at most
 *    `maxBulkPages` requests);
 * 3. a per-series lookup for the few still missing (older alerts beyond the bulk window), at most
 *    `maxSeriesLookups` per run; the rest are looked up on the next runs.
 *
 * An alert still unresolved gets null (shown empty) rather than a guess from its sourceType: the
 * same AGENT_OFFLINE condition is CRITICAL on a server and MODERATE on a workstation.
 * @module
 */
import type { Parsed } from "../quarantine";
import type { NinjaActivity, NinjaAlert } from "./schemas";

export interface AlertSeverity {
  severity: string | null;
  priority: string | null;
}

/** The activity reads the resolver needs (the NinjaOne connector implements them). */
export interface ActivitySource {
  activities(
    query: { status?: string; seriesUid?: string; olderThan?: number; pageSize: number },
    signal?: AbortSignal,
  ): Promise<Parsed<NinjaActivity>>;
}

export interface SeverityOptions {
  /** Activities per bulk request (the API serves up to 1,000). */
  bulkPageSize?: number;
  maxBulkPages?: number;
  maxSeriesLookups?: number;
}

/** Activities a little older than the alert still count: the two timestamps come from different writes. */
const TIME_SLACK_SECONDS = 3600;

/** Remembers severities across runs; one instance per process. */
export class SeverityResolver {
  private cache = new Map<string, AlertSeverity>();
  private readonly bulkPageSize: number;
  private readonly maxBulkPages: number;
  private readonly maxSeriesLookups: number;
  /** Requests sent by the last `resolve` (for logs and tests). */
  lastRequests = 0;

  constructor(opts: SeverityOptions = {}) {
    this.bulkPageSize = opts.bulkPageSize ?? 1000;
    this.maxBulkPages = opts.maxBulkPages ?? 5;
    this.maxSeriesLookups = opts.maxSeriesLookups ?? 25;
  }

  /** Severity per alert uid, for every alert given (null where unresolved). Rejects when a read fails. */
  async resolve(alerts: readonly NinjaAlert[], source: ActivitySource, signal?: AbortSignal): Promise<Map<string, AlertSeverity>> {
    this.lastRequests = 0;
    const out = new Map<string, AlertSeverity>();
    const wanted = new Map<string, NinjaAlert>();
    for (const a of alerts) {
      // A server that does send them (third-party clients assume it) is taken at its word.
      if (a.severity !== undefined || a.priority !== undefined) out.set(a.uid, { severity: a.severity ?? null, priority: a.priority ?? null });
      else if (this.cache.has(a.uid)) out.set(a.uid, this.cache.get(a.uid) as AlertSeverity);
      else wanted.set(a.uid, a);
    }
    const found = (uid: string, act: NinjaActivity) => {
      if (!wanted.has(uid) || (act.severity === undefined && act.priority === undefined)) return;
      const s = { severity: act.severity ?? null, priority: act.priority ?? null };
      out.set(uid, s);
      this.cache.set(uid, s);
      wanted.delete(uid);
    };

    await this.bulk(wanted, found, source, signal);
    const lookups = [...wanted.keys()].slice(0, this.maxSeriesLookups);
    await Promise.all(
      lookups.map(async (uid) => {
        this.lastRequests++;
        const page = await source.activities({ seriesUid: uid, pageSize: 50 }, signal);
        const triggered = page.items.filter((a) => a.seriesUid === uid && a.status !== "RESET").sort((a, b) => b.id - a.id);
        if (triggered[0]) found(uid, triggered[0]);
      }),
    );
    for (const uid of wanted.keys()) out.set(uid, { severity: null, priority: null });
    // Only open alerts are remembered, so the cache stays as small as the alert list.
    const open = new Set(alerts.map((a) => a.uid));
    for (const uid of this.cache.keys()) if (!open.has(uid)) this.cache.delete(uid);
    return out;
  }

  private async bulk(
    wanted: Map<string, NinjaAlert>,
    found: (uid: string, act: NinjaActivity) => void,
    source: ActivitySource,
    signal?: AbortSignal,
  ): Promise<void> {
    if (wanted.size === 0) return;
    const oldest = minOf([...wanted.values()].map((a) => a.createTime)) - TIME_SLACK_SECONDS;
    let olderThan: number | undefined;
    for (let page = 0; page < this.maxBulkPages && wanted.size > 0; page++) {
      this.lastRequests++;
      const res = await source.activities({ status: "TRIGGERED", pageSize: this.bulkPageSize, olderThan }, signal);
      for (const act of res.items) if (act.seriesUid) found(act.seriesUid, act);
      const total = res.items.length + res.quarantine.length;
      if (total < this.bulkPageSize || res.items.length === 0) return;
      const minId = minOf(res.items.map((a) => a.id));
      const minTime = minOf(res.items.map((a) => a.activityTime));
      if (minTime < oldest) return;
      olderThan = minId;
    }
  }
}

/** Smallest value; a loop, since spreading thousands of arguments into Math.min can overflow the stack. */
function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}
