/**
 * The rate-limit pause of one API. After a 429 every attempt of that API waits, queued or just
 * dequeued, since the limit is the API's and not a caller's. Concurrent 429s each report, but a
 * pause only ever grows: a shorter Retry-After arriving later must not release calls the longer
 * one holds.
 * @module
 */
import type PQueue from "p-queue";
import type { Clock } from "@oberaconnect/common/clock";
import type { ApiName } from "./api-name";
import { RateLimitDeferredError, type RateLimitedError } from "./errors";
import type { GateCall, GateEvent, GateLogger } from "./gate-types";
import { describeRateLimit } from "./rate-limit-reason";

export interface RateLimitPauseOptions {
  api: ApiName;
  clock: Clock;
  /** The longest wait a call accepts; past it, the call is deferred (it gives up unsent). */
  ceilingMs: () => number;
  logger?: GateLogger | undefined;
  emit: (event: GateEvent) => void;
  /** The gate's queues now (a reload may have added one): each is paused and started with the pause. */
  queues: () => PQueue[];
}

export class RateLimitPause {
  private end: number | null = null;
  private why: string | null = null;
  /** Bumped by every pause that grows, so only the latest pause's wake-up resumes the queues. */
  private generation = 0;

  constructor(private readonly o: RateLimitPauseOptions) {}

  /** Epoch ms until which every call to the API waits, or null. */
  get until(): number | null {
    return this.end !== null && this.end > this.o.clock.now() ? this.end : null;
  }

  /** What the API said of the pause in force (a Notion code, a reason), or null. */
  get reason(): string | null {
    return this.until === null ? null : this.why;
  }

  /** A 429 asked for `ms`: the pause grows to cover it (never shrinks), said once per growth of 1 s+. */
  extend(ms: number, operation: string, err: RateLimitedError): void {
    const { api, clock } = this.o;
    const now = clock.now();
    const until = now + ms;
    const before = this.end !== null && this.end > now ? this.end : now;
    const added = Math.max(0, until - before);
    if (this.end === null || until > this.end) {
      this.end = until;
      this.why = err.reason ?? null;
      for (const q of this.o.queues()) q.pause();
      const generation = ++this.generation;
      void clock.sleep(ms).then(() => {
        if (generation !== this.generation) return; // a longer pause took over
        this.end = null;
        this.why = null;
        for (const q of this.o.queues()) q.start();
      });
      // One line per pause that grows by a second or more, not one per refused request.
      if (added >= 1000) {
        this.o.logger?.warn(
          { api, reason: err.reason ?? null, wait_s: Math.round(ms / 1000), until: new Date(until).toISOString(), status: err.status },
          `${api} ${describeRateLimit(err.reason)}: every ${api} request of this process waits ${Math.round(ms / 1000)} s, until ${new Date(until).toISOString().slice(11, 19)} UTC`,
        );
      }
    }
    this.o.emit({ type: "rate_limited", api, operation, retryAfterMs: err.retryAfterMs, pausedUntil: this.end, addedPauseMs: added, ...(err.reason ? { reason: err.reason } : {}) });
  }

  /** A pause in force beyond the ceiling: give up now, before sending anything. */
  deferIfTooLong(call: GateCall): void {
    const until = this.until;
    if (until !== null && until - this.o.clock.now() > this.o.ceilingMs()) throw this.deferred(call, this.why ?? undefined);
  }

  /** The call gives up unsent: the wait is longer than it accepts. Counted, and said with when to come back. */
  deferred(call: GateCall, reason: string | undefined): RateLimitDeferredError {
    const { api, clock } = this.o;
    const untilMs = this.until ?? clock.now();
    this.o.emit({ type: "deferred", api, operation: call.operation, untilMs, ...(reason ? { reason } : {}) });
    return new RateLimitDeferredError({ api, operation: call.operation, untilMs, ceilingMs: this.o.ceilingMs(), ...(reason ? { reason } : {}) });
  }
}
