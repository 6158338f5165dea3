import { describe, expect, test } from "bun:test";
import { alertSubject, normalizeAlerts, ticketId } from "../../src/sources/normalize-alerts";
import type { NinjaAlert } from "@oberaconnect/common/wire/ninjaone";
import { sampleDataset } from "../../packages/emulators/test/source-samples";

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
