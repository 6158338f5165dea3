import { describe, expect, test } from "bun:test";
import { FakeClock } from "@oberaconnect/common/clock";
import type { NinjaActivity, NinjaAlert } from "@oberaconnect/common/wire/ninjaone";
import { isTriggered, SeverityResolver, type ActivitySource } from "../../src/sources/ninjaone/severity";
import { InMemorySeverityMemory, pickSeriesLookups, type RememberedSeverity } from "../../src/sources/ninjaone/severity-memory";

/**
 * An in-memory activities endpoint with the emulator's rules: newest first, olderThan, seriesUid,
 * and `status` matched against the free description as it is (so status=TRIGGERED finds nothing).
 */
function fakeActivities(activities: NinjaActivity[]) {
  const calls: Record<string, unknown>[] = [];
  const source: ActivitySource = {
    async activities(q) {
      calls.push({ ...q });
      const status = (q as { status?: string }).status;
      const items = activities
        .filter((a) => (status === undefined || a.status === status) && (q.seriesUid === undefined || a.seriesUid === q.seriesUid))
        .filter((a) => q.olderThan === undefined || a.id < q.olderThan)
        .sort((a, b) => b.id - a.id)
        .slice(0, q.pageSize);
      return { items, quarantine: [] };
    },
  };
  return { source, calls, series: () => calls.filter((c) => c.seriesUid !== undefined).map((c) => c.seriesUid as string) };
}

const alert = (uid: string, createTime: number, extra: Partial<NinjaAlert> = {}): NinjaAlert =>
  ({ uid, deviceId: 1, createTime, sourceType: "CONDITION_AGENT_CPU", ...extra }) as NinjaAlert;
/** An activity as the real API writes it: statusCode TRIGGERED/RESET, status the description. */
const act = (id: number, uid: string, time: number, severity: NinjaActivity["severity"] | null, statusCode = "TRIGGERED"): NinjaActivity =>
  ({
    id, seriesUid: uid, activityTime: time, statusCode, status: statusCode === "RESET" ? "Reset" : "Triggered",
    ...(severity === null ? {} : { severity, priority: "HIGH" }),
  }) as NinjaActivity;

describe("SeverityResolver", () => {
  test("severity on the alert itself is used without any request", async () => {
    const { source, calls } = fakeActivities([]);
    const out = await new SeverityResolver().resolve([alert("a", 100, { severity: "MINOR", priority: "LOW" })], source);
    expect(out.get("a")).toEqual({ severity: "MINOR", priority: "LOW" });
    expect(calls).toHaveLength(0);
  });

  test("bulk read without any status filter stops once every alert is found; later runs ask nothing", async () => {
    const acts = Array.from({ length: 30 }, (_, i) => act(1000 + i, `u${i}`, 10_000 + i, "MAJOR"));
    const { source, calls } = fakeActivities(acts);
    const r = new SeverityResolver({ bulkPageSize: 10 });
    const alerts = [alert("u29", 10_029), alert("u25", 10_025)];
    const out = await r.resolve(alerts, source);
    expect(out.get("u25")).toEqual({ severity: "MAJOR", priority: "HIGH" });
    // No `status` key at all: trusting status=TRIGGERED would have found nothing (see fakeActivities).
    expect(calls).toEqual([{ pageSize: 10, olderThan: undefined }]);
    await r.resolve(alerts, source);
    expect(calls).toHaveLength(1);
    expect(r.lastRequests).toBe(0);
  });

  test("TRIGGERED is read from statusCode, in any case; RESET and a TRIGGERED `status` text are not answers", async () => {
    expect([isTriggered({ statusCode: "TRIGGERED" }), isTriggered({ statusCode: "triggered" }), isTriggered({ statusCode: "RESET" }), isTriggered({})]).toEqual([true, true, false, false]);
    const misleading = { ...act(5, "b", 50, "CRITICAL", "RESET"), status: "TRIGGERED" } as NinjaActivity;
    const { source } = fakeActivities([act(2, "a", 50, "MINOR", "triggered"), misleading]);
    const out = await new SeverityResolver({ maxSeriesLookups: 0 }).resolve([alert("a", 50), alert("b", 50)], source);
    expect(out.get("a")).toEqual({ severity: "MINOR", priority: "HIGH" });
    expect(out.get("b")).toEqual({ severity: null, priority: null });
  });

  test("a newer RESET of the same series does not hide the TRIGGERED severity", async () => {
    const { source } = fakeActivities([act(2, "u", 50, "CRITICAL"), act(3, "u", 60, "NONE", "RESET")]);
    const out = await new SeverityResolver().resolve([alert("u", 50)], source);
    expect(out.get("u")?.severity).toBe("CRITICAL");
  });

  test("a TRIGGERED activity with neither field answers null, is remembered as answered, and is not asked again", async () => {
    const memory = new InMemorySeverityMemory();
    const clock = new FakeClock(Date.parse("2026-03-01T10:00:00Z"));
    // The silent one is older than the bulk page, so it needs a per-series lookup.
    const acts = [act(1, "silent", 10, null), ...Array.from({ length: 10 }, (_, i) => act(100 + i, `n${i}`, 1_000, "MINOR"))];
    const { source, series } = fakeActivities(acts);
    const alerts = [alert("silent", 10), alert("n9", 1_000)];
    const first = await new SeverityResolver({ bulkPageSize: 10, maxBulkPages: 1, memory, clock }).resolve(alerts, source);
    expect(first.get("silent")).toEqual({ severity: null, priority: null });
    expect(series()).toEqual(["silent"]);
    expect(memory.all().get("silent")).toEqual({ severity: null, priority: null, answered: true, askedAt: "2026-03-01T10:00:00.000Z" });
    // A second resolver on the same memory, as a second process on the same ledger would be.
    const again = new SeverityResolver({ bulkPageSize: 10, maxBulkPages: 1, memory, clock });
    expect((await again.resolve(alerts, source)).get("silent")).toEqual({ severity: null, priority: null });
    expect(again.lastRequests).toBe(0);
    expect(series()).toEqual(["silent"]);
  });

  test("the bulk scan pages back with olderThan and stops at the oldest alert's time", async () => {
    // 25 activities, 10 per page; the wanted alert is in the 2nd page; a 3rd page is never read.
    const acts = Array.from({ length: 25 }, (_, i) => act(100 + i, `u${i}`, 1_000_000 + i * 10_000, "MINOR"));
    const { source, calls } = fakeActivities(acts);
    const out = await new SeverityResolver({ bulkPageSize: 10 }).resolve([alert("u12", 1_000_000 + 12 * 10_000)], source);
    expect(out.get("u12")?.severity).toBe("MINOR");
    expect(calls.map((c) => c.olderThan)).toEqual([undefined, 115]);
  });

  test("a server that ignores olderThan (the spec's text says 'newer than') ends the scan instead of repeating it", async () => {
    const acts = Array.from({ length: 10 }, (_, i) => act(100 + i, `u${i}`, 1_000_000, "MINOR"));
    const calls: unknown[] = [];
    const source: ActivitySource = { activities: async (q) => (calls.push(q), { items: [...acts].reverse(), quarantine: [] }) };
    const out = await new SeverityResolver({ bulkPageSize: 10, maxBulkPages: 5, maxSeriesLookups: 0 }).resolve([alert("gone", 1_000_000)], source);
    expect(out.get("gone")).toEqual({ severity: null, priority: null });
    expect(calls).toHaveLength(2);
  });

  test("beyond the bulk window: per-series lookups, bounded; the rest stay null until a later run", async () => {
    const acts = [act(1, "old1", 10, "MAJOR"), act(2, "old2", 11, "MINOR"), act(3, "old3", 12, "CRITICAL")];
    const recent = Array.from({ length: 20 }, (_, i) => act(100 + i, `new${i}`, 1_000_000, "NONE"));
    const { source, series } = fakeActivities([...acts, ...recent]);
    const r = new SeverityResolver({ bulkPageSize: 10, maxBulkPages: 1, maxSeriesLookups: 2 });
    const alerts = [alert("old1", 10), alert("old2", 11), alert("old3", 12)];
    const out = await r.resolve(alerts, source);
    expect(series()).toEqual(["old1", "old2"]);
    expect([...out.values()].filter((s) => s.severity === null)).toHaveLength(1);
    const second = await r.resolve(alerts, source);
    expect([...second.values()].every((s) => s.severity !== null)).toBe(true);
    expect(second.get("old3")).toEqual({ severity: "CRITICAL", priority: "HIGH" });
    expect(series()).toEqual(["old1", "old2", "old3"]);
  });

  test("alerts with no TRIGGERED activity at all rotate: never asked first, then least recently asked", async () => {
    const memory = new InMemorySeverityMemory();
    const clock = new FakeClock(Date.parse("2026-03-01T10:00:00Z"));
    const { source, series, calls } = fakeActivities([act(9, "e", 50, "NONE", "RESET")]);
    const alerts = ["a", "b", "c", "d", "e"].map((uid) => alert(uid, 50));
    const perRun: string[][] = [];
    for (let run = 0; run < 4; run++) {
      const before = series().length;
      const out = await new SeverityResolver({ maxSeriesLookups: 2, memory, clock }).resolve(alerts, source);
      expect([...out.values()].every((s) => s.severity === null)).toBe(true);
      perRun.push(series().slice(before));
      await clock.advance(60_000);
    }
    expect(perRun).toEqual([["a", "b"], ["c", "d"], ["e", "a"], ["b", "c"]]);
    const rows = memory.all();
    expect([...rows.values()].every((r) => !r.answered)).toBe(true);
    expect(rows.get("c")?.askedAt).toBe("2026-03-01T10:03:00.000Z");
    // Once every alert has been asked per series, the bulk scan is not sent for them any more.
    expect(calls.filter((c) => c.seriesUid === undefined)).toHaveLength(3);
  });

  test("closed alerts are forgotten; open ones kept", async () => {
    const memory = new InMemorySeverityMemory();
    const { source } = fakeActivities([act(1, "x", 50, "MAJOR"), act(2, "y", 50, null)]);
    await new SeverityResolver({ memory }).resolve([alert("x", 50), alert("y", 50)], source);
    expect([...memory.all().keys()].sort()).toEqual(["x", "y"]);
    await new SeverityResolver({ memory }).resolve([alert("y", 50)], source);
    expect([...memory.all().keys()]).toEqual(["y"]);
  });

  test("a failing lookup rejects, and what the other reads found is still remembered", async () => {
    const memory = new InMemorySeverityMemory();
    const inner = fakeActivities([act(1, "ok", 10, "MINOR"), ...Array.from({ length: 10 }, (_, i) => act(100 + i, `n${i}`, 1_000, "NONE"))]);
    const source: ActivitySource = {
      activities: async (q, signal) => (q.seriesUid === "bad" ? Promise.reject(new Error("boom")) : inner.source.activities(q, signal)),
    };
    const r = new SeverityResolver({ bulkPageSize: 10, maxBulkPages: 1, memory });
    await expect(r.resolve([alert("bad", 10), alert("ok", 10), alert("n3", 1_000)], source)).rejects.toThrow("boom");
    expect(memory.all().get("ok")).toMatchObject({ severity: "MINOR", answered: true });
    expect(memory.all().get("n3")).toMatchObject({ severity: "NONE", answered: true });
    expect(memory.all().has("bad")).toBe(false);
  });
});

describe("pickSeriesLookups", () => {
  const row = (askedAt: string): RememberedSeverity => ({ severity: null, priority: null, answered: false, askedAt });

  test("never asked in the given order, then oldest askedAt, ties by uid, unreadable times first among the asked", () => {
    const remembered = new Map([
      ["late", row("2026-03-02T00:00:00.000Z")],
      ["early", row("2026-03-01T00:00:00.000Z")],
      ["tie-b", row("2026-03-01T12:00:00.000Z")],
      ["tie-a", row("2026-03-01T12:00:00.000Z")],
      ["junk", row("not a time")],
    ]);
    const order = pickSeriesLookups(["late", "new2", "tie-b", "early", "junk", "tie-a", "new1"], remembered, 10);
    expect(order).toEqual(["new2", "new1", "junk", "early", "tie-a", "tie-b", "late"]);
    expect(pickSeriesLookups(["late", "new2"], remembered, 1)).toEqual(["new2"]);
    expect(pickSeriesLookups(["late"], remembered, 0)).toEqual([]);
  });
});
