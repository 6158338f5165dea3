import { afterEach, describe, expect, test } from "bun:test";
import { FakeClock } from "@oberaconnect/common/clock";
import { createLogger } from "../../src/telemetry/logger";
import { json } from "../helpers/http";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";
import { until } from "../helpers/wait";

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});


/** The writer naps on the fake clock between looks and lets the lease go when it wakes idle: nudge time in small steps. */
async function idleOn(h: ServiceHarness, clock: FakeClock): Promise<void> {
  const idle = h.svc.syncs.idle().then(() => true);
  for (let i = 0; i < 50 && !(await Promise.race([idle, Bun.sleep(50).then(() => false)])); i++) await clock.advance(100);
  expect(await idle).toBe(true);
}

describe("an unwritable ledger in the running service", () => {
  test("read-only: /ready fails with the reason, admin sync answers 503, the scheduler pauses with one log line; writable again → one line, and it syncs", async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
    const clock = new FakeClock(Date.now());
    h = await startServiceHarness({ clock, logger, config: { scheduler: { enabled: true, every_seconds: 10, jitter_seconds: 0 } } });
    const harness = h;
    await until(async () => ((await json(harness.admin("/admin/runs"))).runs.length > 0 ? true : undefined), 5000, "the first scheduled run");
    await idleOn(h, clock);
    const runsBefore = (await json(h.admin("/admin/runs"))).runs.length;
    const pagesBefore = h.s.emulators.notion.stats.count("POST", "/v1/pages");
    // The service's own connection: SQLite answers every write SQLITE_READONLY, as on a read-only mount.
    h.s.rt.ledger.sqlite.exec("PRAGMA query_only = ON");

    const refused = await h.admin("/admin/sync", { method: "POST", body: "{}" });
    expect(refused.status).toBe(503);
    const body = await json(refused);
    expect(body.error.code).toBe("ledger_unwritable");
    expect(body.error.message).toContain("cannot be written");

    await clock.advance(30_000); // thirty scheduler looks, every second while blocked
    const ready = await fetch(`${h.url}/ready`);
    expect(ready.status).toBe(503);
    const ledger = (await json(ready)).components.ledger;
    expect(ledger).toMatchObject({ healthy: false, detail: expect.stringContaining("unwritable since"), error: expect.stringContaining("SQLITE_READONLY") });
    expect((await json(h.admin("/admin/status"))).scheduler.blocked_by).toBe("ledger_unwritable");
    const said = (text: string) => lines.filter((l) => l.msg.includes(text)).length;
    expect(said("ledger unwritable")).toBe(1);
    expect(said("scheduler tick failed")).toBe(0);
    expect((await json(h.admin("/admin/runs"))).runs).toHaveLength(runsBefore);
    expect(h.s.emulators.notion.stats.count("POST", "/v1/pages")).toBe(pagesBefore);

    h.s.rt.ledger.sqlite.exec("PRAGMA query_only = OFF"); // the mount is writable again
    await clock.advance(1000);
    await until(async () => ((await json(harness.admin("/admin/runs"))).runs.length > runsBefore ? true : undefined), 5000, "a run after the fault");
    await idleOn(h, clock);
    expect(said("ledger writable again")).toBe(1);
    expect(said("ledger unwritable")).toBe(1);
    const after = (await json(fetch(`${h.url}/ready`))).components.ledger;
    expect(after.healthy).toBe(true);
    expect((await json(h.admin("/admin/runs"))).runs[0]).toMatchObject({ status: "succeeded" });
  }, 30_000);

});
