/**
 * The HTTP front (src/runtime/front): the socket and /health on a thread of their own, every other
 * request answered by the app on the main thread. Over real HTTP on 127.0.0.1; the main thread is
 * held with a synchronous child process (Bun.spawnSync blocks it), and the child asks the service.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { StartupError } from "../../src/core";
import { startFront, type FrontOptions } from "../../src/runtime/front/front";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";

let h: ServiceHarness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

/** GETs `url` from a child process after `delayMs`, while this thread is blocked: status, body, ms. */
function askWhileBlocked(url: string, delayMs: number): { status: number; body: { status: string; stalled_s?: number }; ms: number } {
  const script = `await Bun.sleep(${delayMs}); const t = performance.now(); const r = await fetch(${JSON.stringify(url)}, { signal: AbortSignal.timeout(5000) }); console.log(JSON.stringify({ status: r.status, body: await r.json(), ms: performance.now() - t }));`;
  const p = Bun.spawnSync([process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  return JSON.parse(p.stdout.toString().trim());
}

/** The front alone on 127.0.0.1 (any free port unless given), with the app the test hands in. */
const frontOn = (o: Partial<FrontOptions> & Pick<FrontOptions, "fetch">) => startFront({ hostname: "127.0.0.1", port: 0, version: "0.0.0-test", uptimeMs: 0, ...o });

/** Each API is probed once at start: /ready turns 200 when all have answered. */
async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await fetch(`${url}/ready`)).status !== 200) {
    if (Date.now() > deadline) throw new Error("not ready within 5 s");
    await Bun.sleep(20);
  }
}

describe("the HTTP front thread", () => {
  test("/health is answered while the main thread is blocked; /ready, which needs it, waits", async () => {
    h = await startServiceHarness();
    await untilReady(h.url);
    const health = askWhileBlocked(`${h.url}/health`, 0);
    expect(health.status).toBe(200);
    expect(health.body.status).toBe("ok");
    // /ready runs on the main thread: it cannot be answered until spawnSync returns, so the child's
    // 1 s timeout fires (the child then reports the abort as status 0).
    const script = `try { const r = await fetch(${JSON.stringify(`${h.url}/ready`)}, { signal: AbortSignal.timeout(1000) }); console.log(r.status); } catch { console.log(0); }`;
    const ready = Bun.spawnSync([process.execPath, "-e", script], { stdout: "pipe" });
    expect(ready.stdout.toString().trim()).toBe("0");
    expect((await fetch(`${h.url}/ready`)).status).toBe(200);
  });

  test("a main thread that has not turned for stallAfterMs makes /health say 503 stalled; it recovers once it turns", async () => {
    h = await startServiceHarness({ service: { stallAfterMs: 400 } });
    const before = askWhileBlocked(`${h.url}/health`, 0);
    expect(before.status).toBe(200);
    const stuck = askWhileBlocked(`${h.url}/health`, 900);
    expect(stuck.status).toBe(503);
    expect(stuck.body.status).toBe("stalled");
    // Whole seconds of the ~1 s the main thread was held (a wrong clock would read thousands).
    expect(stuck.body.stalled_s).toBeGreaterThanOrEqual(0);
    expect(stuck.body.stalled_s).toBeLessThanOrEqual(3);
    // Free again: the next beat (every 250 ms) turns it back.
    const deadline = Date.now() + 3000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`${h.url}/health`)).status;
      if (status !== 200) await Bun.sleep(50);
    }
    expect(status).toBe(200);
  });

  test("through the service: a POST body, the app's statuses and error shape, the session cookie; HEAD /health has no body", async () => {
    h = await startServiceHarness();
    // A POST with a JSON body through the admin API, and the request id the app makes.
    const sync = await h.admin("/admin/sync", { method: "POST", headers: { "content-type": "application/json", "x-request-id": "caller-1" }, body: JSON.stringify({ mode: "incremental", job: "customers" }) });
    expect(sync.status).toBe(202);
    expect(sync.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(((await sync.json()) as { run_id: number }).run_id).toBeGreaterThan(0);
    // A bad body: the app's own 400, in its error shape, with the field named.
    const bad = await h.admin("/admin/sync", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ mode: "sideways" }) });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { code: string; message: string; request_id: string } };
    expect(err.error.message).toContain("mode");
    expect(err.error.request_id).toBe(bad.headers.get("x-request-id")!);
    // No token: 401 from the app, through the front.
    expect((await fetch(`${h.url}/admin/status`)).status).toBe(401);
    // The status page's sign-in sets its cookie through the front.
    const login = await fetch(`${h.url}/status/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token: "test-admin-token-0123456789abcdefgh" }).toString(), redirect: "manual" });
    expect(login.status).toBe(303);
    expect(login.headers.getSetCookie().some((c) => c.startsWith("oc_status="))).toBe(true);
    const head = await fetch(`${h.url}/health`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    // An unknown path is the app's 404, not the front's.
    const missing = await fetch(`${h.url}/nope?x=1`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  test("a body over 1 MiB is refused at the front (413), and the service goes on", async () => {
    h = await startServiceHarness();
    const big = await fetch(`${h.url}/admin/sync`, { method: "POST", body: new Uint8Array(2 * 1024 * 1024) }).catch(() => null);
    // Bun answers 413 or closes the connection mid-upload; either way nothing reached the app.
    if (big) expect(big.status).toBe(413);
    expect((await fetch(`${h.url}/health`)).status).toBe(200);
    expect((await h.admin("/admin/runs")).status).toBe(200);
  });

  test("/health answers are counted in the request histogram (route /health) on the main thread", async () => {
    h = await startServiceHarness();
    for (let i = 0; i < 5; i++) expect((await fetch(`${h.url}/health`)).status).toBe(200);
    // The front sends its tally once a second.
    const deadline = Date.now() + 4000;
    let count = 0;
    while (Date.now() < deadline && count < 5) {
      const text = await (await h.admin("/metrics")).text();
      const m = /oberaconnect_http_request_duration_seconds_count\{[^}]*route="\/health"[^}]*\} (\d+)/.exec(text);
      count = m ? Number(m[1]) : 0;
      if (count < 5) await Bun.sleep(100);
    }
    expect(count).toBeGreaterThanOrEqual(5);
  });

  test("stop waits for the requests in flight: the app's answer still reaches the caller, then the socket closes", async () => {
    // The front alone, with an app that answers only when the test says so.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let arrived!: () => void;
    const inApp = new Promise<void>((r) => (arrived = r));
    const front = await frontOn({
      fetch: async (req) => {
        arrived();
        await held;
        return Response.json({ path: new URL(req.url).pathname }, { status: 201 });
      },
    });
    const url = `http://127.0.0.1:${front.port}`;
    const inFlight = fetch(`${url}/slow`);
    await inApp;
    let stopped = false;
    const stopping = front.stop().then(() => (stopped = true));
    await Bun.sleep(50);
    expect(stopped).toBe(false);
    release();
    const res = await inFlight;
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ path: "/slow" });
    await stopping;
    expect(await fetch(`${url}/health`).then(() => "answered", () => "refused")).toBe("refused");
  });

  test("headers both ways: repeated request headers reach the app, two Set-Cookie and a 204 come back as sent", async () => {
    const front = await frontOn({
      fetch: async (req, env) => {
        if (req.method === "DELETE") return new Response(null, { status: 204, headers: { "x-gone": "yes" } });
        const h = new Headers({ "content-type": "application/json" });
        h.append("set-cookie", "a=1; Path=/; HttpOnly");
        h.append("set-cookie", "b=2; Path=/");
        return new Response(JSON.stringify({ seen: req.headers.get("x-multi"), caller: req.headers.get("x-request-id"), body: await req.text(), from: env.requestIP()?.address, query: new URL(req.url).search }), { status: 207, headers: h });
      },
    });
    try {
      const url = `http://127.0.0.1:${front.port}`;
      const sent = new Headers({ "x-request-id": "caller-1" });
      sent.append("x-multi", "one");
      sent.append("x-multi", "two");
      const res = await fetch(`${url}/echo?a=1&b=2`, { method: "PUT", headers: sent, body: "payload" });
      expect(res.status).toBe(207);
      expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/; HttpOnly", "b=2; Path=/"]);
      expect(await res.json()).toEqual({ seen: "one, two", caller: "caller-1", body: "payload", from: "127.0.0.1", query: "?a=1&b=2" });
      const gone = await fetch(`${url}/thing`, { method: "DELETE" });
      expect(gone.status).toBe(204);
      expect(gone.headers.get("x-gone")).toBe("yes");
      expect((await gone.arrayBuffer()).byteLength).toBe(0);
    } finally {
      await front.stop();
    }
  });

  test("an app that throws, or whose answer cannot be read, still answers: 500 in the error shape, said once, and the front goes on", async () => {
    const said: string[] = [];
    const front = await frontOn({
      onHandlerError: (err) => said.push(err.message),
      fetch: (req) => {
        if (req.url.endsWith("/throws")) throw new Error("boom");
        if (req.url.endsWith("/broken-body")) return new Response(new ReadableStream({ pull: (c) => c.error(new Error("stream broke")) }));
        return new Response("fine");
      },
    });
    try {
      const url = `http://127.0.0.1:${front.port}`;
      for (const path of ["/throws", "/broken-body"]) {
        const res = await fetch(`${url}${path}`);
        expect(res.status).toBe(500);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("internal");
      }
      expect(said).toEqual(["boom", "stream broke"]);
      expect(await (await fetch(`${url}/ok`)).text()).toBe("fine");
    } finally {
      await front.stop();
    }
  });

  test("a front thread that fails after listening is said once (onCrash), and stop does not wait for it", async () => {
    const crashes: string[] = [];
    let crashed!: () => void;
    const saidOnce = new Promise<void>((r) => (crashed = r));
    const front = await frontOn({
      fetch: () => new Response(""),
      entry: new URL("./fixtures/dying-front.ts", import.meta.url).href,
      onCrash: (m) => {
        crashes.push(m);
        crashed();
      },
    });
    await saidOnce;
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toContain("the front broke");
    // The thread is gone: stop returns at once instead of waiting out its deadline.
    const t = performance.now();
    await front.stop(5000);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(crashes).toHaveLength(1);
  });

  test("a port in use is refused with the usual one-line reason (a StartupError: the CLI exits 2)", async () => {
    const first = await frontOn({ fetch: () => new Response("") });
    try {
      const err = await frontOn({ port: first.port, fetch: () => new Response("") }).catch((e: unknown) => e as Error);
      expect(err).toBeInstanceOf(StartupError);
      expect((err as Error).message).toContain(`cannot listen on 127.0.0.1:${first.port}: the port is in use`);
    } finally {
      await first.stop();
    }
  });
});
