import { describe, expect, test } from "bun:test";
import { ForbiddenError, UnauthorizedError } from "../../src/http";
import { FakeClock } from "@oberaconnect/common/clock";
import { countOf, setFaults, sourceHarness, stats } from "./source-harness";

const TOKEN = "POST /ws/oauth/token 200";

describe("NinjaOne connector against the emulator", () => {
  test("reads organizations, locations, devices (paged) and alerts in full with one token", async () => {
    const h = await sourceHarness({ customers: 8, config: { ninjaone: { page_size: 7 } } });
    const n = h.ninjaone!;
    const [orgs, locations, devices, alerts] = await Promise.all([n.listOrganizations(), n.listLocations(), n.listDevices(), n.listAlerts()]);
    const dump = h.emu.dataset.ninjaone;
    expect(orgs.items.map((o) => o.id)).toEqual(dump.organizations.map((o) => o.id).sort((a, b) => a - b));
    expect(locations.items).toHaveLength(dump.locations.length);
    const ids = devices.items.map((d) => d.id);
    expect(ids).toEqual(dump.devices.map((d) => d.id).sort((a, b) => a - b));
    expect(dump.devices.length).toBeGreaterThan(14);
    expect(alerts.items.map((a) => a.uid).sort()).toEqual(dump.alerts.map((a) => a.uid).sort());
    const s = await stats(h.emu.ninjaone.url);
    // Four callers started at once still shared one token request.
    expect(s.requests[TOKEN]).toBe(1);
    expect(countOf(s.requests, "GET /v2/devices-detailed 200")).toBe(Math.floor(dump.devices.length / 7) + 1);
  });

  test("token expiry mid-pagination: one 401, one renewal, every device exactly once", async () => {
    let pages = 0;
    let emuUrl = "";
    // Expires every token through the emulator's control API right after the first device page.
    const expiring = async (url: string, init: RequestInit) => {
      const res = await fetch(url, init);
      if (url.includes("/v2/devices-detailed") && res.ok && ++pages === 1) {
        await fetch(`${emuUrl}/_emulator/expire-tokens`, { method: "POST" });
      }
      return res;
    };
    const h = await sourceHarness({ customers: 6, config: { ninjaone: { page_size: 5 } }, fetch: expiring });
    emuUrl = h.emu.ninjaone.url;
    const devices = await h.ninjaone!.listDevices();
    const ids = devices.items.map((d) => d.id);
    expect(ids).toEqual(h.emu.dataset.ninjaone.devices.map((d) => d.id).sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const s = await stats(emuUrl);
    expect(s.requests[TOKEN]).toBe(2);
    expect(s.requests["GET /v2/devices-detailed 401"]).toBe(1);
    expect(h.ninjaone!.auth.requests).toBe(2);
  });

  test("a token is renewed 60 s before it expires, on the injected clock, without a 401", async () => {
    const clock = new FakeClock();
    const h = await sourceHarness({ customers: 2, clock });
    await setFaults(h.emu.ninjaone.url, { token_ttl_seconds: 120 });
    await h.ninjaone!.listOrganizations();
    await clock.advance(59_000);
    await h.ninjaone!.listOrganizations();
    expect((await stats(h.emu.ninjaone.url)).requests[TOKEN]).toBe(1);
    await clock.advance(2_000); // 61 s after issue: inside the last minute of a 120 s token
    await h.ninjaone!.listOrganizations();
    const s = await stats(h.emu.ninjaone.url);
    expect(s.requests[TOKEN]).toBe(2);
    expect(countOf(s.requests, "GET /v2/organizations 401")).toBe(0);
  });

  test("concurrent callers after an expiry share one renewal", async () => {
    const h = await sourceHarness({ customers: 3 });
    const n = h.ninjaone!;
    await n.listAlerts();
    await fetch(`${h.emu.ninjaone.url}/_emulator/expire-tokens`, { method: "POST" });
    await Promise.all(Array.from({ length: 6 }, () => n.listAlerts()));
    const s = await stats(h.emu.ninjaone.url);
    expect(s.requests[TOKEN]).toBe(2);
    expect(s.requests["GET /v2/alerts 401"]).toBe(6);
    expect(s.requests["GET /v2/alerts 200"]).toBe(7);
  });

  test("a second 401 is final: UnauthorizedError with the NINJAONE_CLIENT_ID / SECRET hint", async () => {
    // Every API call carries a token the emulator never issued.
    const bad = (url: string, init: RequestInit) =>
      fetch(url, url.includes("/v2/") ? { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: "Bearer not-a-token" } } : init);
    const h = await sourceHarness({ customers: 1, fetch: bad });
    const err = await h.ninjaone!.listOrganizations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect((err as Error).message).toContain("NINJAONE_CLIENT_ID / NINJAONE_CLIENT_SECRET");
    const s = await stats(h.emu.ninjaone.url);
    expect(s.requests[TOKEN]).toBe(2);
    expect(s.requests["GET /v2/organizations 401"]).toBe(2);
  });

  test("a wrong client secret fails at the token request, without leaking it", async () => {
    const h = await sourceHarness({ customers: 1, secrets: { NINJAONE_CLIENT_SECRET: "wrong-secret-value" } });
    const err = await h.ninjaone!.listOrganizations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect((err as Error).message).toContain("NINJAONE_CLIENT_ID");
    expect(JSON.stringify((err as UnauthorizedError).toJSON())).not.toContain("wrong-secret-value");
  });

  test("a scope the app was not granted is a ForbiddenError at the token step (400 invalid_scope)", async () => {
    const h = await sourceHarness({ customers: 1, config: { ninjaone: { scope: "monitoring control" } } });
    const err = await h.ninjaone!.listOrganizations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as Error).message).toContain("ninjaone.scope");
  });

  test("the token request is form-encoded with the configured scope, to the regional base URL", async () => {
    const seen: { url: string; type: string | null; body: string }[] = [];
    const spy = async (url: string, init: RequestInit) => {
      if (url.endsWith("/ws/oauth/token")) seen.push({ url, type: new Headers(init.headers).get("content-type"), body: String(init.body) });
      return fetch(url, init);
    };
    const h = await sourceHarness({ customers: 1, fetch: spy });
    await h.ninjaone!.listOrganizations();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(`${h.emu.ninjaone.url}/ws/oauth/token`);
    expect(seen[0]!.type).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("scope")).toBe("monitoring");
  });
});
