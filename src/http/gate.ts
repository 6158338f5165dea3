/**
 * One gate per upstream API: every request to that API goes through it. It spreads attempts at
 * the configured rate, pauses the whole API on a 429, aborts attempts that take too long, retries
 * what is safe to retry and opens a circuit breaker when the API is down.
 * @module
 */
import { SpanKind, type Span } from "@opentelemetry/api";
import PQueue from "p-queue";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import type { ApiName } from "./api-name";
import { GateBreaker, isBreakerRejection } from "./breaker";
import { okStatus, runAttempt } from "./attempt";
import { callSpanAttributes, endCallSpan, type CallStats } from "./call-span";
import { ApiError, CircuitOpenError, NetworkError, OutcomeUnknownError, RateLimitedError } from "./errors";
import { pacing } from "./pacing";
import { RateLimitPause } from "./rate-limit-pause";
import type { ApiGateOptions, BreakerStatus, GateCall, GateEvent, GateStatus, RetryOptions } from "./gate-types";
import { backoffDelay } from "./retry-timing";

export type * from "./gate-types";

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
  private readonly pause: RateLimitPause;
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
    this.pause = new RateLimitPause({ api: opts.api, clock: this.clock, ceilingMs: () => this.ceilingMs, logger: opts.logger, emit: (e) => this.emit(e), queues: () => this.liveQueues() });
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
    return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT, attributes: callSpanAttributes(this.api, call, this.breaker.status().state) }, (span) => this.executeTraced(call, attempt, span));
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
    try {
      const value = await this.breaker.run(() => this.runWithRetries(call, counted, stats));
      this.emit({ type: "call", api: this.api, operation: call.operation, ok: true, attempts: stats.attempts, durationMs: Date.now() - started });
      endCallSpan(span, started, stats);
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
      endCallSpan(span, started, stats, { err });
      throw err;
    }
  }

  /** Epoch ms until which every call to this API waits after a 429, or null. */
  get pausedUntil(): number | null {
    return this.pause.until;
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
      pauseReason: this.pause.reason,
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
    this.pause.deferIfTooLong(call);
    for (let n = 1; ; n++) {
      let started = false;
      let err: ApiError;
      try {
        return await this.slotQueue(call).add(
          async () => {
            await this.whenAllowed(call);
            started = true;
            firstStart ??= this.clock.now();
            return runAttempt({ api: this.api, timeoutMs: this.opts.timeoutMs, logger: this.opts.logger, emit: (e) => this.emit(e) }, call, attempt, n);
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
        this.pause.extend(wait, call.operation, err);
        if (rateLimitedMs > this.ceilingMs) throw this.pause.deferred(call, err.reason);
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
      this.pause.deferIfTooLong(call);
      const paused = this.pausedUntil;
      if (paused !== null) await this.clock.sleep(paused - this.clock.now(), call.signal);
      if (this.budget) await this.budget.add(() => undefined, { signal: call.signal, priority: call.priority ?? 0 });
      if (this.pausedUntil === null) return;
    }
  }

  /** The current queue and any a reload replaced that still hold attempts. */
  private liveQueues(): PQueue[] {
    this.retired = this.retired.filter((q) => q.size + q.pending > 0);
    return [this.queue, ...(this.burst ? [this.burst] : []), ...this.retired];
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

