import { afterEach, describe, expect, setSystemTime, test } from "bun:test";
import { CircuitOpenError, UpstreamError, type GateEvent } from "../../src/http";
import { createRng } from "@oberaconnect/common/random";
import { expectedKeys as datasetKeys } from "../../bench/chaos/check";
import { FAST_RETRY, setFaults, sourceHarness, stats } from "./source-harness";

afterEach(() => setSystemTime());

type Harness = Awaited<ReturnType<typeof sourceHarness>>;

/** Every key the emulators hold, as the reader should deliver them (the chaos check's own oracle). */
const expectedKeys = (h: Harness) => datasetKeys(h.emu.dataset);

const keysOf = (snap: { customers: { key: string }[]; sites: { key: string }[]; devices: { key: string }[]; alerts: { key: string }[] }) => ({
  customers: snap.customers.map((r) => r.key).sort(),
  sites: snap.sites.map((r) => r.key).sort(),
  devices: snap.devices.map((r) => r.key).sort(),
  alerts: snap.alerts.map((r) => r.key).sort(),
});

describe("source reads under faults (real HTTP, emulator fault layer)", () => {
  test("20% 5xx (JSON 500/503 and HTML 502 from the edge) plus latency: every record is fetched", async () => {
    const h = await sourceHarness({ customers: 8, config: { unifi: { page_size: 1 }, ninjaone: { page_size: 8 } } });
    const faults = { seed: 11, error_rate: 0.15, edge_502_rate: 0.05, latency_ms: [0, 15] };
    await setFaults(h.emu.unifi.url, faults);
    await setFaults(h.emu.ninjaone.url, faults);
    const snap = await h.reader.read();
    expect(snap.problems).toEqual([]);
    expect(snap.complete).toEqual({ customers: true, sites: true, devices: true, alerts: true });
    expect(keysOf(snap)).toEqual(expectedKeys(h));
    // The faults really happened (both kinds) and were retried: dozens of requests at 20% each.
    const all = { ...(await stats(h.emu.unifi.url)).requests, ...(await stats(h.emu.ninjaone.url)).requests };
    const failed = (re: RegExp) => Object.entries(all).filter(([k]) => re.test(k)).reduce((x, [, v]) => x + v, 0);
    expect(failed(/ 50[03]$/)).toBeGreaterThan(0);
    expect(failed(/ 502$/)).toBeGreaterThan(0);
  });

  test("a 429 storm: the gate pauses the whole API on Retry-After, stays within the server's rate, gets everything", async () => {
    const h = await sourceHarness({
      customers: 4,
      // The client is allowed 50/s; the server only 5/s with a burst of 3.
      config: { unifi: { page_size: 1, rate_limit_per_second: 50 }, ninjaone: { enabled: false } },
      gate: { retry: { ...FAST_RETRY, maxAttempts: 12, maxTotalMs: 30_000 } },
    });
    await setFaults(h.emu.unifi.url, { rate_limit: { per_second: 5, burst: 3 } });
    const snap = await h.reader.read();
    expect(snap.problems).toEqual([]);
    const want = expectedKeys(h);
    expect(keysOf(snap).sites).toEqual(want.sites);
    expect(snap.devices.map((d) => d.key).sort()).toEqual(want.devices.filter((k) => k.startsWith("unifi:")));
    const s = await stats(h.emu.unifi.url);
    expect(s.rate_limited).toBeGreaterThan(0);
    expect(s.max_requests_in_1s_after_first_429).toBeLessThanOrEqual(5 + 3);
  }, 20_000);

  test("a hung request is aborted at the timeout and its retry succeeds", async () => {
    // A seed whose first draw hangs (< 0.5) and whose second does not: only the first /v1/sites request hangs.
    const seed = Array.from({ length: 200 }, (_, i) => i + 1).find((s) => {
      const r = createRng(s);
      return r() < 0.5 && r() >= 0.5;
    })!;
    const events: GateEvent[] = [];
    const h = await sourceHarness({
      customers: 3,
      config: { api_timeout_seconds: 0.3, ninjaone: { enabled: false } },
      gate: { onEvent: (e) => events.push(e) },
    });
    await setFaults(h.emu.unifi.url, { seed, hang_rate: 0.5, match: { routes: ["/v1/sites"] } });
    const started = Date.now();
    const snap = await h.reader.read();
    expect(snap.problems).toEqual([]);
    expect(keysOf(snap).sites).toEqual(expectedKeys(h).sites);
    expect(events.filter((e) => e.type === "timeout")).toEqual([{ type: "timeout", api: "unifi", operation: "GET /v1/sites", attempt: 1, timeoutMs: 300 }]);
    expect(events.filter((e) => e.type === "retry")).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("the breaker opens after the threshold through the connector, then half-opens after the reset timeout", async () => {
    const events: GateEvent[] = [];
    const h = await sourceHarness({
      customers: 2,
      config: { circuit_breaker: { failure_threshold: 2, reset_timeout_seconds: 60 } },
      gate: { retry: { ...FAST_RETRY, maxAttempts: 2 }, onEvent: (e) => events.push(e) },
    });
    const unifi = h.unifi!;
    await setFaults(h.emu.unifi.url, { error_rate: 1 });
    for (let i = 0; i < 2; i++) expect(await unifi.listSites().catch((e: unknown) => e)).toBeInstanceOf(UpstreamError);
    expect(h.gates.unifi.breakerStatus().state).toBe("open");
    const sent = (await stats(h.emu.unifi.url)).total;
    expect(sent).toBe(4);

    // Open: refused locally, nothing reaches the API, and the reader reports it as a problem.
    const refused = await unifi.listHosts().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CircuitOpenError);
    const snap = await h.reader.read();
    expect(snap.complete).toEqual({ customers: false, sites: false, devices: false, alerts: true });
    expect(snap.problems.every((p) => p.startsWith("unifi ") && p.includes("circuit open"))).toBe(true);
    expect((await stats(h.emu.unifi.url)).total).toBe(sent);

    // The API recovers; after the reset timeout (the clock moved, nobody waits 60 s) one probe goes through.
    await setFaults(h.emu.unifi.url, {});
    setSystemTime(new Date(Date.now() + 60_001));
    expect(h.gates.unifi.breakerStatus()).toMatchObject({ state: "half_open", halfOpenInMs: 0 });
    const sites = await unifi.listSites();
    expect(sites.items.length).toBe(h.emu.dataset.unifi.sites.length);
    expect(h.gates.unifi.breakerStatus().state).toBe("closed");
    expect(events.map((e) => e.type).filter((t) => t.startsWith("breaker_"))).toEqual(["breaker_open", "breaker_half_open", "breaker_closed"]);
  });
});
