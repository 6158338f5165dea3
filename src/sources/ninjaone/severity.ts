/**
 * Severity and priority of NinjaOne alerts. The v2 spec's Alert has neither; they live on the
 * activity that triggered the alert, joined by `seriesUid = alert.uid` (NSPEC Activity). Asking
 * `/v2/activities?seriesUid=` once per alert would cost one request per open alert on every run
 * (thousands at 5 requests/s), so the cost is bounded in three steps:
 *
 * 1. a memory (./severity-memory.ts; the ledger when the reader is given one, so every CLI `sync`
 *    process knows what the previous one learnt): a series' TRIGGERED activity never changes, so
 *    an alert it has answered is not asked about again while it stays open. That includes a
 *    TRIGGERED activity carrying neither severity nor priority, as a real CONDITION activity pushed
 *    by NinjaOne's webhook does: the answer is then "none" (null), not "ask again next run";
 * 2. a bulk read of activities, newest first, 1,000 per request, stopping as soon as every alert
 *    never asked about is found or the activities get older than the oldest of them (at most
 *    `maxBulkPages` requests);
 * 3. a per-series lookup for alerts still unanswered, at most `maxSeriesLookups` per run, never
 *    asked first, then the least recently asked; each lookup stamps its alert, so later runs get
 *    to the others and every alert is eventually resolved.
 *
 * TRIGGERED and RESET are values of `statusCode`; `status` is a free description (real payload:
 * `"statusCode":"TRIGGERED","status":"Triggered"`). The spec lists a `status` query filter without
 * saying which field it matches, so it is never sent: activities are read unfiltered and only
 * those whose statusCode is TRIGGERED (in any case) count. The `type` filter is not sent either,
 * for the same reason (which activityType an AGENT_OFFLINE alert's activity has is not documented).
 *
 * An alert still unresolved gets null (shown empty) rather than a guess from its sourceType: the
 * same AGENT_OFFLINE condition is CRITICAL on a server and MODERATE on a workstation.
 * @module
 */
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import type { Parsed } from "../quarantine";
import type { NinjaActivity, NinjaAlert } from "@oberaconnect/common/wire/ninjaone";
import {
  InMemorySeverityMemory,
  pickSeriesLookups,
  type AlertSeverity,
  type SeverityAnswer,
  type SeverityMemory,
} from "./severity-memory";

export type { AlertSeverity, SeverityMemory } from "./severity-memory";

/** The activity reads the resolver needs (the NinjaOne connector implements them). */
export interface ActivitySource {
  activities(query: { seriesUid?: string; olderThan?: number; pageSize: number }, signal?: AbortSignal): Promise<Parsed<NinjaActivity>>;
}

export interface SeverityOptions {
  /** Activities per bulk request (the API serves up to 1,000). */
  bulkPageSize?: number;
  maxBulkPages?: number;
  maxSeriesLookups?: number;
  /** Where answers are remembered; default: this process only. */
  memory?: SeverityMemory;
  /** Stamps the lookups (`askedAt`). */
  clock?: Clock;
}

/** Activities a little older than the alert still count: the two timestamps come from different writes. */
const TIME_SLACK_SECONDS = 3600;
/** Activities per series lookup: a series is one TRIGGERED and at most a RESET, so this is plenty. */
const SERIES_PAGE_SIZE = 50;

/** Whether the activity is the one that triggered its alert (statusCode, never the free `status`). */
export const isTriggered = (a: Pick<NinjaActivity, "statusCode">): boolean => a.statusCode?.toUpperCase() === "TRIGGERED";

/** Resolves severities through a memory; keep one per process (the ledger memory also spans processes). */
export class SeverityResolver {
  private readonly memory: SeverityMemory;
  private readonly clock: Clock;
  private readonly bulkPageSize: number;
  private readonly maxBulkPages: number;
  private readonly maxSeriesLookups: number;
  /** Requests sent by the last `resolve` (for logs and tests). */
  lastRequests = 0;
  /** Of those, the per-series lookups. */
  lastSeriesLookups = 0;

  constructor(opts: SeverityOptions = {}) {
    this.memory = opts.memory ?? new InMemorySeverityMemory();
    this.clock = opts.clock ?? systemClock;
    this.bulkPageSize = opts.bulkPageSize ?? 1000;
    this.maxBulkPages = opts.maxBulkPages ?? 5;
    this.maxSeriesLookups = opts.maxSeriesLookups ?? 25;
  }

  /** Severity per alert uid, for every alert given (null where unresolved). Rejects when a read fails. */
  async resolve(alerts: readonly NinjaAlert[], source: ActivitySource, signal?: AbortSignal): Promise<Map<string, AlertSeverity>> {
    this.lastRequests = 0;
    this.lastSeriesLookups = 0;
    const askedAt = new Date(this.clock.now()).toISOString();
    const remembered = this.memory.all();
    const out = new Map<string, AlertSeverity>();
    const unanswered = new Map<string, NinjaAlert>();
    for (const a of alerts) {
      const r = remembered.get(a.uid);
      // A server that does send them (third-party clients assume it) is taken at its word.
      if (a.severity !== undefined || a.priority !== undefined) out.set(a.uid, { severity: a.severity ?? null, priority: a.priority ?? null });
      else if (r?.answered) out.set(a.uid, { severity: r.severity, priority: r.priority });
      else unanswered.set(a.uid, a);
    }
    // Only open alerts are remembered, so the memory stays as small as the alert list.
    const open = new Set(alerts.map((a) => a.uid));
    const closed = [...remembered.keys()].filter((uid) => !open.has(uid));
    if (closed.length) this.memory.forget(closed);

    // An alert asked by series before found no TRIGGERED activity in its own series, so scanning
    // every activity would not find one either: the bulk read is for alerts never asked about.
    const neverAsked = new Map([...unanswered].filter(([uid]) => !remembered.has(uid)));
    const answers: SeverityAnswer[] = [];
    const unfound: string[] = [];
    const found = (uid: string, act: NinjaActivity) => {
      if (!unanswered.has(uid)) return;
      const s = { severity: act.severity ?? null, priority: act.priority ?? null };
      out.set(uid, s);
      answers.push({ uid, ...s });
      unanswered.delete(uid);
      neverAsked.delete(uid);
    };
    try {
      await this.bulk(neverAsked, found, source, signal);
      const lookups = pickSeriesLookups([...unanswered.keys()], remembered, this.maxSeriesLookups);
      // allSettled: a failing lookup must not drop what the others found (it is kept in `finally`).
      const settled = await Promise.allSettled(
        lookups.map(async (uid) => {
          this.lastRequests++;
          this.lastSeriesLookups++;
          const page = await source.activities({ seriesUid: uid, pageSize: SERIES_PAGE_SIZE }, signal);
          const act = newestTriggered(page.items, uid);
          if (act) found(uid, act);
          else unfound.push(uid);
        }),
      );
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    } finally {
      if (answers.length) this.memory.put(answers, askedAt);
      if (unfound.length) this.memory.touch(unfound, askedAt);
    }
    for (const uid of unanswered.keys()) out.set(uid, { severity: null, priority: null });
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
      const res = await source.activities({ pageSize: this.bulkPageSize, olderThan }, signal);
      // Newest first within the page too, so a series' latest TRIGGERED is the one taken.
      const newestFirst = [...res.items].sort((a, b) => b.id - a.id);
      for (const act of newestFirst) if (act.seriesUid && isTriggered(act)) found(act.seriesUid, act);
      const total = res.items.length + res.quarantine.length;
      if (total < this.bulkPageSize || res.items.length === 0) return;
      const minId = minOf(res.items.map((a) => a.id));
      // The spec describes olderThan as "newer than specified activity ID" (probably swapped
      // text): a page that does not go further back ends the scan instead of repeating it.
      if (olderThan !== undefined && minId >= olderThan) return;
      if (minOf(res.items.map((a) => a.activityTime)) < oldest) return;
      olderThan = minId;
    }
  }
}

/** The series' newest TRIGGERED activity; RESET and anything else is ignored. */
function newestTriggered(items: readonly NinjaActivity[], uid: string): NinjaActivity | undefined {
  let best: NinjaActivity | undefined;
  for (const a of items) if (a.seriesUid === uid && isTriggered(a) && (!best || a.id > best.id)) best = a;
  return best;
}

/** Smallest value; a loop, since spreading thousands of arguments into Math.min can overflow the stack. */
function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}
