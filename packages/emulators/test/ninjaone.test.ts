import { afterEach, describe, expect, test } from "bun:test";
import { FakeClock } from "@oberaconnect/common/clock";
import { serveOnLoopback, type RunningServer } from "../src/common/serve";
import {
  createNinjaOneEmulator,
  NINJAONE_EMULATOR_CLIENT_ID as CLIENT_ID,
  NINJAONE_EMULATOR_CLIENT_SECRET as CLIENT_SECRET,
  type NinjaOneEmulatorOptions,
} from "../src/ninjaone";
import { json, SAMPLE_NOW, sampleDataset } from "./source-samples";

const INCIDENT = /^WEB_MGMT_SERVICE-[0-9a-f]{32}-\d+-[A-Z]{8}$/;
const NOT_AUTHENTICATED = { error: "not_authenticated", error_description: "Invalid credentials", error_code: 10 };

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

function start(options: Partial<NinjaOneEmulatorOptions> = {}) {
  const clock = new FakeClock(SAMPLE_NOW);
  const emulator = createNinjaOneEmulator({ dataset: sampleDataset(), clock, ...options });
  const server = serveOnLoopback(emulator.app);
  servers.push(server);
  const form = (fields: Record<string, string>) =>
    fetch(`${server.url}/ws/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    });
  const token = async (scope = "monitoring") => {
    const res = await form({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope });
    expect(res.status).toBe(200);
    return (await json(res)).access_token as string;
  };
  const get = (path: string, bearer?: string) =>
    fetch(`${server.url}${path}`, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
  return { ...emulator, server, clock, form, token, get };
}

const ids = (items: { id: number }[]) => items.map((i) => i.id);

describe("token endpoint", () => {
  test("form-encoded client credentials get a bearer token of the real shape", async () => {
    const emu = start();
    const res = await emu.form({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "monitoring" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await json(res);
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "monitoring" });
    expect(body.access_token).toMatch(/^[0-9a-f]{64}$/);
    expect((await emu.get("/v2/organizations", body.access_token)).status).toBe(200);
  });

  test("offline_access adds a refresh token that can be redeemed", async () => {
    const emu = start();
    const first = await json(
      await emu.form({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "monitoring offline_access" }),
    );
    expect(typeof first.refresh_token).toBe("string");
    const renewed = await emu.form({ grant_type: "refresh_token", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: first.refresh_token });
    expect(renewed.status).toBe(200);
    expect((await json(renewed)).access_token).not.toBe(first.access_token);
  });

  test("a JSON body is refused with invalid_request", async () => {
    const emu = start();
    const res = await fetch(`${emu.server.url}/ws/oauth/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "monitoring" }),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toBe("invalid_request");
  });

  test.each([
    ["a scope the app was not granted", "monitoring control"],
    ["an unknown scope", "monitoring everything"],
    ["no scope at all", ""],
  ])("%s → 400 invalid_scope", async (_name, scope) => {
    const emu = start();
    const res = await emu.form({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toBe("invalid_scope");
  });

  test.each([
    { name: "a wrong secret", change: { client_secret: "wrong" }, status: 401, error: "invalid_client" },
    { name: "an unknown client", change: { client_id: "who" }, status: 401, error: "invalid_client" },
    { name: "another grant type", change: { grant_type: "password" }, status: 400, error: "unsupported_grant_type" },
  ])("$name → $status $error", async ({ change, status, error }) => {
    const emu = start();
    const res = await emu.form({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "monitoring", ...change });
    expect(res.status).toBe(status);
    expect((await json(res)).error).toBe(error);
  });

  test("the legacy /oauth/token path is a platform-style 404", async () => {
    const emu = start();
    const res = await fetch(`${emu.server.url}/oauth/token`, { method: "POST" });
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body).toEqual({ resultCode: "FAILURE", errorMessage: "HTTP 404 Not Found", incidentId: body.incidentId });
    expect(body.incidentId).toMatch(INCIDENT);
  });
});

describe("bearer tokens", () => {
  test("a token expires on the clock: good at TTL − 1 s, not_authenticated at TTL", async () => {
    const emu = start();
    const t = await emu.token();
    await emu.clock.advance(3599_000);
    expect((await emu.get("/v2/devices", t)).status).toBe(200);
    await emu.clock.advance(1000);
    const res = await emu.get("/v2/devices", t);
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual(NOT_AUTHENTICATED);
  });

  test("the token_ttl_seconds fault shortens new tokens", async () => {
    const emu = start();
    emu.faults.set({ ...emu.faults.faults, token_ttl_seconds: 30 });
    const body = await json(await emu.form({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: "monitoring" }));
    expect(body.expires_in).toBe(30);
    await emu.clock.advance(30_000);
    expect((await emu.get("/v2/devices", body.access_token)).status).toBe(401);
  });

  test("missing or unknown bearer → not_authenticated; a token without monitoring → insufficient_privileges", async () => {
    const emu = start();
    expect(await json(await emu.get("/v2/devices"))).toEqual(NOT_AUTHENTICATED);
    expect(await json(await emu.get("/v2/devices", "f".repeat(64)))).toEqual(NOT_AUTHENTICATED);
    const res = await emu.get("/v2/devices", await emu.token("management"));
    expect(res.status).toBe(401);
    expect((await json(res)).error).toBe("insufficient_privileges");
  });

  test("expire-tokens mid-pagination: the next page is refused until the client re-authenticates", async () => {
    const emu = start();
    let t = await emu.token();
    const page1 = await json(await emu.get("/v2/devices-detailed?pageSize=2", t));
    expect(ids(page1)).toEqual([101, 102]);
    const expired = await json(await fetch(`${emu.server.url}/_emulator/expire-tokens`, { method: "POST" }));
    expect(expired).toEqual({ expired: 1 });
    expect((await emu.get("/v2/devices-detailed?pageSize=2&after=102", t)).status).toBe(401);
    t = await emu.token();
    expect(ids(await json(await emu.get("/v2/devices-detailed?pageSize=2&after=102", t)))).toEqual([115, 120]);
  });
});

describe("lists", () => {
  test("paging by after returns every device once in id order, a short last page, then []", async () => {
    const emu = start();
    const t = await emu.token();
    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = await json(await emu.get(`/v2/devices-detailed?pageSize=2&after=${after}`, t));
      pages.push(ids(page));
      if (page.length === 0) break;
      after = page[page.length - 1].id;
    }
    expect(pages).toEqual([[101, 102], [115, 120], [131], []]);
  });

  test("/v2/devices leaves out the agent blocks; devices-detailed keeps them", async () => {
    const emu = start();
    const t = await emu.token();
    const [plain] = await json(await emu.get("/v2/devices?pageSize=1", t));
    const [detailed] = await json(await emu.get("/v2/devices-detailed?pageSize=1", t));
    expect(plain.id).toBe(101);
    for (const k of ["os", "system", "memory", "processors", "volumes", "ipAddresses"]) {
      expect(plain[k]).toBeUndefined();
      expect(detailed[k]).toBeDefined();
    }
    expect(detailed.lastContact).toBe(1750647301.412);
  });

  test("df filters over HTTP; an unreadable df is a platform-style 400", async () => {
    const emu = start();
    const t = await emu.token();
    const df = encodeURIComponent("org in (2,5) AND offline");
    expect(ids(await json(await emu.get(`/v2/devices?df=${df}`, t)))).toEqual([102]);
    const res = await emu.get(`/v2/devices?df=${encodeURIComponent("org >= 2")}`, t);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.resultCode).toBe("FAILURE");
    expect(body.errorMessage).toContain("Invalid device filter");
    expect(body.incidentId).toMatch(INCIDENT);
  });

  test.each(["pageSize=0", "pageSize=x", "after=-1", "after=abc"])("%p → 400 platform error", async (qs) => {
    const emu = start();
    const res = await emu.get(`/v2/devices?${qs}`, await emu.token());
    expect(res.status).toBe(400);
    expect((await json(res)).resultCode).toBe("FAILURE");
  });

  test("organizations plain vs detailed, and locations paged by after", async () => {
    const emu = start();
    const t = await emu.token();
    const plain = await json(await emu.get("/v2/organizations", t));
    expect(ids(plain)).toEqual([2, 5, 9]);
    expect(plain[0].locations).toBeUndefined();
    const detailed = await json(await emu.get("/v2/organizations-detailed?pageSize=1&after=2", t));
    expect(ids(detailed)).toEqual([5]);
    expect(detailed[0].locations).toEqual([{ name: "Main Office", address: "", description: "", id: 7 }]);
    expect(ids(await json(await emu.get("/v2/locations?pageSize=2&after=3", t)))).toEqual([4, 7]);
  });

  test("alerts: all, by sourceType, by df, per device; an unknown device is a platform 404", async () => {
    const emu = start();
    const t = await emu.token();
    expect((await json(await emu.get("/v2/alerts", t))).length).toBe(3);
    const offline = await json(await emu.get("/v2/alerts?sourceType=AGENT_OFFLINE", t));
    expect(offline.map((a: { deviceId: number }) => a.deviceId)).toEqual([102]);
    const org9 = await json(await emu.get(`/v2/alerts?df=${encodeURIComponent("org = 9")}`, t));
    expect(org9.map((a: { uid: string }) => a.uid)).toEqual(["b7e6d5c4-3a2b-4c1d-9e8f-7a6b5c4d3e52"]);
    expect((await json(await emu.get("/v2/device/101/alerts", t))).length).toBe(1);
    const missing = await emu.get("/v2/device/999/alerts", t);
    expect(missing.status).toBe(404);
    expect((await json(missing)).errorMessage).toBe("HTTP 404 Not Found");
  });

  test("activities by seriesUid carry severity; olderThan pages backwards", async () => {
    const emu = start();
    const t = await emu.token();
    const uid = "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e53";
    const body = await json(await emu.get(`/v2/activities?seriesUid=${uid}`, t));
    expect(body.lastActivityId).toBe(98817290);
    expect(body.activities.map((a: { id: number; severity: string }) => [a.id, a.severity])).toEqual([[98817290, "MAJOR"]]);
    const older = await json(await emu.get("/v2/activities?pageSize=1&olderThan=98817290", t));
    expect(ids(older.activities)).toEqual([98790011]);
  });

  test("the status filter matches the free description as it is: status=TRIGGERED finds nothing", async () => {
    const emu = start();
    const t = await emu.token();
    const all = await json(await emu.get("/v2/activities", t));
    expect(all.activities.map((a: { statusCode: string; status: string }) => [a.statusCode, a.status])).toEqual([
      ["TRIGGERED", "Triggered"],
      ["TRIGGERED", "Triggered"],
    ]);
    expect((await json(await emu.get("/v2/activities?status=TRIGGERED", t))).activities).toEqual([]);
    expect((await json(await emu.get("/v2/activities?status=triggered", t))).activities).toEqual([]);
    expect(ids((await json(await emu.get("/v2/activities?status=Triggered", t))).activities)).toEqual([98817290, 98790011]);
  });

  test("device-health pages through a server-side cursor that expires", async () => {
    const emu = start();
    const t = await emu.token();
    const first = await json(await emu.get("/v2/queries/device-health?pageSize=3", t));
    expect(first.cursor).toMatchObject({ offset: 0, count: 3 });
    expect(first.results.map((r: { deviceId: number }) => r.deviceId)).toEqual([101, 102, 115]);
    const second = await json(await emu.get(`/v2/queries/device-health?cursor=${first.cursor.name}`, t));
    expect(second.cursor).toMatchObject({ offset: 3, count: 2 });
    const done = await json(await emu.get(`/v2/queries/device-health?cursor=${first.cursor.name}`, t));
    expect(done.results).toEqual([]);
    await emu.clock.advance(15 * 60_000);
    const t2 = await emu.token();
    expect((await emu.get(`/v2/queries/device-health?cursor=${first.cursor.name}`, t2)).status).toBe(400);
  });
});

describe("faults and control", () => {
  test("a 500 fault answers in platform style; 429 carries the platform body", async () => {
    const emu = start({ rateLimit: { per_second: 0.5, burst: 2 } });
    const t = await emu.token(); // takes one of the two tokens in the bucket
    emu.faults.set({ ...emu.faults.faults, error_rate: 1, match: { routes: ["/v2/alerts"] } });
    const res = await emu.get("/v2/alerts", t);
    expect([500, 503]).toContain(res.status);
    const body = await json(res);
    expect(body.resultCode).toBe("FAILURE");
    expect(body.incidentId).toMatch(INCIDENT);
    const limited = await emu.get("/v2/devices", t);
    expect(limited.status).toBe(429);
    expect((await json(limited)).errorMessage).toBe("Too Many Requests");
  });

  test("reset forgets every token and restores the data", async () => {
    const emu = start();
    const t = await emu.token();
    emu.state.shared.current.ninjaone.devices.pop();
    await fetch(`${emu.server.url}/_emulator/reset`, { method: "POST" });
    expect((await emu.get("/v2/devices", t)).status).toBe(401);
    const dump = await json(await fetch(`${emu.server.url}/_emulator/dump`));
    expect(ids(dump.devices)).toEqual([101, 102, 115, 120, 131]);
  });
});
