import { afterEach, describe, expect, test } from "bun:test";
import { z } from "zod";
import { serveOnLoopback, type RunningServer } from "@oberaconnect/emulators/common/serve";
import { ApiClient } from "../../src/http/api-client";
import { ApiGate } from "../../src/http/gate";
import type { ApiGateOptions, GateEvent } from "../../src/http/gate-types";
import { CircuitOpenError, NetworkError, OutcomeUnknownError, UpstreamError } from "../../src/http/errors";
import { faultApp } from "./helpers/fault-app";

const Items = z.object({ data: z.array(z.string()), httpStatusCode: z.literal(200) });
const Created = z.object({ data: z.object({ name: z.string() }) });

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function setup(emu: ReturnType<typeof faultApp>, over: Partial<ApiGateOptions> = {}) {
  server = serveOnLoopback(emu.app);
  const events: GateEvent[] = [];
  const waiters: { type: GateEvent["type"]; resolve: () => void }[] = [];
  /** Resolves when the gate reports an event of this type (at once if it already did). */
  const waitFor = (type: GateEvent["type"]) =>
    new Promise<void>((resolve) => (events.some((e) => e.type === type) ? resolve() : waiters.push({ type, resolve })));
  const gate = new ApiGate({
    api: "unifi",
    ratePerSecond: 500,
    concurrency: 8,
    timeoutMs: 1000,
    retry: { maxAttempts: 8, maxTotalMs: 10_000, baseDelayMs: 5, maxDelayMs: 50 },
    breaker: { failureThreshold: 5, resetTimeoutMs: 60_000 },
    onEvent: (e) => {
      events.push(e);
      for (const w of waiters) if (w.type === e.type) w.resolve();
    },
    ...over,
  });
  const client = new ApiClient({ api: "unifi", baseUrl: server.url, gate, headers: () => ({ "X-API-Key": "k-test-123456" }) });
  const list = (signal?: AbortSignal) => client.request({ operation: "GET /v1/items", path: "/v1/items", schema: Items, signal });
  const create = (name: string) =>
    client.request({ operation: "POST /v1/items", method: "POST", path: "/v1/items", body: { name }, schema: Created });
  return { gate, client, events, waitFor, list, create, url: server.url };
}

describe("gate over real HTTP", () => {
  test("20% 5xx (JSON and HTML 502) plus latency: 200 GETs, sequential and concurrent, all succeed", async () => {
    const emu = faultApp();
    emu.setFaults({ seed: 11, error_rate: 0.15, edge_502_rate: 0.05, latency_ms: [1, 4] });
    const { gate, events, list } = setup(emu);
    for (let i = 0; i < 100; i++) await list();
    const concurrent = await Promise.all(Array.from({ length: 100 }, () => list()));
    expect(concurrent).toHaveLength(100);
    const failures = emu.stats.count(undefined, undefined, 500) + emu.stats.count(undefined, undefined, 503) + emu.stats.count(undefined, undefined, 502);
    expect(failures).toBeGreaterThan(20);
    expect(emu.stats.count("GET", "/v1/items", 200)).toBe(200);
    expect(events.filter((e) => e.type === "retry")).toHaveLength(failures);
    expect(gate.breakerStatus().state).toBe("closed");
  });

  test("a 429 storm: 30 concurrent calls at the emulator's rate stay within rate + burst after the first 429", async () => {
    const emu = faultApp({ per_second: 20, burst: 2 });
    const { events, list, url } = setup(emu, { ratePerSecond: 20, concurrency: 4 });
    // Another tool on the same key has just used the burst: our first call meets an empty bucket.
    await Promise.all([fetch(`${url}/v1/items`), fetch(`${url}/v1/items`)]);
    const results = await Promise.all(Array.from({ length: 30 }, () => list()));
    expect(results).toHaveLength(30);
    const stats = emu.stats.snapshot();
    expect(stats.rate_limited).toBeGreaterThanOrEqual(1);
    // The pause holds every queued call, so the storm does not keep hitting the empty bucket.
    expect(stats.rate_limited).toBeLessThanOrEqual(3);
    expect(stats.max_requests_in_1s_after_first_429).toBeLessThanOrEqual(20 + 2);
    expect(emu.stats.count("GET", "/v1/items", 200)).toBe(32);
    expect(events.some((e) => e.type === "rate_limited" && e.retryAfterMs === 1000)).toBe(true);
  });

  test("Retry-After is honoured by the whole API: an unrelated call waits for the pause too", async () => {
    const emu = faultApp();
    const arrivals: { path: string; at: number }[] = [];
    let limitedAt = 0;
    emu.app.get("/v1/limited", (c) => {
      arrivals.push({ path: "/v1/limited", at: Date.now() });
      if (limitedAt === 0) {
        limitedAt = Date.now();
        return c.json({ code: "rate_limit", httpStatusCode: 429, message: "rate limit exceeded" }, 429, { "Retry-After": "1" });
      }
      return c.json({ data: ["x"], httpStatusCode: 200 });
    });
    emu.app.get("/v1/other", (c) => {
      arrivals.push({ path: "/v1/other", at: Date.now() });
      return c.json({ data: [], httpStatusCode: 200 });
    });
    const { gate, waitFor, client } = setup(emu);
    const limited = client.request({ operation: "GET /v1/limited", path: "/v1/limited", schema: Items });
    await waitFor("rate_limited");
    expect(gate.pausedUntil).not.toBeNull();
    const other = await client.request({ operation: "GET /v1/other", path: "/v1/other", schema: Items });
    expect(other.data).toEqual([]);
    expect((await limited).data).toEqual(["x"]);
    const otherAt = arrivals.find((a) => a.path === "/v1/other")?.at ?? 0;
    const retryAt = arrivals.filter((a) => a.path === "/v1/limited")[1]?.at ?? 0;
    expect(otherAt - limitedAt).toBeGreaterThanOrEqual(995);
    expect(retryAt - limitedAt).toBeGreaterThanOrEqual(995);
  });

  test("a hung request times out, its socket is aborted (the server sees it) and the retry succeeds", async () => {
    const emu = faultApp();
    let calls = 0;
    let abortSeen!: () => void;
    const serverSawAbort = new Promise<void>((resolve) => (abortSeen = resolve));
    emu.app.get("/v1/slow", async (c) => {
      if (++calls === 1) {
        await new Promise<void>((resolve) => c.req.raw.signal.addEventListener("abort", () => resolve(), { once: true }));
        abortSeen();
      }
      return c.json({ data: ["late"], httpStatusCode: 200 });
    });
    const { events, client } = setup(emu, { timeoutMs: 150 });
    const started = Date.now();
    const res = await client.request({ operation: "GET /v1/slow", path: "/v1/slow", schema: Items });
    expect(res.data).toEqual(["late"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(calls).toBe(2);
    await serverSawAbort; // never resolves (test times out) unless the client really closed the socket
    expect(events.filter((e) => e.type === "timeout")).toHaveLength(1);
  }, 3000);

  test("non-idempotent POST + commit-then-drop: OutcomeUnknownError, exactly one request reached the server", async () => {
    const emu = faultApp();
    emu.setFaults({ commit_then_drop_rate: 1 });
    const { create } = setup(emu);
    const err = await create("site-a").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect((err as OutcomeUnknownError).cause).toBeInstanceOf(NetworkError);
    expect((err as OutcomeUnknownError).message).toContain("unifi POST /v1/items: outcome unknown");
    const stats = emu.stats.snapshot();
    expect(stats.total).toBe(1);
    expect(stats.dropped_after_commit).toBe(1);
    expect(emu.items).toEqual(["site-a"]);
  });

  test("non-idempotent POST + 429: retried after Retry-After and succeeds, applied once", async () => {
    const emu = faultApp({ per_second: 1, burst: 1 });
    const { create, url } = setup(emu);
    await fetch(`${url}/v1/items`); // empties the bucket
    const res = await create("site-b");
    expect(res.data.name).toBe("site-b");
    expect(emu.stats.count("POST", "/v1/items", 429)).toBe(1);
    expect(emu.stats.count("POST", "/v1/items", 200)).toBe(1);
    expect(emu.items).toEqual(["site-b"]);
  });

  test("breaker: opens after N failed calls, then refuses without a request reaching the server; reset sends again", async () => {
    const emu = faultApp();
    emu.setFaults({ error_rate: 1 });
    const { gate, list } = setup(emu, {
      retry: { maxAttempts: 2, maxTotalMs: 5000, baseDelayMs: 5, maxDelayMs: 5 },
      breaker: { failureThreshold: 3, resetTimeoutMs: 60_000 },
    });
    for (let i = 0; i < 3; i++) expect(await list().catch((e: unknown) => e)).toBeInstanceOf(UpstreamError);
    expect(emu.stats.snapshot().total).toBe(6);
    expect(gate.breakerStatus().state).toBe("open");
    const refused = await list().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(emu.stats.snapshot().total).toBe(6);
    emu.setFaults({});
    gate.resetBreaker();
    expect((await list()).httpStatusCode).toBe(200);
    expect(emu.stats.snapshot().total).toBe(7);
    expect(gate.breakerStatus().state).toBe("closed");
  });
});
