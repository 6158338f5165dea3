import { describe, expect, test } from "bun:test";
import { alertSubject, normalizeAlerts, ticketId } from "../../src/sources/normalize-alerts";
import type { NinjaActivity, NinjaAlert } from "../../src/sources/ninjaone/schemas";
import { SeverityResolver, type ActivitySource } from "../../src/sources/ninjaone/severity";
import { sampleDataset } from "../emulators/source-samples";

describe("alert fields", () => {
  test.each([
    ["integer", 48213, 48213],
    ["object (the spec's form)", { id: 1 }, null],
    ["null", null, null],
    ["missing", undefined, null],
    ["not an integer", 1.5, null],
  ])("ticketId: %s", (_label, raw, expected) => {
    expect(ticketId(raw as NinjaAlert["psaTicketId"])).toBe(expected);
  });

  test.each([
    [{ subject: "High CPU", sourceName: "Server CPU > 90%", sourceType: "CONDITION_AGENT_CPU" }, "High CPU"],
    [{ subject: " ", sourceName: "Server CPU > 90%", sourceType: "CONDITION_AGENT_CPU" }, "Server CPU > 90%"],
    [{ sourceType: "AGENT_OFFLINE" }, "AGENT_OFFLINE"],
  ])("alertSubject %#", (a, expected) => {
    expect(alertSubject(a)).toBe(expected);
  });
});

describe("normalizeAlerts", () => {
  const data = sampleDataset();
  const severities = new Map([["c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e53", { severity: "MAJOR", priority: "HIGH" }]]);

  test("customer through the device's organization, times in seconds, ticket, severity", () => {
    const alerts = normalizeAlerts(data.ninjaone.alerts, data.ninjaone.devices, severities);
    expect(alerts).toHaveLength(data.ninjaone.alerts.length);
    for (const a of alerts) {
      const raw = data.ninjaone.alerts.find((r) => r.uid === a.uid) as NinjaAlert;
      const device = data.ninjaone.devices.find((d) => d.id === raw.deviceId);
      expect(a.key).toBe(`ninjaone:alert:${raw.uid}`);
      expect(a.deviceKey).toBe(`ninjaone:device:${raw.deviceId}`);
      expect(a.customerKey).toBe(device ? `ninjaone:org:${device.organizationId}` : null);
      expect(a.createdAt.getTime()).toBe(Math.round(raw.createTime * 1000));
      expect(a.message).toBe(raw.message ?? "");
    }
    const cpu = alerts.find((a) => a.uid === "c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e53");
    expect(cpu).toMatchObject({ severity: "MAJOR", priority: "HIGH", subject: "High CPU", ticketId: null });
    const disk = alerts.find((a) => a.uid === "b7e6d5c4-3a2b-4c1d-9e8f-7a6b5c4d3e52");
    expect(disk).toMatchObject({ ticketId: 48213, severity: null, updatedAt: new Date(1748001100902) });
  });

  test("an alert whose device is unknown keeps its device key, with no customer or device name", () => {
    const [a] = normalizeAlerts([{ ...data.ninjaone.alerts[0]!, deviceId: 4242 }], data.ninjaone.devices, new Map());
    expect(a).toMatchObject({ deviceKey: "ninjaone:device:4242", customerKey: null, deviceName: null });
  });
});

/** An in-memory activities endpoint with the emulator's rules: newest first, olderThan, status, seriesUid. */
function fakeActivities(activities: NinjaActivity[]) {
  const calls: Record<string, unknown>[] = [];
  const source: ActivitySource = {
    async activities(q) {
      calls.push({ ...q });
      const items = activities
        .filter((a) => (q.status === undefined || a.status === q.status) && (q.seriesUid === undefined || a.seriesUid === q.seriesUid))
        .filter((a) => q.olderThan === undefined || a.id < q.olderThan)
        .sort((a, b) => b.id - a.id)
        .slice(0, q.pageSize);
      return { items, quarantine: [] };
    },
  };
  return { source, calls };
}

const alert = (uid: string, createTime: number, extra: Partial<NinjaAlert> = {}): NinjaAlert =>
  ({ uid, deviceId: 1, createTime, sourceType: "CONDITION_AGENT_CPU", ...extra }) as NinjaAlert;
const act = (id: number, uid: string, time: number, severity: NinjaActivity["severity"], status = "TRIGGERED"): NinjaActivity =>
  ({ id, seriesUid: uid, activityTime: time, severity, priority: "HIGH", status }) as NinjaActivity;

describe("SeverityResolver", () => {
  test("severity on the alert itself is used without any request", async () => {
    const { source, calls } = fakeActivities([]);
    const r = new SeverityResolver();
    const out = await r.resolve([alert("a", 100, { severity: "MINOR", priority: "LOW" })], source);
    expect(out.get("a")).toEqual({ severity: "MINOR", priority: "LOW" });
    expect(calls).toHaveLength(0);
  });

  test("bulk read stops once every alert is found; later runs use the cache", async () => {
    const acts = Array.from({ length: 30 }, (_, i) => act(1000 + i, `u${i}`, 10_000 + i, "MAJOR"));
    const { source, calls } = fakeActivities(acts);
    const r = new SeverityResolver({ bulkPageSize: 10 });
    const alerts = [alert("u29", 10_029), alert("u25", 10_025)];
    const out = await r.resolve(alerts, source);
    expect(out.get("u25")).toEqual({ severity: "MAJOR", priority: "HIGH" });
    expect(calls).toEqual([{ status: "TRIGGERED", pageSize: 10, olderThan: undefined }]);
    await r.resolve(alerts, source);
    expect(calls).toHaveLength(1);
    expect(r.lastRequests).toBe(0);
  });

  test("a newer RESET of the same series does not hide the TRIGGERED severity", async () => {
    const { source } = fakeActivities([act(2, "u", 50, "CRITICAL"), act(3, "u", 60, "NONE", "RESET")]);
    const out = await new SeverityResolver().resolve([alert("u", 50)], source);
    expect(out.get("u")?.severity).toBe("CRITICAL");
  });

  test("the bulk scan pages back with olderThan and stops at the oldest alert's time", async () => {
    // 25 activities, 10 per page; the wanted alert is in the 2nd page; a 3rd page is never read.
    const acts = Array.from({ length: 25 }, (_, i) => act(100 + i, `u${i}`, 1_000_000 + i * 10_000, "MINOR"));
    const { source, calls } = fakeActivities(acts);
    const out = await new SeverityResolver({ bulkPageSize: 10 }).resolve([alert("u12", 1_000_000 + 12 * 10_000)], source);
    expect(out.get("u12")?.severity).toBe("MINOR");
    expect(calls.map((c) => c.olderThan)).toEqual([undefined, 115]);
  });

  test("beyond the bulk window: per-series lookups, bounded; the rest stay null until a later run", async () => {
    const acts = [act(1, "old1", 10, "MAJOR"), act(2, "old2", 11, "MINOR"), act(3, "old3", 12, "CRITICAL")];
    const recent = Array.from({ length: 20 }, (_, i) => act(100 + i, `new${i}`, 1_000_000, "NONE"));
    const { source, calls } = fakeActivities([...acts, ...recent]);
    const r = new SeverityResolver({ bulkPageSize: 10, maxBulkPages: 1, maxSeriesLookups: 2 });
    const alerts = [alert("old1", 10), alert("old2", 11), alert("old3", 12)];
    const out = await r.resolve(alerts, source);
    expect(calls.filter((c) => c.seriesUid !== undefined)).toHaveLength(2);
    expect([...out.values()].filter((s) => s.severity === null)).toHaveLength(1);
    const second = await r.resolve(alerts, source);
    expect([...second.values()].every((s) => s.severity !== null)).toBe(true);
    expect(second.get("old3")).toEqual({ severity: "CRITICAL", priority: "HIGH" });
  });

  test("a failing read rejects (the reader turns it into a problem)", async () => {
    const source: ActivitySource = { activities: async () => Promise.reject(new Error("boom")) };
    await expect(new SeverityResolver().resolve([alert("x", 1)], source)).rejects.toThrow("boom");
  });
});
