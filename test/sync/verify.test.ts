import { afterEach, describe, expect, test } from "bun:test";
import { FakeClock } from "@oberaconnect/common/clock";
import { verifyDue } from "../../src/sync/verify";
import { makeSnapshot } from "../helpers/snapshot";
import { startSyncHarness, type SyncHarness } from "../helpers/sync-harness";

let h: SyncHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("verifyDue", () => {
  const T = Date.parse("2026-06-01T12:00:00Z");
  test.each<[string, string | undefined, number, number, string]>([
    ["never checked: start counting", undefined, T, 600_000, "start"],
    ["checked 11 min ago, every 10 min", new Date(T - 660_000).toISOString(), T, 600_000, "due"],
    ["checked 5 min ago", new Date(T - 300_000).toISOString(), T, 600_000, "not_due"],
    ["turned off", undefined, T, 0, "not_due"],
    ["an unreadable mark starts again", "garbage", T, 600_000, "start"],
  ])("%s", (_, last, now, every, want) => {
    expect<string>(verifyDue(last, now, every)).toBe(want);
  });
});

describe("the periodic read-back", () => {
  test("a page edited behind the ledger's back is found by the next check and rewritten; between checks nothing is read", async () => {
    const clock = new FakeClock(Date.now());
    h = await startSyncHarness({ clock });
    const snap = makeSnapshot(2, 2);
    expect((await h.sync(snap)).exitCode).toBe(0); // marks the start of the checks
    const device = h.pages("Devices")[0]!;

    // Someone (or a write that landed late) changes a column the sync owns; the ledger still says "synced".
    const edit = await fetch(`${h.server.url}/v1/pages/${device.pageId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${(h.cli().env.NOTION_TOKEN)}`, "notion-version": "2025-09-03", "content-type": "application/json" },
      body: JSON.stringify({ properties: { Status: { select: { name: "Maintenance" } } } }),
    });
    expect(edit.status).toBe(200);

    // Within the interval: an unchanged run, no read-back, the page stays wrong.
    await clock.advance(5 * 60_000);
    await h.resetStats();
    const quiet = await h.sync(snap);
    expect(quiet.jobs.every((j) => j.verified === undefined)).toBe(true);
    expect(h.emu.stats.count("POST", "/v1/data_sources/:data_source_id/query")).toBe(0);
    expect(h.writes()).toBe(0);

    // Past it: each job reads back what was edited since (one query each), one page drifted.
    await clock.advance(6 * 60_000);
    await h.resetStats();
    const run = await h.sync(snap);
    const devices = run.jobs.find((j) => j.job === "devices")!;
    expect(devices.verified).toEqual({ checked: expect.any(Number), drifted: [device.key] });
    expect(devices.verified!.checked).toBeGreaterThanOrEqual(1);
    expect(devices.counts.updated).toBe(1);
    expect(h.writes()).toBe(1);
    expect(h.emu.stats.count("POST", "/v1/data_sources/:data_source_id/query")).toBe(4);
    expect(h.pages("Devices").find((p) => p.key === device.key)!.props.Status).toBe(device.props.Status as string);
  });
});
