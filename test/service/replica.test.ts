import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "@oberaconnect/common/clock";
import { json } from "../helpers/http";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";

let h: ServiceHarness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Polls a condition (bounded): the run itself talks to the emulators over real HTTP. */
async function until(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await Bun.sleep(25);
  }
}

describe("LiteFS: only the primary schedules and writes", () => {
  test("a .primary file naming another host: no scheduled run, admin POSTs get fly-replay and do nothing; removed → this instance schedules", async () => {
    const litefs = mkdtempSync(join(tmpdir(), "litefs-"));
    dirs.push(litefs);
    writeFileSync(join(litefs, ".primary"), "primary-machine-7\n");
    const clock = new FakeClock(Date.now());
    h = await startServiceHarness({ clock, config: { scheduler: { enabled: true, every_seconds: 10, jitter_seconds: 0 } }, service: { litefsDir: litefs } });
    const harness = h;

    const status = await json(h.admin("/admin/status"));
    expect(status.role).toMatchObject({ primary: false, litefs: true, primaryHost: "primary-machine-7" });
    expect(status.scheduler.blocked_by).toBe("replica");

    for (const [path, body] of [["/admin/sync", "{}"], ["/admin/scheduler/pause", undefined], ["/admin/circuits/notion/reset", undefined], ["/admin/dedupe", '{"apply":true}']] as const) {
      const res = await h.admin(path, { method: "POST", ...(body ? { body } : {}) });
      expect(res.status).toBe(409);
      expect(res.headers.get("fly-replay")).toBe("instance=primary-machine-7");
      expect((await json(res)).error.code).toBe("not_primary");
    }
    // GETs are served from the replica's own ledger.
    expect((await h.admin("/admin/runs")).status).toBe(200);
    await clock.advance(60_000); // a minute of scheduler looks, every second while blocked
    expect((await json(h.admin("/admin/runs"))).runs).toEqual([]);
    expect((await json(h.admin("/admin/status"))).scheduler.paused).toBe(false);
    expect(h.s.emulators.notion.stats.count("POST", "/v1/pages")).toBe(0);

    rmSync(join(litefs, ".primary"));
    await clock.advance(1000);
    await until(async () => (await json(harness.admin("/admin/runs"))).runs.length > 0, 5000);
    await h.svc.syncs.idle();
    const runs = (await json(h.admin("/admin/runs"))).runs;
    expect(runs[0]).toMatchObject({ job: "all", status: "succeeded" });
    expect((await json(h.admin("/admin/status"))).role.primary).toBe(true);
  }, 30_000);
});
