import { afterEach, describe, expect, test } from "bun:test";
import type { GateEvent } from "../../src/http";
import { json, waitReady } from "../helpers/http";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A loopback port nothing listens on any more. */
function closedPort(): string {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const url = `http://127.0.0.1:${server.port}`;
  server.stop(true);
  return url;
}

async function probeMany(url: string, n: number) {
  const latencies: number[] = [];
  let last: { status: number; body: unknown } | undefined;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/ready`);
    const body = await res.json();
    latencies.push(performance.now() - t0);
    last = { status: res.status, body };
  }
  latencies.sort((a, b) => a - b);
  return { last: last!, p50: latencies[Math.floor(n / 2)]!, p95: latencies[Math.floor(n * 0.95)]!, max: latencies.at(-1)! };
}

describe("/ready answers from cached state", () => {
  test("every API unreachable: 1000 probes answer fast, 503 with each reason, and cost a handful of outbound attempts", async () => {
    const [notion, unifi, ninjaone] = [closedPort(), closedPort(), closedPort()];
    h = await startServiceHarness({ setup: false, config: { notion: { base_url: notion }, unifi: { base_url: unifi }, ninjaone: { base_url: ninjaone } } });
    const attempts: GateEvent[] = [];
    h.s.rt.onGateEvent((e) => e.type === "attempt" && attempts.push(e));
    const r = await probeMany(h.url, 1000);
    console.log(`/ready x1000, APIs unreachable: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, max ${r.max.toFixed(1)} ms; outbound attempts ${attempts.length}`);
    expect(r.p95).toBeLessThan(100);
    expect(r.last.status).toBe(503);
    const c = (r.last.body as { components: Record<string, { healthy: boolean; error?: string }> }).components;
    for (const api of ["notion_api", "unifi_api", "ninjaone_api"]) {
      expect(c[api]!.healthy).toBe(false);
      expect(c[api]!.error).toMatch(/unreachable|circuit open|not checked yet/);
    }
    expect(c.ledger!.healthy).toBe(true);
    // One probe per API per 30 s (plus the start-up schema check's attempts against Notion).
    expect(attempts.filter((e) => e.api === "unifi").length).toBeLessThanOrEqual(1);
    expect(attempts.filter((e) => e.api === "ninjaone").length).toBeLessThanOrEqual(2); // token request + probe
    expect(attempts.length).toBeLessThanOrEqual(8);
  }, 30_000);

  test("APIs that hang: /ready still answers at once, and 1000 probes reach the emulators at most once per API", async () => {
    h = await startServiceHarness();
    expect((await waitReady(h.url)).status).toBe(200);
    const emu = h.s.emulators;
    for (const e of [emu.notion, emu.unifi, emu.ninjaone]) {
      e.stats.reset();
      await fetch(`${e.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ hang_rate: 1 }) });
    }
    await h.s.rt.clock.sleep(0);
    const r = await probeMany(h.url, 1000);
    console.log(`/ready x1000, APIs hanging: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms; emulator requests ${emu.notion.stats.snapshot().total + emu.unifi.stats.snapshot().total + emu.ninjaone.stats.snapshot().total}`);
    expect(r.p95).toBeLessThan(100);
    // The last outcomes are fresh (< 30 s): no probe was due, so nothing reached the hanging APIs.
    expect(emu.notion.stats.snapshot().total + emu.unifi.stats.snapshot().total + emu.ninjaone.stats.snapshot().total).toBeLessThanOrEqual(3);
    expect(r.last.status).toBe(200);
  }, 30_000);

  test("a failed schema check makes /ready 503, naming the property", async () => {
    h = await startServiceHarness();
    const ds = h.s.rt.repos.registry.get("devices")!.dataSourceId;
    await fetch(`${h.s.emulators.notion.url}/v1/data_sources/${ds}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${h.s.env.NOTION_TOKEN}`, "notion-version": "2025-09-03", "content-type": "application/json" },
      body: JSON.stringify({ properties: { Status: null } }),
    });
    const schema = await json(h.admin("/admin/schema"));
    expect(schema.ok).toBe(false);
    const ready = await json(fetch(`${h.url}/ready`));
    expect(ready.status).toBe("not_ready");
    expect(ready.components.notion_schema).toMatchObject({ healthy: false, error: expect.stringContaining("devices.Status") });
  }, 30_000);

  test("/ready shows anonymous callers no filesystem path", async () => {
    h = await startServiceHarness();
    await waitReady(h.url);
    const body = await (await fetch(`${h.url}/ready`)).text();
    expect(body).toContain('"config"');
    expect(body).not.toContain(h.s.dir);
    expect(body).not.toContain("config.json");
  }, 30_000);
});
