/**
 * One gate per upstream API: every request to that API goes through it. It spreads attempts at
 * the configured rate, pauses the whole API on a 429, aborts attempts that take too long, retries
 * what is safe to retry and opens a circuit breaker when the API is down.
 * @module
 */
import { SpanKind, SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
import PQueue from "p-queue";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import type { ApiName } from "./api-name";
import { GateBreaker, isBreakerRejection } from "./breaker";
import { ApiError, CircuitOpenError, NetworkError, OutcomeUnknownError, RateLimitDeferredError, RateLimitedError, TimeoutError } from "./errors";
import { describeRateLimit } from "./rate-limit-reason";
import type { ApiGateOptions, BreakerStatus, GateCall, GateEvent, GateStatus, RetryOptions } from "./gate-types";
import { clip } from "./redact";
import { backoffDelay } from "./retry-timing";
import { isTransportFailure, raceAbort, toNetworkError } from "./transport";

export type * from "./gate-types";

/** What a call's span reports once it ends. */
interface CallStats {
  attempts: number;
  firstStart: number | null;
  lastStatus: number | undefined;
  rateLimitWaitMs: number;
}

/** The HTTP status of a successful attempt's value, when it is a Response or carries one. */
function okStatus(value: unknown): number | undefined {
  if (value instanceof Response) return value.status;
  const s = (value as { status?: unknown } | null)?.status;
  return typeof s === "number" && s >= 100 && s < 600 ? s : undefined;
}

/**
 * The gate of one API; create one per API and share it between everything that calls that API,
 * since the rate limit, the 429 pause and the breaker are properties of the API, not of a caller.
 *
 * Retries are a hand-written loop rather than cockatiel's `retry`: that policy cannot stop on a
 * total time budget, cannot cut its backoff sleep short on the caller's signal, and the decision
 * per failure depends on the call (idempotent or not) and on the error (sent or not), which reads
 * better in one place. The breaker is cockatiel's (see breaker.ts).
 */
export class ApiGate {
  readonly api: ApiName;
  private queue: PQueue;
  /** Queues replaced by a reload, kept until their attempts are done (a 429 pause holds them too). */
  private retired: PQueue[] = [];
  private breaker: GateBreaker;
  private retry: RetryOptions;
  private readonly random: () => number;
  private pauseEnd: number | null = null;
  private pauseReason: string | null = null;
  /** Bumped by every pause that grows, so only the latest pause's wake-up resumes the queues. */
  private pauseGeneration = 0;
  /** Pauses, backoffs and the retry budget run on this clock (tests move it by hand). */
  private readonly clock: Clock;
  /** With a window budget: calls that may skip the steady pace (priority > 0). */
  private burst: PQueue | null;
  /** With a window budget: a sliding-window limiter every attempt takes a slot from. */
  private budget: PQueue | null;

  constructor(private opts: ApiGateOptions) {
    ApiGate.check(opts);
    this.api = opts.api;
    this.retry = opts.retry;
    this.random = opts.random ?? Math.random;
    this.clock = opts.clock ?? systemClock;
    this.queue = ApiGate.queueFor(opts);
    [this.burst, this.budget] = ApiGate.budgetQueues(opts);
    this.breaker = this.breakerFor(opts);
  }

  /**
   * The window budget as p-queue's sliding window (`strict`: never more than N starts in any
   * rolling window, so whatever fixed windows the server counts in, none sees more than N).
   */
  private static budgetQueues(opts: ApiGateOptions): [PQueue | null, PQueue | null] {
    const b = opts.windowBudget;
    if (!b) return [null, null];
    return [new PQueue({ concurrency: opts.concurrency }), new PQueue({ intervalCap: b.requests, interval: b.windowMs, strict: true })];
  }

  private get ceilingMs(): number {
    return this.opts.maxRateLimitWaitMs ?? 15 * 60_000;
  }

  private static check(opts: ApiGateOptions): void {
    if (!(opts.ratePerSecond > 0)) throw new RangeError("ratePerSecond must be > 0");
    if (!(opts.concurrency >= 1)) throw new RangeError("concurrency must be >= 1");
    if (!(opts.timeoutMs > 0)) throw new RangeError("timeoutMs must be > 0");
    if (!(opts.retry.maxAttempts >= 1)) throw new RangeError("retry.maxAttempts must be >= 1");
    if (opts.windowBudget && !(opts.windowBudget.requests >= 1 && opts.windowBudget.windowMs > 0)) throw new RangeError("windowBudget needs requests >= 1 and windowMs > 0");
  }

  /**
   * Evenly spaced starts on a sliding window (`strict`): a fixed-window "N per second" limiter
   * can send 2N inside one second across a window edge, which Notion answers with 429s. Evenly
   * spaced starts keep every sliding second at the rate (+ the fence post), and the concurrency
   * lets several requests overlap so latency does not eat into the rate. See `pacing` for the step.
   */
  private static queueFor(opts: ApiGateOptions): PQueue {
    return new PQueue({ concurrency: opts.concurrency, ...pacing(opts.ratePerSecond), strict: true });
  }

  private breakerFor(opts: ApiGateOptions): GateBreaker {
    return new GateBreaker({
      api: opts.api,
      failureThreshold: opts.breaker?.failureThreshold ?? 5,
      resetTimeoutMs: opts.breaker?.resetTimeoutMs ?? 60_000,
      emit: (e) => this.emit(e),
    });
  }

  /**
   * New settings from a reloaded config, on the same gate (one gate per API, always). Attempts
   * from now on use a queue at the new rate; those already queued finish on the old one, so for
   * a moment both run, each at its own rate. A 429 pause in force carries over. The breaker is
   * rebuilt (closed) only when its settings changed.
   */
  reconfigure(next: Omit<ApiGateOptions, "api" | "logger" | "onEvent" | "tracer" | "random">): void {
    const opts = { ...this.opts, ...next };
    ApiGate.check(opts);
    const rateChanged = opts.ratePerSecond !== this.opts.ratePerSecond || opts.concurrency !== this.opts.concurrency;
    const budgetChanged = JSON.stringify(opts.windowBudget ?? null) !== JSON.stringify(this.opts.windowBudget ?? null);
    const b = (o: ApiGateOptions) => JSON.stringify([o.breaker?.failureThreshold, o.breaker?.resetTimeoutMs]);
    const breakerChanged = b(opts) !== b(this.opts);
    this.opts = opts;
    this.retry = opts.retry;
    if (rateChanged) {
      this.retired.push(this.queue);
      this.queue = ApiGate.queueFor(opts);
      if (this.pausedUntil !== null) this.queue.pause();
    }
    if (breakerChanged) this.breaker = this.breakerFor(opts);
    if (budgetChanged) {
      if (this.burst) this.retired.push(this.burst);
      [this.burst, this.budget] = ApiGate.budgetQueues(opts);
      if (this.pausedUntil !== null) this.burst?.pause();
    }
  }

  private stopping = new AbortController();

  /**
   * Aborts every call queued, waiting (backoff, rate-limit pause) or in flight, with `reason`: a
   * shutdown must not wait out retries against a slow API. Calls made afterwards run as usual.
   * A write aborted on the wire has an unknown outcome; the ledger's intents settle it.
   */
  abortInFlight(reason: string): void {
    const c = this.stopping;
    this.stopping = new AbortController();
    c.abort(new Error(reason));
  }

  /**
   * Runs one logical call: `attempt` is invoked once per attempt with a signal it must pass to
   * `fetch` (it fires on the attempt timeout or the caller's abort). Rejects with an ApiError;
   * with the caller's abort reason when the caller aborts a call that cannot have had an effect.
   */
  async execute<T>(given: GateCall, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    // Every call also ends with the process: a shutdown aborts reads wherever they are, and a
    // write's backoff between two attempts (it may have landed already: the ledger keeps it in
    // doubt). A write not yet sent, or on the wire, is let go on: its intent is in the ledger,
    // and cut off there its outcome would be unknown, a wait for the next run.
    const stopping = this.stopping.signal;
    const withStop = given.signal ? AbortSignal.any([given.signal, stopping]) : stopping;
    const mutates = given.method !== undefined && given.method !== "GET" && !/\/(query|search)$/.test(given.route ?? "");
    const call: GateCall & { backoffSignal: AbortSignal } = mutates ? { ...given, backoffSignal: withStop } : { ...given, signal: withStop, backoffSignal: withStop };
    if (call.signal?.aborted) throw call.signal.reason;
    const tracer = this.opts.tracer;
    if (!tracer) return this.executeTraced(call, attempt, null);
    const name = `${this.api} ${call.operation}`;
    return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes: this.spanAttributes(call) }, (span) => this.executeTraced(call, attempt, span));
  }

  private spanAttributes(call: GateCall): Attributes {
    return {
      "oberaconnect.api": this.api,
      "oberaconnect.operation": call.operation,
      ...(call.method ? { "http.request.method": call.method } : {}),
      ...(call.route ? { "url.template": call.route } : {}),
      "oberaconnect.breaker_state": this.breaker.status().state,
    };
  }

  private async executeTraced<T>(call: GateCall, attempt: (signal: AbortSignal) => Promise<T>, span: Span | null): Promise<T> {
    const started = Date.now();
    const stats: CallStats = { attempts: 0, firstStart: null, lastStatus: undefined, rateLimitWaitMs: 0 };
    const counted = async (signal: AbortSignal) => {
      stats.attempts++;
      stats.firstStart ??= Date.now();
      try {
        const value = await attempt(signal);
        stats.lastStatus = okStatus(value);
        return value;
      } catch (err) {
        stats.lastStatus = err instanceof ApiError ? err.status : undefined;
        throw err;
      }
    };
    const finish = (ok: boolean, err?: unknown) => {
      if (!span) return;
      span.setAttributes({
        "oberaconnect.attempts": stats.attempts,
        "oberaconnect.queue_wait_ms": (stats.firstStart ?? Date.now()) - started,
        "oberaconnect.rate_limit_wait_ms": stats.rateLimitWaitMs,
        ...(stats.lastStatus !== undefined ? { "http.response.status_code": stats.lastStatus } : {}),
      });
      if (!ok) {
        const e = err instanceof Error ? err : new Error(String(err));
        span.setAttribute("error.type", e.name);
        span.setStatus({ code: SpanStatusCode.ERROR, message: clip(e.message, 300) });
      }
      span.end();
    };
    try {
      const value = await this.breaker.run(() => this.runWithRetries(call, counted, stats));
      this.emit({ type: "call", api: this.api, operation: call.operation, ok: true, attempts: stats.attempts, durationMs: Date.now() - started });
      finish(true);
      return value;
    } catch (raw) {
      let err = raw;
      if (isBreakerRejection(raw)) {
        const st = this.breaker.status();
        err = new CircuitOpenError({
          api: this.api,
          operation: call.operation,
          retryInMs: st.halfOpenInMs ?? 0,
          consecutiveFailures: st.consecutiveFailures,
        });
      }
      // The caller's own abort says nothing about the API.
      if (!call.signal?.aborted) {
        const name = err instanceof Error ? err.name : "Error";
        const status = err instanceof ApiError ? err.status : undefined;
        this.emit({ type: "call", api: this.api, operation: call.operation, ok: false, attempts: stats.attempts, durationMs: Date.now() - started, error: name, ...(status !== undefined ? { status } : {}) });
      }
      finish(false, err);
      throw err;
    }
  }

  /** Epoch ms until which every call to this API waits after a 429, or null. */
  get pausedUntil(): number | null {
    return this.pauseEnd !== null && this.pauseEnd > this.clock.now() ? this.pauseEnd : null;
  }

  breakerStatus(): BreakerStatus {
    return this.breaker.status();
  }

  /** Closes the breaker by hand (admin API), e.g. once the API's status page says it is fixed. */
  resetBreaker(): void {
    this.breaker.reset();
  }

  status(): GateStatus {
    return {
      api: this.api,
      queued: this.queue.size,
      inFlight: this.queue.pending,
      pausedUntil: this.pausedUntil,
      pauseReason: this.pausedUntil === null ? null : this.pauseReason,
      ratePerSecond: this.opts.ratePerSecond,
      windowBudget: this.opts.windowBudget ?? null,
      concurrency: this.opts.concurrency,
      breaker: this.breaker.status(),
    };
  }

  private async runWithRetries<T>(call: GateCall, attempt: (signal: AbortSignal) => Promise<T>, stats: CallStats): Promise<T> {
    // The budget starts with the first attempt: waiting for a first slot behind a long batch is
    // the rate limit working, not this call failing. Rate-limit waits never count against it,
    // nor against the attempts: being told to wait is not the call failing.
    let firstStart: number | undefined;
    let rateLimitedMs = 0;
    this.deferIfPausedTooLong(call);
    for (let n = 1; ; n++) {
      let started = false;
      let err: ApiError;
      try {
        return await this.slotQueue(call).add(
          async () => {
            await this.whenAllowed(call);
            started = true;
            firstStart ??= this.clock.now();
            return this.runAttempt(call, attempt, n);
          },
          { signal: call.signal, priority: call.priority ?? 0 },
        );
      } catch (raw) {
        // The caller's own abort is not a failure of the API and is never retried. p-queue
        // rejects with its reason both while queued and while running.
        if (call.signal?.aborted) {
          if (started && !call.idempotent) {
            throw new OutcomeUnknownError({ api: this.api, operation: call.operation, reason: "cancelled after sending" });
          }
          throw call.signal.reason;
        }
        if (!(raw instanceof ApiError)) throw raw;
        err = raw;
      }
      err.attempts = n;

      if (err instanceof RateLimitedError) {
        // Refused before anything happened: safe to re-send even a create. The paused queue is
        // the wait, so the retry is queued at once and starts when the API resumes. A
        // "Retry-After: 0" waits a second: it must not become a tight loop.
        const wait = err.retryAfterMs === 0 ? 1000 : (err.retryAfterMs ?? backoffDelay(n, this.retry, this.random));
        stats.rateLimitWaitMs += wait;
        rateLimitedMs += wait;
        this.pauseFor(wait, call.operation, err);
        if (rateLimitedMs > this.ceilingMs) throw this.deferred(call, err.reason);
        this.noteRetry(call, n, wait, err);
        n--; // not an attempt used up
        continue;
      }
      const now = this.clock.now();
      const left = this.retry.maxTotalMs - (now - (firstStart ?? now) - rateLimitedMs);
      const lastTry = n >= Math.min(call.maxAttempts ?? this.retry.maxAttempts, this.retry.maxAttempts);
      if (!err.retryable) throw err;
      if (!call.idempotent && !(err instanceof NetworkError && err.beforeSend)) {
        const unknown = new OutcomeUnknownError({ api: this.api, operation: call.operation, cause: err });
        unknown.attempts = n;
        throw unknown;
      }
      const wait = backoffDelay(n, this.retry, this.random);
      if (lastTry || wait > left) throw err;
      this.noteRetry(call, n, wait, err);
      // A write's backoff cut short by a shutdown ends with its last failure (what the ledger records).
      await this.clock.sleep(wait, (call as { backoffSignal?: AbortSignal }).backoffSignal ?? call.signal).catch((stopped: unknown) => {
        throw call.signal?.aborted ? stopped : err;
      });
    }
  }

  /** The steady-paced queue, or with a window budget the burst queue for calls that matter. */
  private slotQueue(call: GateCall): PQueue {
    return this.burst && (call.priority ?? 0) > 0 ? this.burst : this.queue;
  }

  /**
   * Right before an attempt starts: no request leaves while a rate-limit pause is in force (an
   * attempt dequeued just before a 429 arrived waits here too), and with a window budget each
   * takes a slot of the sliding window.
   */
  private async whenAllowed(call: GateCall): Promise<void> {
    for (;;) {
      this.deferIfPausedTooLong(call);
      const paused = this.pausedUntil;
      if (paused !== null) await this.clock.sleep(paused - this.clock.now(), call.signal);
      if (this.budget) await this.budget.add(() => undefined, { signal: call.signal, priority: call.priority ?? 0 });
      if (this.pausedUntil === null) return;
    }
  }

  /** A pause in force beyond the ceiling: give up now, before sending anything. */
  private deferIfPausedTooLong(call: GateCall): void {
    const until = this.pausedUntil;
    if (until !== null && until - this.clock.now() > this.ceilingMs) throw this.deferred(call, this.pauseReason ?? undefined);
  }

  private deferred(call: GateCall, reason: string | undefined): RateLimitDeferredError {
    const untilMs = this.pausedUntil ?? this.clock.now();
    this.emit({ type: "deferred", api: this.api, operation: call.operation, untilMs, ...(reason ? { reason } : {}) });
    return new RateLimitDeferredError({ api: this.api, operation: call.operation, untilMs, ceilingMs: this.ceilingMs, ...(reason ? { reason } : {}) });
  }

  /** One attempt with its own timeout; failures leave as ApiErrors, except caller aborts and bugs. */
  private async runAttempt<T>(call: GateCall, attempt: (s: AbortSignal) => Promise<T>, n: number): Promise<T> {
    const timeoutMs = Math.min(call.timeoutMs ?? this.opts.timeoutMs, this.opts.timeoutMs);
    const timeout = AbortSignal.timeout(timeoutMs);
    const started = Date.now();
    const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
    this.opts.logger?.debug({ api: this.api, operation: call.operation, attempt: n }, "request attempt");
    const ended = (status?: number, error?: string) =>
      this.emit({ type: "attempt", api: this.api, operation: call.operation, attempt: n, durationMs: Date.now() - started, ...(status !== undefined ? { status } : {}), ...(error ? { error } : {}) });
    try {
      const value = await raceAbort(attempt(signal), signal);
      ended(okStatus(value));
      return value;
    } catch (raw) {
      if (call.signal?.aborted) throw call.signal.reason;
      if (timeout.aborted) {
        ended(undefined, "TimeoutError");
        this.emit({ type: "timeout", api: this.api, operation: call.operation, attempt: n, timeoutMs });
        throw new TimeoutError({ api: this.api, operation: call.operation, timeoutMs });
      }
      if (raw instanceof ApiError) {
        ended(raw.status, raw.name);
        throw raw;
      }
      if (isTransportFailure(raw)) {
        const err = toNetworkError(raw, this.api, call.operation);
        ended(undefined, err.name);
        throw err;
      }
      throw raw;
    }
  }

  /**
   * Holds every queued attempt of this API. Concurrent 429s each report, but a pause only ever
   * grows: a shorter Retry-After arriving later must not release calls the longer one holds.
   */
  /** The current queue and any a reload replaced that still hold attempts. */
  private liveQueues(): PQueue[] {
    this.retired = this.retired.filter((q) => q.size + q.pending > 0);
    return [this.queue, ...(this.burst ? [this.burst] : []), ...this.retired];
  }

  private pauseFor(ms: number, operation: string, err: RateLimitedError): void {
    const now = this.clock.now();
    const until = now + ms;
    const before = this.pauseEnd !== null && this.pauseEnd > now ? this.pauseEnd : now;
    const added = Math.max(0, until - before);
    if (this.pauseEnd === null || until > this.pauseEnd) {
      this.pauseEnd = until;
      this.pauseReason = err.reason ?? null;
      for (const q of this.liveQueues()) q.pause();
      const generation = ++this.pauseGeneration;
      void this.clock.sleep(ms).then(() => {
        if (generation !== this.pauseGeneration) return; // a longer pause took over
        this.pauseEnd = null;
        this.pauseReason = null;
        for (const q of this.liveQueues()) q.start();
      });
      // One line per pause that grows by a second or more, not one per refused request.
      if (added >= 1000) {
        this.opts.logger?.warn(
          { api: this.api, reason: err.reason ?? null, wait_s: Math.round(ms / 1000), until: new Date(until).toISOString(), status: err.status },
          `${this.api} ${describeRateLimit(err.reason)}: every ${this.api} request of this process waits ${Math.round(ms / 1000)} s, until ${new Date(until).toISOString().slice(11, 19)} UTC`,
        );
      }
    }
    this.emit({ type: "rate_limited", api: this.api, operation, retryAfterMs: err.retryAfterMs, pausedUntil: this.pauseEnd, addedPauseMs: added, ...(err.reason ? { reason: err.reason } : {}) });
  }

  private noteRetry(call: GateCall, attempt: number, delayMs: number, err: ApiError): void {
    const fields = { api: this.api, operation: call.operation, attempt, delayMs, error: err.name, status: err.status };
    this.opts.logger?.warn({ ...fields, code: err.code }, `${this.api} ${call.operation}: retrying after ${err.name}`);
    this.emit({ type: "retry", ...fields });
  }

  private emit(event: GateEvent): void {
    if (event.type.startsWith("breaker_")) this.opts.logger?.info({ ...event }, `${this.api} circuit breaker: ${event.type}`);
    try {
      this.opts.onEvent?.(event);
    } catch (err) {
      // A metrics hook must never break a request.
      this.opts.logger?.warn({ api: this.api, error: (err as Error).name }, "gate event handler threw");
    }
  }
}

/** Most starts one step of the pacing may group (well under any burst Notion lets through). */
const MAX_STEP = 3;

/**
 * p-queue's interval is whole milliseconds, never shorter than the rate allows. One start per
 * ceil(1000 / rate) ms loses what the rounding cuts: 34 ms for 30/s is 29.4/s, 2% of Notion's
 * write budget. Grouping n starts per ceil(n·1000 / rate) ms loses less (3 per 100 ms is 30/s
 * exactly); the smallest n (≤ MAX_STEP) that loses under 0.3% is taken, else the best of them.
 * At Notion's 3/s, one start per 334 ms (0.2%).
 */
export function pacing(ratePerSecond: number): { intervalCap: number; interval: number } {
  let best = { intervalCap: 1, interval: Math.ceil(1000 / ratePerSecond), loss: Infinity };
  for (let n = 1; n <= MAX_STEP; n++) {
    const exact = (n * 1000) / ratePerSecond;
    const interval = Math.max(1, Math.ceil(exact));
    const loss = interval / exact - 1;
    if (loss < best.loss) best = { intervalCap: n, interval, loss };
    if (loss < 0.003) break;
  }
  return { intervalCap: best.intervalCap, interval: best.interval };
}
