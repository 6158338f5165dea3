import { describe, expect, test } from "bun:test";
import { Secrets } from "../../src/config/secrets";
import { apiChecks, readinessChecks } from "../../src/health/api-checks";
import { runChecks } from "../../src/health/checks";
import { FakeClock } from "../../src/lib/clock";
import { sourceHarness, stats } from "../sources/source-harness";

const run = async (h: Awaited<ReturnType<typeof sourceHarness>>, clock = new FakeClock()) =>
  runChecks(apiChecks({ loaded: h.loaded, gates: h.gates, clock }), 5000, clock);

describe("API checks against the emulators", () => {
  test("all three healthy with the right credentials, each with one cheap call", async () => {
    const h = await sourceHarness({ customers: 1 });
    const report = await run(h);
    expect(report.healthy).toBe(true);
    expect(Object.keys(report.components)).toEqual(["notion_api", "unifi_api", "ninjaone_api"]);
    expect((await stats(h.emu.notion.url)).requests).toEqual({ "GET /v1/users/me 200": 1 });
    expect((await stats(h.emu.unifi.url)).requests).toEqual({ "GET /v1/hosts 200": 1 });
    expect((await stats(h.emu.ninjaone.url)).requests).toEqual({ "POST /ws/oauth/token 200": 1 });
  });

  test("a wrong NOTION_TOKEN: notion_api unhealthy, the error names NOTION_TOKEN, never the token", async () => {
    const h = await sourceHarness({ customers: 1, secrets: { NOTION_TOKEN: "secret_wrongtoken1234567890" } });
    const report = await run(h);
    expect(report.healthy).toBe(false);
    const notion = report.components.notion_api!;
    expect(notion.healthy).toBe(false);
    expect(notion.error).toContain("401");
    expect(notion.error).toContain("NOTION_TOKEN");
    expect(JSON.stringify(report)).not.toContain("wrongtoken1234567890");
    expect(report.components.unifi_api!.healthy).toBe(true);
  });

  test("missing secrets are named; disabled sources are healthy and never called", async () => {
    const h = await sourceHarness({ customers: 1, config: { ninjaone: { enabled: false } } });
    h.loaded.secrets = new Secrets({});
    const report = await run(h);
    expect(report.components.notion_api).toMatchObject({ healthy: false, error: "NOTION_TOKEN is not set" });
    expect(report.components.unifi_api).toMatchObject({ healthy: false, error: "UNIFI_API_KEY is not set" });
    expect(report.components.ninjaone_api).toMatchObject({ healthy: true, detail: "disabled (ninjaone.enabled is false)" });
    expect((await stats(h.emu.ninjaone.url)).total).toBe(0);
  });

  test("both NinjaOne secrets missing are named together", async () => {
    const h = await sourceHarness({ customers: 1 });
    h.loaded.secrets = new Secrets({ NOTION_TOKEN: { value: "x", source: "env" } });
    const report = await run(h);
    expect(report.components.ninjaone_api!.error).toBe("NINJAONE_CLIENT_ID and NINJAONE_CLIENT_SECRET are not set");
  });

  test("a wrong NinjaOne secret is unhealthy with the credentials hint", async () => {
    const h = await sourceHarness({ customers: 1, secrets: { NINJAONE_CLIENT_SECRET: "bad-secret-value" } });
    const report = await run(h);
    expect(report.components.ninjaone_api!.error).toContain("NINJAONE_CLIENT_ID / NINJAONE_CLIENT_SECRET");
    expect(JSON.stringify(report)).not.toContain("bad-secret-value");
  });

  test("/ready's API checks are cached: probes within 30 s cost no API request", async () => {
    const h = await sourceHarness({ customers: 1 });
    const clock = new FakeClock();
    const checks = readinessChecks({ loaded: h.loaded, gates: h.gates, clock });
    expect(checks.map((c) => c.name)).toEqual(["notion_api", "unifi_api", "ninjaone_api", "disk", "memory"]);
    for (let i = 0; i < 3; i++) {
      await runChecks(checks, 5000, clock);
      await clock.advance(10_000);
    }
    expect((await stats(h.emu.notion.url)).total).toBe(1);
    await clock.advance(1_000); // 31 s after the first probe
    await runChecks(checks, 5000, clock);
    expect((await stats(h.emu.notion.url)).total).toBe(2);
  });
});
