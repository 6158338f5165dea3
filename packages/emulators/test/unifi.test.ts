import { afterEach, describe, expect, test } from "bun:test";
import { FakeClock } from "@oberaconnect/common/clock";
import { serveOnLoopback, type RunningServer } from "../src/common/serve";
import { SharedDataset } from "../src/common/shared-dataset";
import { createNinjaOneEmulator } from "../src/ninjaone";
import { createUnifiEmulator, UNIFI_EMULATOR_API_KEY, type UnifiEmulatorOptions } from "../src/unifi";
import { json, SAMPLE_NOW, sampleDataset } from "./source-samples";

const KEY = { "X-API-Key": UNIFI_EMULATOR_API_KEY };
const TRACE = /^[0-9a-f]{32}$/;
const HQ = "900A6F00301100000000074A6BA90000000007A3387E0000000063EC9853:123456789";
const BRANCH = "942A6FCE26520000000008A62C8000000000091C92E70000000067801E31:392959371";
const NORTHWIND = "1d9cf3ee-0c0f-466e-933c-9af829f09b50";

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function start(options: Partial<UnifiEmulatorOptions> = {}) {
  const clock = new FakeClock(SAMPLE_NOW);
  const emulator = createUnifiEmulator({ dataset: sampleDataset(), clock, ...options });
  const server = serveOnLoopback(emulator.app);
  servers.push(server);
  const get = (path: string, headers: Record<string, string> = KEY) => fetch(`${server.url}${path}`, { headers });
  return { ...emulator, server, clock, get };
}

/** Follows nextToken to the end; returns the items and the raw last body. */
async function drain(get: (p: string) => Promise<Response>, path: string, pageSize: number) {
  const items: unknown[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const qs = new URLSearchParams({ pageSize: String(pageSize) });
    if (token) qs.set("nextToken", token);
    const res = await get(`${path}${path.includes("?") ? "&" : "?"}${qs}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.httpStatusCode).toBe(200);
    expect(body.traceId).toMatch(TRACE);
    items.push(...body.data);
    if (!body.nextToken) return { items, last: body };
    token = body.nextToken;
  }
  throw new Error("pagination never ended");
}

describe("pagination over HTTP", () => {
  test.each(["missing", "empty", "null"] as const)(
    "hosts, sites and devices each page to the end, the end marked as %p",
    async (endStyle) => {
      const emu = start({ endStyle });
      const expected = { missing: undefined, empty: "", null: null }[endStyle];
      const lists: [string, number, string][] = [
        ["/v1/hosts", 3, "id"],
        ["/v1/sites", 4, "siteId"],
        ["/v1/devices", 3, "hostId"],
      ];
      for (const [path, total, key] of lists) {
        const { items, last } = await drain(emu.get, path, 2);
        const ids = items.map((i) => (i as Record<string, string>)[key]);
        expect(ids.length).toBe(total);
        expect(new Set(ids).size).toBe(total);
        if (endStyle === "missing") expect("nextToken" in last).toBe(false);
        else expect(last.nextToken).toBe(expected);
      }
    },
  );

  test("rotate shows all three real end forms over three lists", async () => {
    const emu = start();
    const seen: unknown[] = [];
    for (const path of ["/v1/hosts", "/v1/sites", "/v1/devices"]) {
      const { last } = await drain(emu.get, path, 10);
      seen.push("nextToken" in last ? last.nextToken : "missing");
    }
    expect(seen).toEqual(["missing", "", null]);
  });

  test("the default page size is small and a mid-list page carries a token", async () => {
    const emu = start();
    const body = await json(await emu.get("/v1/sites?pageSize=1"));
    expect(body.data.length).toBe(1);
    expect(typeof body.nextToken).toBe("string");
    expect(body.nextToken.length).toBeGreaterThan(0);
  });

  test("a mutation between pages neither repeats nor skips a surviving host", async () => {
    const emu = start();
    const first = await json(await emu.get("/v1/hosts?pageSize=1"));
    expect(first.data[0].id).toBe(NORTHWIND); // keyset order: ids ascending
    const hosts = emu.state.shared.current.unifi.hosts;
    hosts.splice(hosts.findIndex((h) => h.id === NORTHWIND), 1); // the host already served disappears
    const next = await json(await emu.get(`/v1/hosts?pageSize=5&nextToken=${encodeURIComponent(first.nextToken)}`));
    expect(next.data.map((h: { id: string }) => h.id)).toEqual([HQ, BRANCH]);
  });
});

describe("auth and errors", () => {
  test.each([
    ["missing", {}],
    ["wrong", { "X-API-Key": "nope" }],
  ])("%s key → 401 in the captured shape", async (_name, headers) => {
    const emu = start();
    const res = await emu.get("/v1/hosts", headers);
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body).toEqual({ code: "unauthorized", httpStatusCode: 401, message: "unauthorized", traceId: body.traceId });
    expect(body.traceId).toMatch(TRACE);
  });

  test("the key header name is case-insensitive, and /ea/ serves the same handlers", async () => {
    const emu = start();
    expect((await emu.get("/v1/hosts", { "x-api-key": UNIFI_EMULATOR_API_KEY })).status).toBe(200);
    const ea = await json(await emu.get(`/ea/hosts/${encodeURIComponent(HQ)}`, { "X-API-KEY": UNIFI_EMULATOR_API_KEY }));
    expect(ea.data.id).toBe(HQ);
  });

  test("host by id is an object; an unknown id is NOT_FOUND", async () => {
    const emu = start();
    const found = await json(await emu.get(`/v1/hosts/${encodeURIComponent(NORTHWIND)}`));
    expect(found.data.type).toBe("network-server");
    const res = await emu.get("/v1/hosts/nope:1");
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body).toMatchObject({ code: "NOT_FOUND", httpStatusCode: 404, message: "thing not found: nope:1" });
  });

  test.each([
    ["/v1/hosts?pageSize=abc", "invalid page size: abc"],
    ["/v1/sites?pageSize=0", "invalid page size: 0"],
    ["/v1/hosts?nextToken=garbled", "invalid nextToken: garbled"],
    ["/v1/devices?time=2025-06-23", "invalid time format: 2025-06-23"],
    ["/v1/isp-metrics/5m?duration=24h&beginTimestamp=2025-06-23T00:00:00Z", "duration cannot be combined"],
    ["/v1/isp-metrics/5m?duration=7d", "invalid duration: 7d"],
    ["/v1/isp-metrics/15m", "invalid metric type: 15m"],
  ])("%p → 400 parameter_invalid", async (path, message) => {
    const emu = start();
    const res = await emu.get(path);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe("parameter_invalid");
    expect(body.httpStatusCode).toBe(400);
    expect(body.message).toContain(message);
  });

  test("a token from one list is refused by another, and by the same list with other filters", async () => {
    const emu = start();
    const hosts = await json(await emu.get("/v1/hosts?pageSize=1"));
    const t = encodeURIComponent(hosts.nextToken);
    expect((await emu.get(`/v1/sites?nextToken=${t}`)).status).toBe(400);
    const devices = await json(await emu.get(`/v1/devices?pageSize=1&hostIds[]=${encodeURIComponent(HQ)},${NORTHWIND}`));
    const d = encodeURIComponent(devices.nextToken);
    expect((await emu.get(`/v1/devices?pageSize=1&nextToken=${d}`)).status).toBe(400);
    expect((await emu.get(`/v1/devices?pageSize=1&hostIds[]=${encodeURIComponent(HQ)},${NORTHWIND}&nextToken=${d}`)).status).toBe(200);
  });

  test("429 with an integer Retry-After and the captured body; served again after waiting", async () => {
    const emu = start({ rateLimit: { per_second: 0.2, burst: 1 } });
    expect((await emu.get("/v1/hosts")).status).toBe(200);
    const res = await emu.get("/v1/hosts");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("5");
    const body = await json(res);
    expect(body).toEqual({
      code: "rate_limit",
      httpStatusCode: 429,
      message: "rate limit exceeded, retry after 5s",
      traceId: body.traceId,
    });
    await emu.clock.advance(5000);
    expect((await emu.get("/v1/hosts")).status).toBe(200);
    expect(emu.stats.snapshot().rate_limited).toBe(1);
  });

  test("/ea/ paths also meet the Early Access limit of 100 per minute", async () => {
    const emu = start();
    for (let i = 0; i < 10; i++) expect((await emu.get("/ea/sites")).status).toBe(200);
    expect((await emu.get("/ea/sites")).status).toBe(429);
    expect((await emu.get("/v1/sites")).status).toBe(200);
  });

  test("a 5xx fault answers in the UniFi error envelope", async () => {
    const emu = start();
    emu.faults.set({ ...emu.faults.faults, error_rate: 1 });
    const res = await emu.get("/v1/hosts");
    expect([500, 503]).toContain(res.status);
    const body = await json(res);
    expect(body.httpStatusCode).toBe(res.status);
    expect(body.traceId).toMatch(TRACE);
    if (res.status === 500) expect(body).toMatchObject({ code: "server_error", message: "failed to list hosts" });
    else expect(body.code).toBe("service_unavailable");
  });
});

describe("devices and ISP metrics", () => {
  test.each([
    ["repeated", `hostIds[]=${encodeURIComponent(HQ)}&hostIds[]=${NORTHWIND}`],
    ["comma-joined", `hostIds[]=${encodeURIComponent(`${HQ},${NORTHWIND}`)}`],
  ])("hostIds[] %s keeps only those hosts", async (_form, qs) => {
    const emu = start();
    const body = await json(await emu.get(`/v1/devices?${qs}`));
    expect(body.data.map((g: { hostId: string }) => g.hostId).sort()).toEqual([HQ, NORTHWIND].sort());
  });

  test("time leaves out host groups not updated since", async () => {
    const emu = start();
    const body = await json(await emu.get("/v1/devices?time=2025-06-22T00:00:00Z"));
    expect(body.data.map((g: { hostId: string }) => g.hostId).sort()).toEqual([HQ, NORTHWIND].sort());
  });

  test("GET isp-metrics serves the periods inside the window", async () => {
    const emu = start();
    const day = await json(await emu.get("/v1/isp-metrics/5m?duration=24h"));
    expect(day.data.length).toBe(2);
    const narrow = await json(
      await emu.get("/v1/isp-metrics/5m?beginTimestamp=2025-06-23T03:50:00Z&endTimestamp=2025-06-23T04:00:00Z"),
    );
    expect(narrow.data.length).toBe(1);
    expect(narrow.data[0].periods.map((p: { metricTime: string }) => p.metricTime)).toEqual([
      "2025-06-23T03:50:00Z",
      "2025-06-23T03:55:00Z",
    ]);
  });

  test("the query POST answers an object; unknown sites make it partialSuccess; none known is 502", async () => {
    const emu = start();
    const post = (sites: object[]) =>
      fetch(`${emu.server.url}/v1/isp-metrics/5m/query`, {
        method: "POST",
        headers: { ...KEY, "Content-Type": "application/json" },
        body: JSON.stringify({ sites }),
      });
    const window = { beginTimestamp: "2025-06-23T03:45:00Z", endTimestamp: "2025-06-23T04:00:00Z" };
    const known = { hostId: HQ, siteId: "661900ae6aec8f548d49fd54", ...window };
    const unknown = { hostId: BRANCH, siteId: "000000000000000000000000", ...window };
    const full = await json(await post([known]));
    expect(full.data.status).toBe("success");
    expect(full.data.metrics[0].periods.length).toBe(3);
    const partial = await json(await post([known, unknown]));
    expect(partial.data.status).toBe("partialSuccess");
    expect(partial.data.message).toContain("not accessible");
    expect((await post([unknown])).status).toBe(502);
    expect((await post([])).status).toBe(400);
  });
});

describe("control API and the shared dataset", () => {
  test("mutate through UniFi changes what NinjaOne serves; reset through either restores both", async () => {
    const shared = new SharedDataset(sampleDataset(), {
      mutator: (d, spec) => {
        const { rename } = spec as { rename: string };
        const host = d.unifi.hosts[0];
        const org = d.ninjaone.organizations[0];
        if (host?.reportedState) host.reportedState.name = rename;
        if (org) org.name = rename;
        return { renamed: rename };
      },
    });
    const unifi = start({ dataset: shared });
    const ninja = serveOnLoopback(createNinjaOneEmulator({ dataset: shared }).app);
    servers.push(ninja);
    const control = (url: string, path: string, body?: object) =>
      fetch(`${url}/_emulator/${path}`, body ? { method: "POST", body: JSON.stringify(body) } : {});

    const m = await control(unifi.server.url, "mutate", { rename: "Renamed Co" });
    expect(await json(m)).toEqual({ renamed: "Renamed Co" });
    expect((await json(await control(ninja.url, "dump"))).organizations[0].name).toBe("Renamed Co");
    expect((await json(await control(unifi.server.url, "dump"))).hosts[0].reportedState.name).toBe("Renamed Co");

    await fetch(`${ninja.url}/_emulator/reset`, { method: "POST" });
    expect((await json(await control(unifi.server.url, "dump"))).hosts[0].reportedState.name).toBe("Acme Dental HQ");
  });

  test("the dataset's own mutate is wired by default; a bad spec is a 400 naming the key", async () => {
    const emu = start();
    const mutate = (spec: object) =>
      fetch(`${emu.server.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify(spec) });
    const bad = await mutate({ rename_orgz: 1 });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toContain("rename_orgz");

    const before = await json(await emu.get("/v1/devices?pageSize=10"));
    const offline = (body: { data: { devices: { status: string }[] }[] }) =>
      body.data.flatMap((g) => g.devices).filter((d) => d.status === "offline").length;
    const result = await json(await mutate({ seed: 5, source: "unifi", devices_offline: 2 }));
    expect(result.changed.devices.length).toBe(2);
    const after = await json(await emu.get("/v1/devices?pageSize=10"));
    expect(offline(after)).toBe(offline(before) + 2);
  });
});
