import { afterEach, describe, expect, test } from "bun:test";
import { FakeClock } from "@oberaconnect/common/clock";
import type { QueueStats } from "../../src/ledger/pending-repo";
import { StatusLines } from "../../src/sync/status-line";
import { JOBS } from "../../src/sync/jobs";
import { samples } from "../helpers/prom";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";
import { until } from "../helpers/wait";

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type Freshness = { text: string; pending: number; oldest_pending_seconds: number | null; jobs: Record<string, { pending: number; by_priority: Record<string, number>; oldest_pending_seconds: number | null; text: string }> };

describe("freshness, as the on-call sees it", () => {
  test("a poll queues while the writer is paused: /admin/status and the gauges show the backlog by job and priority and its age; resumed, it drains to 0", async () => {
    const clock = new FakeClock(Date.parse("2026-12-05T07:30:00Z"));
    h = await startServiceHarness({ customers: 2, seed: 11, clock });
    h.s.emulators.shared.mutate({ seed: 1, source: "ninjaone", new_alerts: 2 });
    expect((await h.admin("/admin/scheduler/pause", { method: "POST" })).status).toBe(200);
    expect((await h.admin("/admin/sync", { method: "POST" })).status).toBe(202);
    await h.svc.syncs.pollsIdle();
    expect(h.s.emulators.notion.stats.count("POST", "/v1/pages")).toBe(0); // paused: polled, not written

    await clock.advance(14 * 60_000);
    const st = (await (await h.admin("/admin/status")).json()) as { freshness: Freshness };
    const f = st.freshness;
    expect(f.pending).toBeGreaterThan(20);
    expect(f.jobs.devices!.pending).toBeGreaterThan(0);
    // Every device is new (P2) but those the new alerts are on: promoted to the alerts' P0.
    expect(f.jobs.devices!.by_priority["0"]).toBe(2);
    expect(f.jobs.devices!.by_priority["2"]).toBe(f.jobs.devices!.pending - 2);
    expect(f.jobs.alerts!.pending).toBeGreaterThanOrEqual(2);
    expect(f.jobs.alerts!.by_priority["0"]).toBe(f.jobs.alerts!.pending); // alerts: P0
    expect(f.jobs.devices!.oldest_pending_seconds).toBeGreaterThanOrEqual(14 * 60);
    expect(f.jobs.devices!.text).toMatch(/^catching up: [\d,]+ device changes pending, oldest 14 min$/);
    expect(f.text).toMatch(/^catching up: [\d,]+ change\(s\) pending, oldest 14 min$/);

    const scrape = await (await fetch(`${h.url}/metrics`)).text();
    const pending = samples(scrape, "oberaconnect_pending_records");
    expect(pending.find((s) => s.labels.sync_job === "devices" && s.labels.priority === "2")?.value).toBe(f.jobs.devices!.pending - 2);
    expect(pending.find((s) => s.labels.sync_job === "alerts" && s.labels.priority === "0")?.value).toBe(f.jobs.alerts!.pending);
    expect(pending.find((s) => s.labels.sync_job === "devices" && s.labels.priority === "3")?.value).toBe(0);
    const oldest = samples(scrape, "oberaconnect_oldest_pending_seconds");
    expect(oldest.find((s) => s.labels.sync_job === "devices")!.value).toBeGreaterThanOrEqual(14 * 60);

    expect((await h.admin("/admin/scheduler/resume", { method: "POST" })).status).toBe(200);
    await until(async () => ((await (await h!.admin("/admin/status")).json()) as { freshness: Freshness }).freshness.pending === 0 || undefined, 20_000, "the backlog written");
    const after = await (await fetch(`${h.url}/metrics`)).text();
    expect(samples(after, "oberaconnect_pending_records").every((s) => s.value === 0)).toBe(true);
    expect(samples(after, "oberaconnect_oldest_pending_seconds").every((s) => s.value === 0)).toBe(true);
    expect(((await (await h.admin("/admin/status")).json()) as { freshness: Freshness }).freshness.text).toBe("in sync");
  }, 40_000);
});

describe("the Sync status line in Notion", () => {
  test("each database's description says how fresh it is; one write per database when what it says changes, no more than every status_line_minutes, refreshed every six of those", async () => {
    const clock = new FakeClock(Date.parse("2026-12-05T07:41:10Z"));
    h = await startServiceHarness({ customers: 1, seed: 4, clock, config: { writer: { status_line_minutes: 0 } } }); // the service's own lines off: this test drives one
    const notion = h.s.emulators.notion;
    let q: QueueStats = { byJob: {}, total: 0 };
    const registry = h.s.rt.repos.registry;
    const lines = new StatusLines({
      notion: () => h!.s.rt.notion(),
      clock,
      logger: h.s.rt.logger,
      queue: () => q,
      databaseId: (job) => registry.get(JOBS.find((j) => j.name === job)!.database)?.databaseId ?? null,
      everyMinutes: () => 5,
    });
    const writes = () => notion.stats.count("PATCH", "/v1/databases/:database_id");
    const description = (job: string) => {
      const id = registry.get(JOBS.find((j) => j.name === job)!.database)!.databaseId;
      return notion.store.requireDatabase(id).description.map((t) => t.plain_text).join("");
    };
    const base = writes();

    await lines.update();
    expect(writes() - base).toBe(4); // one per database
    expect(description("alerts")).toContain("Sync status: in sync as of 07:41 UTC · backlog 0");
    await lines.update();
    expect(writes() - base).toBe(4); // nothing changed, nothing written

    // 1,204 device changes fall behind: the devices line says so, but not before 5 min have passed.
    q = { byJob: { devices: { pending: 1204, byPriority: { 1: 1204 }, oldestSinceMs: clock.now() } }, total: 1204 };
    await clock.advance(60_000);
    await lines.update();
    expect(writes() - base).toBe(4);
    await clock.advance(4 * 60_000);
    await lines.update();
    expect(writes() - base).toBe(5); // only the devices database
    expect(description("devices")).toContain("Sync status: catching up: 1,204 device changes pending, oldest 5 min (as of 07:46 UTC)");
    expect(description("alerts")).toContain("in sync as of 07:41 UTC");

    // An hour of the same backlog, looked at every 30 s: the devices line follows its growing age
    // every 5 min; the others are refreshed every 30 min. Never more than one write per database per 5 min.
    for (let i = 0; i < 120; i++) {
      await clock.advance(30_000);
      await lines.update();
    }
    const hourWrites = writes() - base - 5;
    expect(hourWrites).toBeLessThanOrEqual(12 + 3 * 2);
    expect(hourWrites).toBeGreaterThanOrEqual(10);
    expect(description("devices")).toMatch(/catching up: 1,204 device changes pending, oldest 1 h( \d+ min)?/);
    expect(description("devices").startsWith("Kept up to date by oberaconnect-sync")).toBe(true);
  }, 30_000);
});
