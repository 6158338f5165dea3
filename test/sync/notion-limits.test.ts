import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config/load";
import { startEmulators, type RunningEmulators } from "@oberaconnect/emulators";
import type { GateEvent } from "../../src/http";
import { FakeClock } from "@oberaconnect/common/clock";
import { buildRuntime, type Runtime } from "../../src/runtime/runtime";
import { setupAndRegister } from "../../src/sync/databases";
import { runSync, type SyncOptions } from "../../src/sync/engine";
import { JOB_NAMES } from "../../src/core/snapshot";
import { driveFakeTime } from "../helpers/fake-time-driver";
import { FAST_GATE, startStack, type Stack } from "../helpers/stack";
import { livePages } from "../helpers/sync-harness";

const FAST = { per_second: 100_000, burst: 100_000 };
const RUN: SyncOptions = { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: 5 };

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/** Requests an emulator received and has not answered yet, all three. */
const inFlight = (emu: RunningEmulators) =>
  [emu.notion, emu.unifi, emu.ninjaone].reduce((n, e) => {
    const s = e.stats.snapshot();
    return n + s.total - Object.values(s.requests).reduce((a, b) => a + b, 0);
  }, 0);

describe("Notion's request limits: wait, never fail", () => {
  test("a window budget below the pace, workspace blocks of 90–180 s and 3% 529: the first sync finishes in one run, 0 failed, 0 duplicates, nothing sent early", async () => {
    // One fake clock for the emulators, the gates and the engine: a 3-minute Retry-After costs
    // milliseconds, and a request sent before its wait ended still arrives too early.
    const clock = new FakeClock(Date.now());
    const emu = await startEmulators({ customers: 4, seed: 21, clock, rateLimits: { notion: FAST, unifi: FAST, ninjaone: FAST } });
    const dir = mkdtempSync(join(tmpdir(), "oberaconnect-limits-"));
    const c = emu.credentials;
    const loaded = parseConfig(
      { ledger: { path: "ledger.db" }, log: { level: "silent" }, notion: { base_url: emu.notion.url, parent_page_id: emu.notion.store.rootPageId }, unifi: { base_url: emu.unifi.url }, ninjaone: { base_url: emu.ninjaone.url } },
      { file: join(dir, "config.json"), env: { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret } },
    );
    // Notion's gate as configured (retries, budget, 3 in flight), only faster than 3/s in real
    // time: between the driver's steps the fake clock stands still, so to the emulator every
    // request comes at once, which is harsher than any pace.
    const rt: Runtime = buildRuntime(loaded, { clock, gateOverrides: { notion: { ratePerSecond: 50 }, unifi: FAST_GATE, ninjaone: FAST_GATE } });
    cleanup = async () => {
      rt.close();
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    await setupAndRegister({ notion: rt.notion(), known: {}, parentPageId: emu.notion.store.rootPageId, migrate: false }, rt.ledger.db);
    const reasons = new Set<string>();
    rt.onGateEvent((e: GateEvent) => void (e.type === "rate_limited" && reasons.add(e.reason ?? "none")));
    await fetch(`${emu.notion.url}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ seed: 4, window_budget: { requests: 25, window_seconds: 10 }, workspace_block_rate: 0.02, workspace_block_seconds: [90, 180], overload_rate: 0.03, overload_retry_after_seconds: [1, 5] }),
    });
    emu.notion.stats.reset();

    const report = await driveFakeTime(clock, runSync(rt.syncDeps(), RUN), () => inFlight(emu) === 0, { maxRealMs: 90_000 });
    expect(report.error).toBeNull();
    expect(report.exitCode).toBe(0);
    expect(report.totals.failed).toBe(0);
    expect(report.totals.created).toBeGreaterThan(60);
    const pages = livePages(emu.notion);
    expect(new Set(pages.map((p) => p.key)).size).toBe(pages.length);
    expect(pages.length).toBe(report.totals.created);
    const stats = emu.notion.stats.snapshot();
    expect(stats.early_requests).toBe(0);
    // Every kind of limit was met on the way.
    expect([...reasons].sort()).toEqual(["public_api_request_rate_limit", "public_api_space_request_rate_limit", "service_overload"]);
    expect(stats.rate_limited).toBeGreaterThan(3);
  }, 120_000);
});

describe("the Free plan's block limit: stop creating, keep updating", () => {
  let s: Stack;
  test("creates stop at the limit, updates and archives go on, the run reports the blocked creates (exit 4); the dry run's forecast is what the sync tried", async () => {
    s = await startStack({ customers: 3, seed: 8 });
    cleanup = () => s.stop();
    const notion = s.emulators.notion;
    expect((await s.sync()).exitCode).toBe(0);
    await fetch(`${s.emulators.unifi.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 5, new_alerts: 2 }) });
    expect((await s.sync()).exitCode).toBe(0);

    // New devices and alerts (creates), devices offline (updates), resolved alerts (archives).
    await fetch(`${s.emulators.unifi.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 3, new_devices: 6, devices_offline: 4, new_alerts: 3, resolve_alerts: 1 }) });
    const forecast = await s.sync({ dryRun: true });
    const willCreate = forecast.jobs.reduce((n, j) => n + (j.planned.create ?? 0), 0);
    const willUpdate = forecast.jobs.reduce((n, j) => n + (j.planned.update ?? 0), 0);
    const willArchive = forecast.jobs.reduce((n, j) => n + (j.planned.archive ?? 0), 0);
    expect(willCreate).toBeGreaterThan(3);
    expect(willUpdate).toBeGreaterThan(0);
    expect(willArchive).toBeGreaterThan(0);

    // The workspace reaches its limit with the next page; the grace period is over at once.
    const used = ((await (await fetch(`${notion.url}/_emulator/workspace`)).json()) as { blocks_used: number }).blocks_used;
    await fetch(`${notion.url}/_emulator/workspace`, { method: "POST", body: JSON.stringify({ block_limit: { blocks: used + 1, grace_seconds: 0 } }) });
    notion.stats.reset();
    const run = await s.sync();
    expect(run.exitCode).toBe(4);
    expect(run.createsRefused?.kind).toBe("block_limit");
    expect(run.totals.created).toBe(1); // the one that reached the limit
    expect(run.totals.created + run.totals.blocked).toBe(willCreate);
    expect(run.totals.failed).toBe(0);
    expect(run.totals.updated).toBe(willUpdate);
    expect(run.totals.archived).toBe(willArchive);
    // No retry storm: the refusals are the creates that were already on their way (≤ in flight).
    const refused = notion.stats.count("POST", "/v1/pages", 400);
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(s.rt.gates.notion.status().concurrency);
    expect(s.rt.repos.records.counts().devices?.blocked ?? 0).toBeGreaterThan(0);

    // The next run tries one create, is refused again, writes nothing else.
    notion.stats.reset();
    const again = await s.sync();
    expect(again.exitCode).toBe(4);
    expect(notion.stats.count("POST", "/v1/pages")).toBe(1);
    expect(again.totals.updated + again.totals.archived).toBe(0);

    // The plan is upgraded: the blocked records are created, without a lookup each.
    await fetch(`${notion.url}/_emulator/workspace`, { method: "POST", body: JSON.stringify({ block_limit: null }) });
    notion.stats.reset();
    const after = await s.sync();
    expect(after.exitCode).toBe(0);
    expect(after.totals.created).toBe(willCreate - 1);
    expect(notion.stats.count("POST", "/v1/data_sources/:data_source_id/query")).toBe(0);
  }, 60_000);

  test("a refusal in words we do not know, repeated for several records, is taken for the limit too (the stricter reading)", async () => {
    s = await startStack({ customers: 2, seed: 9 });
    cleanup = () => s.stop();
    const notion = s.emulators.notion;
    const used = ((await (await fetch(`${notion.url}/_emulator/workspace`)).json()) as { blocks_used: number }).blocks_used;
    await fetch(`${notion.url}/_emulator/workspace`, {
      method: "POST",
      body: JSON.stringify({ block_limit: { blocks: used + 5, grace_seconds: 0, status: 400, code: "validation_error", message: "Your workspace plan does not allow more content to be added." } }),
    });
    const run = await s.sync({ concurrency: 1 });
    expect(run.exitCode).toBe(4);
    expect(run.createsRefused?.kind).toBe("plan_restriction");
    expect(run.totals.created).toBe(5);
    expect(run.totals.failed).toBe(0); // the streak's first refusals wait as blocked too
    expect(notion.stats.count("POST", "/v1/pages", 400)).toBe(3); // the streak that settled it
    expect(run.totals.blocked).toBe(run.jobs.reduce((n, j) => n + (j.planned.create ?? 0), 0) - 5);
  }, 60_000);
});
