import { ledgerRepos } from "../src/ledger/repos";
import { parseConfig } from "../src/config/load";
import { generateDataset } from "@oberaconnect/emulators/dataset/generate";
import { mutate } from "@oberaconnect/emulators/dataset/mutate";
import { systemClock } from "@oberaconnect/common/clock";
import { createRng } from "@oberaconnect/common/random";
import { createNotionApi } from "../src/notion/api";
import { createGates, type Gates } from "../src/runtime/gates";
import { buildRuntime } from "../src/runtime/runtime";
import { startService } from "../src/runtime/service";
import { sourcesFromConfig } from "../src/runtime/sources";
import { setupAndRegister } from "../src/sync/databases";
import { runSync } from "../src/sync/engine";
import { contentHash } from "../src/sync/hash";
import { JOBS } from "../src/sync/jobs";
import { planJob } from "../src/sync/plan";
import { JOB_NAMES } from "../src/core/snapshot";
import { silentLogger } from "../src/telemetry/logger";
import type { RecordRow } from "../src/ledger/schema";
import { BENCH_GATE, fastGate, mb, ms, stack, type BenchResult } from "./common";

export type { BenchResult } from "./common";

export async function benchGenerate(): Promise<BenchResult> {
  const t0 = performance.now();
  const ds = generateDataset({ customers: 2000, seed: 1 });
  const generateMs = ms(t0);
  const unifiDevices = ds.unifi.devices.reduce((n, g) => n + g.devices.length, 0);
  const counts = { ninja: ds.ninjaone.devices.length, sites: ds.unifi.sites.length, alerts: ds.ninjaone.alerts.length };
  const t1 = performance.now();
  mutate(ds, { seed: 2, fraction: 0.05 }, createRng(2));
  return {
    title: "Dataset generator, 2,000 customers",
    what: "Seeded generation of both sources' data (issue: 2,000 customers, ~40k devices, in a few seconds), and one 5% mutation.",
    figures: {
      "NinjaOne devices": counts.ninja,
      "UniFi devices": unifiDevices,
      sites: counts.sites,
      alerts: counts.alerts,
      "generate (ms)": generateMs,
      "mutate 5% (ms)": ms(t1),
    },
    verdict: generateMs < 5000 ? "Within the few-seconds budget." : "Over the 5 s budget.",
    failed: generateMs >= 5000,
  };
}

export async function benchSourceRead(): Promise<BenchResult> {
  const s = await stack(2000);
  const gates: Gates = { notion: fastGate("notion"), unifi: fastGate("unifi"), ninjaone: fastGate("ninjaone") };
  Bun.gc(true);
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const snap = await sourcesFromConfig(s.loaded, gates, silentLogger, systemClock).read();
  const readMs = ms(t0);
  const rss = process.memoryUsage().rss;
  const unifiReqs = s.emulators.unifi.stats.snapshot().total;
  const ninjaReqs = s.emulators.ninjaone.stats.snapshot().total;
  await s.close();
  return {
    title: "Reading both sources, 2,000 customers",
    what: "UniFi (page size 200) and NinjaOne (page size 1,000) read through the connectors and normalized, rate limits out of the way. RSS counts the emulators too: they run in the same process and hold the whole dataset.",
    figures: {
      customers: snap.customers.length,
      sites: snap.sites.length,
      devices: snap.devices.length,
      alerts: snap.alerts.length,
      "UniFi requests": unifiReqs,
      "NinjaOne requests": ninjaReqs,
      "read + normalize (ms)": readMs,
      "RSS growth": mb(rss - rss0),
      "RSS after": mb(rss),
    },
  };
}

export async function benchPlan(): Promise<BenchResult> {
  const s = await stack(2000);
  const gates: Gates = { notion: fastGate("notion"), unifi: fastGate("unifi"), ninjaone: fastGate("ninjaone") };
  const snap = await sourcesFromConfig(s.loaded, gates, silentLogger, systemClock).read();
  await s.close();
  const lookup = () => "00000000000000000000000000000000";
  let records = 0;
  const t0 = performance.now();
  const built = JOBS.map((j) => {
    const desired = j.build(snap, lookup);
    records += desired.length;
    return { j, desired };
  });
  const buildMs = ms(t0);
  const t1 = performance.now();
  for (const { j, desired } of built) {
    const ledger = new Map<string, RecordRow>(
      desired.map((d, i) => [
        d.key,
        { id: i, job: j.name, sourceKey: d.key, notionPageId: `p${i}`, contentHash: contentHash(d.props), state: "synced", attempts: 0, lastError: null, nextAttemptAt: null, missedRuns: 0, writeStartedAt: null, writeHash: null, statusValue: null, firstSeenAt: "", lastSeenAt: "", updatedAt: "" },
      ]),
    );
    const plan = planJob({ desired, ledger, mode: "incremental", nowMs: Date.now(), complete: true, present: new Set(), archiveAfterMissedRuns: 2, archiveAtOnce: false });
    if (plan.actions.some((a) => a.kind !== "unchanged")) throw new Error("unexpected work in a quiet plan");
  }
  const planMs = ms(t1);
  return {
    title: "Planning a quiet run, 2,000 customers",
    what: "Building every record's desired properties and planning against a ledger that already holds them all (the steady state: every record unchanged, zero requests).",
    figures: { records, "build desired properties (ms)": buildMs, "hash + plan against the ledger (ms)": planMs },
  };
}

export async function benchEngine(): Promise<BenchResult> {
  const s = await stack(300);
  const gates: Gates = { notion: fastGate("notion"), unifi: fastGate("unifi"), ninjaone: fastGate("ninjaone") };
  const notion = createNotionApi({ baseUrl: s.emulators.notion.url, token: s.emulators.credentials.notionToken, gate: gates.notion });
  await setupAndRegister({ notion, known: {}, parentPageId: s.emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
  const sources = sourcesFromConfig(s.loaded, gates, silentLogger, systemClock);
  const run = () =>
    runSync(
      { config: s.loaded.config, repos: ledgerRepos(s.ledger, systemClock.now), notion, sources, clock: systemClock, logger: silentLogger },
      { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: 16 },
    );
  const t0 = performance.now();
  const first = await run();
  const firstMs = ms(t0);
  const t1 = performance.now();
  const second = await run();
  const secondMs = ms(t1);
  const rss = process.memoryUsage().rss;
  await s.close();
  return {
    title: "Engine overhead, 300 customers, Notion limit lifted",
    what: "What the engine itself costs per record when Notion answers at once: first sync (every page created), then a quiet re-run. RSS includes the three emulators, which run in the same process.",
    figures: {
      records: first.totals.created,
      "first sync (ms)": firstMs,
      "first sync, records/s": Math.round(first.totals.created / (firstMs / 1000)),
      "quiet re-run (ms)": secondMs,
      "quiet re-run, Notion writes": second.notionRequests.writes,
      "RSS after": mb(rss),
    },
    verdict: second.notionRequests.writes === 0 ? "A quiet re-run makes no Notion write." : "A quiet re-run wrote to Notion.",
    failed: second.notionRequests.writes !== 0,
  };
}

export async function benchRateLimit(): Promise<BenchResult> {
  // Notion's documented average (3/s) with a small burst, enforced by the emulator; the client at the config default.
  const s = await stack(2, { per_second: 3, burst: 5 }, 3);
  const gates = createGates(s.loaded.config);
  const notion = createNotionApi({ baseUrl: s.emulators.notion.url, token: s.emulators.credentials.notionToken, gate: gates.notion });
  await setupAndRegister({ notion, known: {}, parentPageId: s.emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
  s.emulators.notion.stats.reset();
  const t0 = performance.now();
  const report = await runSync(
    { config: s.loaded.config, repos: ledgerRepos(s.ledger, systemClock.now), notion, sources: sourcesFromConfig(s.loaded, gates, silentLogger, systemClock), clock: systemClock, logger: silentLogger },
    { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: gates.notion.status().concurrency + 2 },
  );
  const elapsed = ms(t0) / 1000;
  const stats = s.emulators.notion.stats.snapshot();
  await s.close();
  const requests = stats.total;
  return {
    title: "Notion at its real limit: 3 requests/s",
    what: "First sync of 2 customers with the emulated Notion enforcing 3 requests/s (burst 5) and the client at the default `sync_rate_limit_per_second: 3`.",
    figures: {
      "pages created": report.totals.created,
      "Notion requests": requests,
      "elapsed (s)": elapsed.toFixed(1),
      "achieved requests/s": (requests / elapsed).toFixed(2),
      "429 responses": stats.rate_limited,
      "most requests in any 1 s window": stats.max_requests_in_1s,
    },
    verdict: stats.rate_limited === 0 ? "No request was rate limited: the client stays inside Notion's budget." : "Notion answered 429.",
    failed: stats.rate_limited !== 0 || report.exitCode !== 0,
  };
}

/**
 * What telemetry costs: the same first sync (200 customers, Notion limit lifted) with spans off
 * (OTEL_SDK_DISABLED), recorded but not exported (no endpoint, the default) and exported to an
 * OTLP/HTTP receiver on loopback; and /ready and /metrics latency on a running service.
 */
export async function benchTelemetry(): Promise<BenchResult> {
  const receiver = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async (req) => (await req.arrayBuffer(), Response.json({})) });
  const variants: [string, Record<string, string>][] = [
    ["spans off", { OTEL_SDK_DISABLED: "true" }],
    ["spans recorded, not exported", {}],
    ["spans exported (OTLP/HTTP)", { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}` }],
  ];
  const figures: Record<string, string | number> = {};
  const best = new Map<string, number>();
  // A warm-up, then every variant twice, interleaved; the faster of the two counts (noise on a
  // shared machine is larger than the difference measured).
  for (const [label, env] of [variants[1]!, ...variants, ...variants]) {
    const s = await stack(200);
    const rt = buildRuntime(s.loaded, { ledger: s.ledger, logger: silentLogger, env, gateOverrides: { notion: BENCH_GATE, unifi: BENCH_GATE, ninjaone: BENCH_GATE } });
    await setupAndRegister({ notion: rt.notion(), known: {}, parentPageId: s.emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
    const t0 = performance.now();
    const report = await runSync(rt.syncDeps(), { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: 16 });
    const took = ms(t0);
    if (report.exitCode !== 0) throw new Error(`telemetry bench: the sync did not succeed (${report.status})`);
    best.set(label, Math.min(best.get(label) ?? Infinity, took));
    figures.records = report.totals.created;
    await rt.shutdown();
    await s.close();
  }
  receiver.stop(true);
  for (const [label] of variants) figures[`first sync, ${label} (ms, best of 2)`] = best.get(label) as number;

  const s = await stack(20);
  const loaded = parseConfig({ ...s.raw, scheduler: { enabled: false } }, { file: s.loaded.file, env: s.env });
  const rt = buildRuntime(loaded, { ledger: s.ledger, logger: silentLogger });
  const shutdown = new AbortController();
  const svc = await startService(rt, { listen: { host: "127.0.0.1", port: 0 }, shutdownSignal: shutdown.signal });
  const latency = async (path: string, n: number) => {
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await (await fetch(`${svc.url}${path}`)).text();
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    return `p50 ${t[Math.floor(n / 2)]!.toFixed(2)} / p99 ${t[Math.floor(n * 0.99)]!.toFixed(2)}`;
  };
  figures["/ready latency, 1,000 sequential (ms)"] = await latency("/ready", 1000);
  figures["/metrics latency, 200 sequential (ms)"] = await latency("/metrics", 200);
  shutdown.abort();
  await svc.stop(5000);
  await rt.telemetry.shutdown();
  await s.close();
  return {
    title: "Telemetry overhead",
    what: "The same first sync (200 customers, every API unlimited, so the engine and telemetry are all that is measured) with spans off, recorded but not exported, and exported to an OTLP/HTTP receiver on loopback; then probe latency on a running service (sequential requests from this process).",
    figures,
  };
}
