import { afterEach, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { serveOnLoopback, type RunningServer } from "@oberaconnect/emulators/common/serve";
import { ApiGate, MalformedResponseError, UnauthorizedError } from "../../src/http";
import { UnifiConnector } from "../../src/sources/unifi/client";
import { FAST_RETRY, countOf, sourceHarness, stats } from "./source-harness";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const gate = () => new ApiGate({ api: "unifi", ratePerSecond: 1000, concurrency: 4, timeoutMs: 2000, retry: FAST_RETRY });

/** A tiny UniFi-shaped server whose /v1/sites answers are scripted per request. */
function scripted(pages: ((nextToken: string | undefined) => unknown)[]) {
  const app = new Hono();
  let n = 0;
  app.get("/v1/sites", (c) => c.json(pages[Math.min(n++, pages.length - 1)]!(c.req.query("nextToken")) as object));
  const server = serveOnLoopback(app);
  servers.push(server);
  return new UnifiConnector({ baseUrl: server.url, apiKey: "k", gate: gate(), pageSize: 2 });
}
const envelope = (data: unknown, extra: Record<string, unknown> = {}) => ({ data, httpStatusCode: 200, traceId: "a".repeat(32), ...extra });
const site = (id: string) => ({ siteId: id, hostId: "h", meta: { name: id } });

describe("UniFi connector against the emulator", () => {
  test("pages through hosts, sites and devices to the end (every end form) and matches the dump", async () => {
    const ends: unknown[] = [];
    const recording = async (url: string, init: RequestInit) => {
      const res = await fetch(url, init);
      const body = (await res.clone().json()) as Record<string, unknown>;
      if (!body.nextToken) ends.push("nextToken" in body ? body.nextToken : "missing");
      return res;
    };
    const h = await sourceHarness({ customers: 8, config: { unifi: { page_size: 3 } }, fetch: recording });
    const unifi = h.unifi!;
    const [hosts, sites, groups] = await Promise.all([unifi.listHosts(), unifi.listSites(), unifi.listDevices()]);
    const dump = h.emu.dataset.unifi;
    expect(hosts.items.map((x) => x.id).sort()).toEqual(dump.hosts.map((x) => x.id).sort());
    expect(sites.items.map((x) => x.siteId).sort()).toEqual(dump.sites.map((x) => x.siteId).sort());
    const ids = groups.items.flatMap((g) => g.devices.map((d) => d.id));
    expect(ids.sort()).toEqual(dump.devices.flatMap((g) => g.devices.map((d) => d.id)).sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect([hosts, sites, groups].every((p) => p.quarantine.length === 0)).toBe(true);
    // Three lists, so the emulator's rotation served each end form once: missing, "" and null.
    expect(ends.sort()).toEqual(["", "missing", null].sort());
    expect(dump.sites.length).toBeGreaterThan(3);
    const s = await stats(h.emu.unifi.url);
    expect(countOf(s.requests, "GET /v1/sites 200")).toBe(Math.ceil(dump.sites.length / 3));
  });

  test("a wrong API key is an UnauthorizedError naming UNIFI_API_KEY, sent once (401 is not retried)", async () => {
    const h = await sourceHarness({ secrets: { UNIFI_API_KEY: "wrong-key-value" } });
    const err = await h.unifi!.listSites().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect((err as Error).message).toContain("UNIFI_API_KEY");
    expect((err as Error).message).not.toContain("wrong-key-value");
    expect((await stats(h.emu.unifi.url)).total).toBe(1);
  });

  test("ISP metrics (optional, not paged) parse per site", async () => {
    const h = await sourceHarness({ customers: 8 });
    const metrics = await h.unifi!.ispMetrics("5m", "24h");
    expect(metrics.quarantine).toEqual([]);
    expect(metrics.items.length).toBeGreaterThan(0);
    expect(metrics.items.map((m) => m.siteId).sort()).toEqual(h.emu.dataset.unifi.ispMetrics.map((m) => m.siteId).sort());
    expect((await stats(h.emu.unifi.url)).requests).toEqual({ "GET /v1/isp-metrics/:type 200": 1 });
  });

  test("ping reads one host", async () => {
    const h = await sourceHarness();
    await h.unifi!.ping();
    expect((await stats(h.emu.unifi.url)).requests).toEqual({ "GET /v1/hosts 200": 1 });
  });
});

describe("UniFi connector against scripted servers", () => {
  test("a server that repeats its nextToken is a MalformedResponseError, not an endless loop", async () => {
    const c = scripted([() => envelope([site("a"), site("b")], { nextToken: "same" })]);
    const err = await c.listSites().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain("repeated a nextToken");
  });

  test.each([
    ["data is an object", envelope({ sites: [] })],
    ["no traceId", { data: [], httpStatusCode: 200 }],
    ["nextToken is a number", envelope([], { nextToken: 5 })],
    ["a bare array", [site("a")]],
  ])("a malformed envelope (%s) is an error of the call", async (_label, body) => {
    const c = scripted([() => body]);
    const err = await c.listSites().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as MalformedResponseError).api).toBe("unifi");
  });

  test("an HTML body with status 200 (captive portal) is a MalformedResponseError", async () => {
    const app = new Hono();
    app.get("/v1/sites", (c) => c.html("<html>login</html>"));
    const server = serveOnLoopback(app);
    servers.push(server);
    const c = new UnifiConnector({ baseUrl: server.url, apiKey: "k", gate: gate(), pageSize: 2 });
    const err = await c.listSites().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain("HTML page instead of JSON");
  });
});
