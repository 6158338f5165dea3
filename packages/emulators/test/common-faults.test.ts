import { json } from "../../../test/helpers/http";
import { afterEach, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { FakeClock, systemClock } from "@oberaconnect/common/clock";
import { FaultState, faultMiddleware, type ErrorDialect } from "../src/common/faults";
import { StatsRecorder } from "../src/common/stats";
import { registerControl } from "../src/common/control";
import { serveOnLoopback, type RunningServer } from "../src/common/serve";
import { TokenBucket } from "../src/common/token-bucket";

const dialect: ErrorDialect = {
  serverError: (c, status) => c.json({ code: "boom" }, status),
  rateLimited: (c, s) => c.json({ code: "rate" }, 429, { "Retry-After": String(s) }),
  isWrite: (method) => method !== "GET",
};

function emulator(clock = systemClock) {
  let items: string[] = [];
  const app = new Hono();
  const state = new FaultState({ per_second: 1000, burst: 1000 }, clock);
  const stats = new StatsRecorder(clock);
  registerControl(app, state, stats, { dump: () => ({ items }), reset: () => void (items = []) });
  app.use("/v1/*", faultMiddleware(state, stats, dialect));
  app.get("/v1/items", (c) => c.json(items));
  app.post("/v1/items", async (c) => {
    items.push(((await c.req.json()) as { name: string }).name);
    return c.json({ ok: true });
  });
  return app;
}

let server: RunningServer | undefined;
afterEach(async () => server?.stop());

describe("token bucket", () => {
  test.each([
    [3, 3, 3, 1],
    [3, 5, 5, 1],
    [0.5, 1, 1, 2],
  ])("rate %p burst %p admits %p back to back, then Retry-After %p s", (perSecond, burst, admitted, retryAfter) => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ per_second: perSecond, burst }, clock);
    for (let i = 0; i < admitted; i++) expect(bucket.take().ok).toBe(true);
    expect(bucket.take()).toEqual({ ok: false, retryAfterSeconds: retryAfter });
  });

  test("refills at the average rate", async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ per_second: 3, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) bucket.take();
    await clock.advance(334);
    expect(bucket.take().ok).toBe(true);
    expect(bucket.take().ok).toBe(false);
  });
});

describe("fault middleware over real HTTP", () => {
  test("commit-then-drop applies the write and closes the socket with no response", async () => {
    server = serveOnLoopback(emulator());
    await fetch(`${server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ commit_then_drop_rate: 1 }) });
    const err = await fetch(`${server.url}/v1/items`, { method: "POST", body: JSON.stringify({ name: "a" }) }).then(
      (r) => r.text().then(() => null),
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const dump = await json(fetch(`${server.url}/_emulator/dump`));
    expect(dump).toEqual({ items: ["a"] });
    const stats = await json(fetch(`${server.url}/_emulator/stats`));
    expect(stats.dropped_after_commit).toBe(1);
    expect(stats.requests["POST /v1/items 200"]).toBe(1);
  });

  test("edge 502 is HTML; error_rate gives JSON 5xx; control paths are never faulted", async () => {
    server = serveOnLoopback(emulator());
    await fetch(`${server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ edge_502_rate: 1 }) });
    const r = await fetch(`${server.url}/v1/items`);
    expect(r.status).toBe(502);
    expect(r.headers.get("content-type")).toContain("text/html");
    await fetch(`${server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ error_rate: 1 }) });
    const e = await fetch(`${server.url}/v1/items`);
    expect([500, 503]).toContain(e.status);
    expect(await json(e)).toEqual({ code: "boom" });
  });

  test("a bad faults body is refused naming the field", async () => {
    server = serveOnLoopback(emulator());
    const r = await fetch(`${server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ error_rate: 2, nope: 1 }) });
    expect(r.status).toBe(400);
    const body = await json(r);
    expect(body.error).toContain("error_rate");
  });

  test("hang never answers until the client aborts", async () => {
    server = serveOnLoopback(emulator());
    await fetch(`${server.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ hang_rate: 1 }) });
    const err = await fetch(`${server.url}/v1/items`, { signal: AbortSignal.timeout(150) }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe("TimeoutError");
  });
});
