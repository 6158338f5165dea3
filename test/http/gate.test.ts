import { afterEach, beforeEach, describe, expect, jest, test } from "bun:test";
import { ApiGate } from "../../src/http/gate";
import { pacing } from "../../src/http/pacing";
import type { ApiGateOptions, GateEvent } from "../../src/http/gate-types";
import {
  ConflictError,
  ForbiddenError,
  MalformedResponseError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  RateLimitDeferredError,
  RateLimitedError,
  TimeoutError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
  type ApiError,
} from "../../src/http/errors";
import { advance, deferred, flush } from "./helpers/fake-time";

const op = { api: "notion" as const, operation: "pages.update" };
const upstream = () => new UpstreamError({ ...op, status: 503, code: "service_unavailable" });

function makeGate(over: Partial<ApiGateOptions> = {}) {
  const events: GateEvent[] = [];
  const gate = new ApiGate({
    api: "notion",
    ratePerSecond: 1000,
    concurrency: 4,
    timeoutMs: 1000,
    retry: { maxAttempts: 5, maxTotalMs: 60_000, baseDelayMs: 100, maxDelayMs: 1000 },
    breaker: { failureThreshold: 3, resetTimeoutMs: 60_000 },
    random: () => 1,
    onEvent: (e) => events.push(e),
    ...over,
  });
  return { gate, events };
}

/** Starts a call and records when each of its attempts began (ms after `t0`). */
function run<T>(gate: ApiGate, t0: number, attempt: (n: number, s: AbortSignal) => Promise<T>, idempotent = true) {
  const starts: number[] = [];
  const result = gate
    .execute({ operation: op.operation, idempotent }, (signal) => {
      starts.push(Date.now() - t0);
      return attempt(starts.length, signal);
    })
    .then(
      (value) => ({ ok: true as const, value }),
      (error: ApiError) => ({ ok: false as const, error }),
    );
  return { starts, result };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe("rate limiting", () => {
  test("attempts start evenly spaced at 1000/rate ms, even when added all at once", async () => {
    const { gate } = makeGate({ ratePerSecond: 10, concurrency: 5 });
    const t0 = Date.now();
    const calls = Array.from({ length: 6 }, () => run(gate, t0, async () => "ok"));
    await advance(600);
    const starts = calls.map((c) => c.starts[0] as number);
    expect(starts).toEqual([0, 100, 200, 300, 400, 500]);
  });

  test("a 429 pauses the whole API for Retry-After: an unrelated call waits too", async () => {
    const { gate, events } = makeGate();
    const t0 = Date.now();
    const a = run(gate, t0, async (n) => {
      if (n === 1) throw new RateLimitedError({ ...op, status: 429, retryAfterMs: 5000 });
      return "a";
    });
    await flush();
    expect(gate.pausedUntil).toBe(t0 + 5000);
    const b = run(gate, t0, async () => "b");
    await advance(4990);
    expect(b.starts).toEqual([]);
    expect(a.starts).toEqual([0]);
    await advance(20);
    expect(await a.result).toEqual({ ok: true, value: "a" });
    expect(await b.result).toEqual({ ok: true, value: "b" });
    expect(a.starts[1]).toBeGreaterThanOrEqual(5000);
    expect(b.starts[0]).toBeGreaterThanOrEqual(5000);
    expect(gate.pausedUntil).toBeNull();
    expect(events.filter((e) => e.type === "rate_limited")).toHaveLength(1);
  });

  test("concurrent 429s extend the pause, never shorten it", async () => {
    const { gate, events } = makeGate();
    const t0 = Date.now();
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const limited = (ms: number) => new RateLimitedError({ ...op, status: 429, retryAfterMs: ms });
    const calls = gates.map((d) => run(gate, t0, (n) => (n === 1 ? d.promise : Promise.resolve("ok"))));
    await advance(10);
    gates[0]?.reject(limited(5000));
    await flush();
    expect(gate.pausedUntil).toBe(t0 + 10 + 5000);
    gates[1]?.reject(limited(2000));
    await flush();
    expect(gate.pausedUntil).toBe(t0 + 10 + 5000);
    gates[2]?.reject(limited(8000));
    await flush();
    expect(gate.pausedUntil).toBe(t0 + 10 + 8000);
    expect(events.filter((e) => e.type === "rate_limited").map((e) => "pausedUntil" in e && e.pausedUntil - t0)).toEqual([
      5010, 5010, 8010,
    ]);
    await advance(7990);
    expect(calls.every((c) => c.starts.length === 1)).toBe(true);
    await advance(20);
    for (const c of calls) expect((await c.result).ok).toBe(true);
  });

  test("a 429 without Retry-After pauses for the backoff delay", async () => {
    const { gate } = makeGate();
    const t0 = Date.now();
    const a = run(gate, t0, async (n) => {
      if (n === 1) throw new RateLimitedError({ ...op, status: 429 });
      return "a";
    });
    await flush();
    expect(gate.pausedUntil).toBe(t0 + 100);
    await advance(150);
    expect(await a.result).toEqual({ ok: true, value: "a" });
  });

  test("a rate-limit wait uses up neither the attempts nor the time budget: a 130 s workspace block is waited out", async () => {
    const { gate } = makeGate({ retry: { maxAttempts: 2, maxTotalMs: 3000, baseDelayMs: 100, maxDelayMs: 1000 } });
    const t0 = Date.now();
    const a = run(gate, t0, async (n) => {
      if (n <= 3) throw new RateLimitedError({ ...op, status: 429, retryAfterMs: 130_000, reason: "public_api_space_request_rate_limit" });
      return "done";
    });
    await advance(3 * 130_000 + 100);
    expect(await a.result).toEqual({ ok: true, value: "done" });
    expect(a.starts).toEqual([0, 130_000, 260_000, 390_000]);
  });

  test("a Retry-After beyond the ceiling defers the call at once (nothing failed), and the pause holds the next call too", async () => {
    const { gate, events } = makeGate({ maxRateLimitWaitMs: 60_000 });
    const t0 = Date.now();
    const a = run(gate, t0, async () => {
      throw new RateLimitedError({ ...op, status: 429, retryAfterMs: 120_000, reason: "public_api_space_request_rate_limit" });
    });
    const r = await a.result;
    expect(!r.ok && r.error).toBeInstanceOf(RateLimitDeferredError);
    expect(!r.ok && (r.error as RateLimitDeferredError).untilMs).toBe(t0 + 120_000);
    expect(gate.pausedUntil).toBe(t0 + 120_000);
    expect(gate.status().pauseReason).toBe("public_api_space_request_rate_limit");
    // A call made while the pause lasts longer than the ceiling sends nothing.
    const b = run(gate, t0, async () => "b");
    const rb = await b.result;
    expect(!rb.ok && rb.error).toBeInstanceOf(RateLimitDeferredError);
    expect(b.starts).toEqual([]);
    expect(events.filter((e) => e.type === "deferred")).toHaveLength(2);
  });

  test("a Retry-After of 0 waits a second, not a tight loop", async () => {
    const { gate } = makeGate();
    const t0 = Date.now();
    const a = run(gate, t0, async (n) => {
      if (n === 1) throw new RateLimitedError({ ...op, status: 429, retryAfterMs: 0 });
      return "a";
    });
    await advance(1100);
    expect(await a.result).toEqual({ ok: true, value: "a" });
    expect(a.starts).toEqual([0, 1000]);
  });

  test("an attempt already past the queue when a 429 arrives waits for the pause too: nothing leaves early", async () => {
    const { gate } = makeGate({ ratePerSecond: 1000, concurrency: 4 });
    const t0 = Date.now();
    const first = deferred<string>();
    const a = run(gate, t0, (n) => (n === 1 ? first.promise : Promise.resolve("a")));
    const b = run(gate, t0, async () => "b");
    await advance(0);
    first.reject(new RateLimitedError({ ...op, status: 429, retryAfterMs: 2000 }));
    await advance(1990);
    expect(b.starts.every((t) => t === 0 || t >= 2000)).toBe(true);
    await advance(20);
    expect((await a.result).ok).toBe(true);
    expect((await b.result).ok).toBe(true);
    expect(a.starts[1]).toBeGreaterThanOrEqual(2000);
  });
});

describe("window budget", () => {
  test("never more than N attempts start in any rolling window; priority > 0 bursts ahead of the steady pace", async () => {
    const { gate } = makeGate({ ratePerSecond: 2, concurrency: 4, windowBudget: { requests: 5, windowMs: 10_000 } });
    const t0 = Date.now();
    const slow = Array.from({ length: 4 }, () => run(gate, t0, async () => "p"));
    const urgent = gate.execute({ operation: op.operation, idempotent: true, priority: 1 }, async () => Date.now() - t0);
    await advance(25_000);
    // The urgent call did not wait for the paced ones in front of it.
    expect(await urgent).toBeLessThan(10);
    const starts = [...slow.flatMap((c) => c.starts), await urgent].sort((x, y) => x - y);
    for (const t of starts) expect(starts.filter((u) => u >= t && u < t + 10_000).length).toBeLessThanOrEqual(5);
    expect(gate.status().windowBudget).toEqual({ requests: 5, windowMs: 10_000 });
  });

  test("once the budget is spent, the next attempt waits for the oldest to leave the window", async () => {
    const { gate } = makeGate({ ratePerSecond: 1000, concurrency: 4, windowBudget: { requests: 3, windowMs: 10_000 } });
    const t0 = Date.now();
    const calls = Array.from({ length: 5 }, () => run(gate, t0, async () => "ok"));
    await advance(25_000);
    const starts = calls.map((c) => c.starts[0] as number);
    expect(starts.slice(0, 3).every((t) => t < 10)).toBe(true);
    expect(starts[3]).toBeGreaterThanOrEqual(10_000);
    expect(starts[4]).toBeGreaterThanOrEqual(10_000);
  });
});

describe("retries", () => {
  test.each([
    [() => 1, [0, 100, 300, 700, 1500]],
    [() => 0, [0, 50, 150, 350, 750]],
  ])("exponential backoff schedule with jitter pinned (%#)", async (random, expected) => {
    const { gate, events } = makeGate({ random });
    const t0 = Date.now();
    const a = run(gate, t0, async () => {
      throw upstream();
    });
    await advance(2000);
    const r = await a.result;
    expect(a.starts).toEqual(expected);
    expect(!r.ok && r.error).toBeInstanceOf(UpstreamError);
    expect(!r.ok && r.error.attempts).toBe(5);
    expect(events.filter((e) => e.type === "retry")).toHaveLength(4);
  });

  test("no retry is scheduled past maxTotalMs", async () => {
    const { gate } = makeGate({ retry: { maxAttempts: 10, maxTotalMs: 2500, baseDelayMs: 1000, maxDelayMs: 10_000 } });
    const t0 = Date.now();
    const a = run(gate, t0, async () => {
      throw upstream();
    });
    await advance(5000);
    await a.result;
    expect(a.starts).toEqual([0, 1000]);
  });

  test.each([
    ["validation", () => new ValidationError({ ...op, status: 400, code: "validation_error" })],
    ["not found", () => new NotFoundError({ ...op, status: 404 })],
    ["unauthorized", () => new UnauthorizedError({ ...op, status: 401 })],
    ["forbidden", () => new ForbiddenError({ ...op, status: 403 })],
    ["malformed", () => new MalformedResponseError({ ...op, problem: "not JSON" })],
  ])("%s is never retried", async (_l, make) => {
    const { gate } = makeGate();
    const a = run(gate, Date.now(), async () => {
      throw make();
    });
    await advance(2000);
    const r = await a.result;
    expect(a.starts).toHaveLength(1);
    expect(!r.ok && r.error.constructor).toBe(make().constructor);
  });

  test("409 conflict_error on an idempotent write is retried with backoff, like a 5xx", async () => {
    const { gate, events } = makeGate();
    const t0 = Date.now();
    const a = run(gate, t0, async (n) => {
      if (n <= 2) throw new ConflictError({ ...op, status: 409, code: "conflict_error" });
      return "saved";
    });
    await advance(1000);
    expect(await a.result).toEqual({ ok: true, value: "saved" });
    expect(a.starts).toEqual([0, 100, 300]);
    expect(events.filter((e) => e.type === "retry").map((e) => "error" in e && e.error)).toEqual(["ConflictError", "ConflictError"]);
  });

  test("a timed-out attempt is aborted, reported and retried", async () => {
    const { gate, events } = makeGate({ timeoutMs: 300 });
    const signals: AbortSignal[] = [];
    const t0 = Date.now();
    const a = run(gate, t0, (n, signal) => {
      signals.push(signal);
      return n === 1 ? new Promise<string>(() => undefined) : Promise.resolve("second");
    });
    await advance(299);
    expect(signals[0]?.aborted).toBe(false);
    await advance(200);
    expect(signals[0]?.aborted).toBe(true);
    expect(await a.result).toEqual({ ok: true, value: "second" });
    expect(a.starts).toEqual([0, 400]);
    expect(events.find((e) => e.type === "timeout")).toMatchObject({ attempt: 1, timeoutMs: 300 });
  });
});

describe("non-idempotent calls are never blindly re-sent", () => {
  test.each([
    ["5xx", () => upstream(), UpstreamError],
    ["409 conflict", () => new ConflictError({ ...op, status: 409, code: "conflict_error" }), ConflictError],
    ["dropped connection", () => new NetworkError({ ...op, beforeSend: false, causeCode: "ECONNRESET" }), NetworkError],
  ])("%s after sending → OutcomeUnknownError after one attempt", async (_l, make, causeClass) => {
    const { gate } = makeGate();
    const a = run(gate, Date.now(), async () => {
      throw make();
    }, false);
    await advance(2000);
    const r = await a.result;
    expect(a.starts).toHaveLength(1);
    expect(!r.ok && r.error).toBeInstanceOf(OutcomeUnknownError);
    expect(!r.ok && r.error.cause).toBeInstanceOf(causeClass);
  });

  test("timeout → OutcomeUnknownError with the TimeoutError as cause", async () => {
    const { gate } = makeGate({ timeoutMs: 300 });
    const a = run(gate, Date.now(), () => new Promise<string>(() => undefined), false);
    await advance(400);
    const r = await a.result;
    expect(a.starts).toHaveLength(1);
    expect(!r.ok && r.error).toBeInstanceOf(OutcomeUnknownError);
    expect(!r.ok && r.error.cause).toBeInstanceOf(TimeoutError);
  });

  test.each([
    ["429", () => new RateLimitedError({ ...op, status: 429, retryAfterMs: 1000 })],
    ["connection refused (nothing sent)", () => new NetworkError({ ...op, beforeSend: true, causeCode: "ECONNREFUSED" })],
  ])("%s is safe to retry and succeeds", async (_l, make) => {
    const { gate } = makeGate();
    const a = run(gate, Date.now(), async (n) => {
      if (n === 1) throw make();
      return "created";
    }, false);
    await advance(1500);
    expect(await a.result).toEqual({ ok: true, value: "created" });
    expect(a.starts).toHaveLength(2);
  });

  test("a caller abort after sending a write is an unknown outcome; while queued it is just an abort", async () => {
    const { gate } = makeGate({ concurrency: 1 });
    const inFlight = new AbortController();
    const queued = new AbortController();
    let queuedRan = false;
    const a = gate.execute({ operation: "pages.create", idempotent: false, signal: inFlight.signal }, () => new Promise(() => undefined));
    const b = gate.execute({ operation: "pages.create", idempotent: false, signal: queued.signal }, async () => {
      queuedRan = true;
    });
    await flush();
    queued.abort(new Error("shutdown"));
    inFlight.abort(new Error("shutdown"));
    expect(await a.catch((e: unknown) => e)).toBeInstanceOf(OutcomeUnknownError);
    expect(((await b.catch((e: unknown) => e)) as Error).message).toBe("shutdown");
    expect(queuedRan).toBe(false);
  });
});

describe("pacing: whole-millisecond steps that never outrun the rate and lose little of it", () => {
  const table: [rate: number, intervalCap: number, interval: number][] = [
    [3, 1, 334], // Notion's documented average: 0.2% under
    [2.5, 1, 400],
    [5, 1, 200],
    [15, 3, 200], // one per 67 ms would be 14.9/s
    [30, 3, 100], // one per 34 ms was 29.4/s, 2% of the write budget
    [45, 3, 67],
    [50, 1, 20],
  ];
  test.each(table)("%p/s → %p start(s) per %p ms", (rate, intervalCap, interval) => {
    expect(pacing(rate)).toEqual({ intervalCap, interval });
  });
  test("every rate the config allows (0.5 to 50/s in steps of 0.5): never faster, at most 3 grouped, under 1.5% lost", () => {
    for (let rate = 0.5; rate <= 50; rate += 0.5) {
      const p = pacing(rate);
      const achieved = (p.intervalCap * 1000) / p.interval;
      expect({ rate, faster: achieved > rate, grouped: p.intervalCap, lost: 1 - achieved / rate < 0.015 }).toEqual({ rate, faster: false, grouped: p.intervalCap <= 3 ? p.intervalCap : -1, lost: true });
    }
  });
});

describe("abortInFlight: a shutdown does not wait out retries", () => {
  test("a read waiting for its next attempt ends at once; a write on the wire is let finish (its outcome stays known)", async () => {
    const { gate } = makeGate();
    let readAttempts = 0;
    const read = gate
      .execute({ operation: "GET /v1/pages/:id", idempotent: true, method: "GET", route: "/v1/pages/:id" }, async () => {
        readAttempts++;
        throw upstream();
      })
      .then(() => "ok", (e: Error) => e.message);
    const wire = deferred<string>();
    const write = gate.execute({ operation: "pages.update", idempotent: true, method: "PATCH", route: "/v1/pages/:id" }, () => wire.promise);
    await flush();
    expect(readAttempts).toBe(1); // now in its backoff
    gate.abortInFlight("shutting down");
    await flush();
    expect(await read).toBe("shutting down");
    wire.resolve("page");
    await advance(50);
    expect(await write).toBe("page");
    // The gate still works afterwards.
    const after = gate.execute({ operation: "GET /v1/users/me", idempotent: true, method: "GET" }, async () => "me");
    await advance(50);
    expect(await after).toBe("me");
  });

  test("a write's backoff cut short ends with its last failure, not with the shutdown's words", async () => {
    const { gate } = makeGate();
    const write = gate
      .execute({ operation: "pages.update", idempotent: true, method: "PATCH", route: "/v1/pages/:id" }, async () => {
        throw upstream();
      })
      .then(() => null, (e: Error) => e);
    await flush();
    gate.abortInFlight("shutting down");
    await flush();
    expect(await write).toBeInstanceOf(UpstreamError);
  });
});
