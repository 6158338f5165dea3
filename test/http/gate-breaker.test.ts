import { afterEach, beforeEach, describe, expect, jest, test } from "bun:test";
import { ApiGate } from "../../src/http/gate";
import type { GateEvent } from "../../src/http/gate-types";
import { CircuitOpenError, NotFoundError, RateLimitedError, UpstreamError } from "../../src/http/errors";
import { advance } from "./helpers/fake-time";

const op = { api: "unifi" as const, operation: "GET /v1/sites" };

function makeGate() {
  const events: GateEvent[] = [];
  const gate = new ApiGate({
    api: "unifi",
    ratePerSecond: 1000,
    concurrency: 4,
    timeoutMs: 1000,
    retry: { maxAttempts: 2, maxTotalMs: 10_000, baseDelayMs: 10, maxDelayMs: 10 },
    breaker: { failureThreshold: 3, resetTimeoutMs: 60_000 },
    random: () => 1,
    onEvent: (e) => events.push(e),
  });
  let attempts = 0;
  /** One call whose every attempt fails with `make()` (or succeeds when it returns undefined). */
  const call = async (make: () => Error | undefined) => {
    const p = gate
      .execute({ operation: op.operation, idempotent: true }, async () => {
        attempts++;
        const err = make();
        if (err) throw err;
        return "ok";
      })
      .catch((e: unknown) => e);
    await advance(50);
    return p;
  };
  return { gate, events, call, attempts: () => attempts };
}

const down = () => new UpstreamError({ ...op, status: 500 });

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe("circuit breaker", () => {
  test("opens after N failed calls (each after its retries), then rejects without sending", async () => {
    const { gate, events, call, attempts } = makeGate();
    for (let i = 0; i < 2; i++) expect(await call(down)).toBeInstanceOf(UpstreamError);
    expect(gate.breakerStatus()).toMatchObject({ state: "closed", consecutiveFailures: 2, failureThreshold: 3 });
    expect(await call(down)).toBeInstanceOf(UpstreamError);
    expect(attempts()).toBe(6);
    const st = gate.breakerStatus();
    expect(st.state).toBe("open");
    expect(st.halfOpenInMs).toBeGreaterThan(59_000);
    expect(typeof st.opensAt).toBe("string");
    expect(events.filter((e) => e.type === "breaker_open")).toHaveLength(1);

    const rejected = await call(() => undefined);
    expect(rejected).toBeInstanceOf(CircuitOpenError);
    expect((rejected as CircuitOpenError).message).toContain("unifi GET /v1/sites: circuit open — 3 calls in a row failed");
    expect((rejected as CircuitOpenError).retryInMs).toBeGreaterThan(59_000);
    expect(attempts()).toBe(6);
  });

  test("half-opens after resetTimeoutMs; one success closes it", async () => {
    const { gate, events, call, attempts } = makeGate();
    for (let i = 0; i < 3; i++) await call(down);
    await advance(59_000, 1000);
    expect(gate.breakerStatus().state).toBe("open");
    await advance(1_000, 100);
    expect(gate.breakerStatus()).toMatchObject({ state: "half_open", halfOpenInMs: 0 });
    expect(await call(() => undefined)).toBe("ok");
    expect(attempts()).toBe(7);
    expect(gate.breakerStatus()).toMatchObject({ state: "closed", consecutiveFailures: 0, halfOpenInMs: null });
    expect(events.map((e) => e.type).filter((t) => t.startsWith("breaker_"))).toEqual([
      "breaker_open",
      "breaker_half_open",
      "breaker_closed",
    ]);
  });

  test("a failed probe opens it again for another resetTimeoutMs", async () => {
    const { gate, call } = makeGate();
    for (let i = 0; i < 3; i++) await call(down);
    await advance(60_000, 1000);
    expect(await call(down)).toBeInstanceOf(UpstreamError);
    expect(gate.breakerStatus().state).toBe("open");
    expect(await call(() => undefined)).toBeInstanceOf(CircuitOpenError);
  });

  test("4xx and 429 answers do not count, and reset the streak", async () => {
    const { gate, call } = makeGate();
    await call(down);
    await call(down);
    await call(() => new NotFoundError({ ...op, status: 404 }));
    expect(gate.breakerStatus().consecutiveFailures).toBe(0);
    await call(down);
    await call(down);
    // Each of these calls is told to wait once (a 429 is waited out, never a failure), then succeeds.
    let k = 0;
    for (let i = 0; i < 5; i++) expect(await call(() => (k++ % 2 === 0 ? new RateLimitedError({ ...op, status: 429, retryAfterMs: 1 }) : undefined))).toBe("ok");
    expect(gate.breakerStatus()).toMatchObject({ state: "closed", consecutiveFailures: 0 });
  });

  test("a 20% error rate that retries recover never opens it", async () => {
    const { gate, call, attempts } = makeGate();
    let n = 0;
    const results: unknown[] = [];
    for (let i = 0; i < 100; i++) results.push(await call(() => (++n % 5 === 0 ? down() : undefined)));
    expect(results.every((r) => r === "ok")).toBe(true);
    expect(attempts()).toBeGreaterThan(100);
    expect(gate.breakerStatus().state).toBe("closed");
  });

  test("resetBreaker() closes it by hand and the next call is sent", async () => {
    const { gate, events, call, attempts } = makeGate();
    for (let i = 0; i < 3; i++) await call(down);
    expect(gate.breakerStatus().state).toBe("open");
    gate.resetBreaker();
    expect(gate.breakerStatus()).toMatchObject({ state: "closed", consecutiveFailures: 0, halfOpenInMs: null });
    expect(events.at(-1)).toEqual({ type: "breaker_closed", api: "unifi", manual: true });
    expect(await call(() => undefined)).toBe("ok");
    expect(attempts()).toBe(7);
  });

  test("status() snapshots queue, pause and breaker", async () => {
    const { gate } = makeGate();
    expect(gate.status()).toEqual({
      api: "unifi",
      queued: 0,
      inFlight: 0,
      pausedUntil: null,
      pauseReason: null,
      ratePerSecond: 1000,
      windowBudget: null,
      concurrency: 4,
      breaker: { state: "closed", consecutiveFailures: 0, failureThreshold: 3, halfOpenInMs: null },
    });
  });
});
