import { afterEach, describe, expect, test } from "bun:test";
import { json } from "../helpers/http";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const writes = (harness: ServiceHarness) =>
  harness.s.emulators.notion.stats.count("POST", "/v1/pages") + harness.s.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id");

describe("POST /admin/sync", () => {
  test("202 with the run id; a second POST while it runs is 409 naming it; the run is listed with its counts", async () => {
    h = await startServiceHarness({ customers: 3 });
    // Slow Notion down so the run is still going when the second POST arrives.
    await fetch(`${h.s.emulators.notion.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ latency_ms: [20, 20] }) });
    const first = await h.admin("/admin/sync", { method: "POST", body: "{}" });
    expect(first.status).toBe(202);
    const { run_id } = await json(first);
    expect(run_id).toBeGreaterThan(0);

    const second = await h.admin("/admin/sync", { method: "POST", body: '{"mode":"full"}' });
    expect(second.status).toBe(409);
    expect((await json(second)).error).toMatchObject({ code: "sync_running", run_id });
    const status = await json(h.admin("/admin/status"));
    expect(status.running).toMatchObject({ runId: run_id, trigger: "admin" });

    await h.svc.syncs.idle();
    const runs = await json(h.admin("/admin/runs?limit=5"));
    expect(runs.runs[0]).toMatchObject({ id: run_id, status: "succeeded", mode: "incremental" });
    expect(runs.runs[0].counts.created).toBe(h.s.emulators.notion.store.dump().pages.filter((p) => p.parent.type === "data_source_id").length);
    const one = await json(h.admin(`/admin/runs/${run_id}`));
    expect(one.run.counts).toEqual(runs.runs[0].counts);
    const after = await json(h.admin("/admin/status"));
    expect(after.running).toBeNull();
    expect(after.jobs.devices.last_run).toMatchObject({ id: run_id, status: "succeeded" });
    expect(after.jobs.devices.records.synced).toBeGreaterThan(0);
    expect(after.backlog.next_run).toMatchObject({ writes: 0 });
    expect(after.backlog.full_resync.text).toMatch(/^full resync: [\d,]+ writes ≈ .+ at 3\/s$/);
  }, 30_000);

  test("dry_run: the plan lists old → new per property, paginated, and nothing is written", async () => {
    h = await startServiceHarness({ customers: 3 });
    const real = await h.admin("/admin/sync", { method: "POST" });
    expect(real.status).toBe(202);
    await h.svc.syncs.idle();
    const mutation = await json(fetch(`${h.s.emulators.ninjaone.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 9, fraction: 0.3 }) }));
    expect(mutation.changed.devices.length).toBeGreaterThan(0);

    h.s.emulators.notion.stats.reset();
    const dry = await h.admin("/admin/sync", { method: "POST", body: '{"dry_run":true}' });
    expect(dry.status).toBe(202);
    const { run_id } = await json(dry);
    await h.svc.syncs.idle();
    expect(writes(h)).toBe(0);

    const page1 = await json(h.admin(`/admin/runs/${run_id}?plan_limit=2`));
    expect(page1.run).toMatchObject({ id: run_id, mode: "dry_run", status: "succeeded" });
    expect(page1.plan.total).toBeGreaterThan(2);
    expect(page1.plan.changes).toHaveLength(2);
    expect(page1.plan.next_offset).toBe(2);
    const all = await json(h.admin(`/admin/runs/${run_id}?plan_limit=500`));
    const updates = all.plan.changes.filter((c: { action: string }) => c.action === "update");
    expect(updates.length).toBeGreaterThan(0);
    // Every update names its properties with the value Notion holds now and the new one.
    for (const u of updates) {
      expect(u.changes.length).toBeGreaterThan(0);
      for (const ch of u.changes) {
        expect(ch).toHaveProperty("old");
        expect(ch).toHaveProperty("new");
        expect(JSON.stringify(ch.old)).not.toBe(JSON.stringify(ch.new));
      }
    }
    expect(all.plan.changes.some((c: { key: string }) => mutation.changed.devices.includes(c.key))).toBe(true);
  }, 30_000);
});
