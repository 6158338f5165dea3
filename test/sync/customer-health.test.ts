import { describe, expect, test } from "bun:test";
import { customerStatus, siteStatus } from "../../src/sync/customer-health";
import type { DeviceStatus, SiteStats } from "../../src/core/model";

const stats = (over: Partial<SiteStats> = {}): SiteStats => ({
  totalDevices: 4, offlineDevices: 0, clients: 1, criticalNotifications: 0, pendingUpdates: 0, wanUptimePct: 100, isp: null, gateway: null, internetIssues: 0, ...over,
});
const site = (hostConnected: boolean, s: SiteStats | null = stats()) => ({ hostConnected, stats: s });
const devs = (...s: DeviceStatus[]) => s.map((status) => ({ status }));

describe("siteStatus", () => {
  test.each([
    ["console disconnected", site(false), "Offline"],
    ["statistics null", site(true, null), "Unknown"],
    ["all devices offline", site(true, stats({ offlineDevices: 4 })), "Offline"],
    ["one device offline", site(true, stats({ offlineDevices: 1 })), "Degraded"],
    ["WAN below 99%", site(true, stats({ wanUptimePct: 98.5 })), "Degraded"],
    ["all fine", site(true), "Online"],
  ] as const)("%s → %s", (_, s, expected) => {
    expect(siteStatus(s)).toBe(expected);
  });
});

describe("customerStatus", () => {
  test.each([
    ["nothing to judge", { devices: [], sites: [], alerts: [] }, "Unknown"],
    ["only a site without statistics", { devices: [], sites: [site(true, null)], alerts: [] }, "Unknown"],
    ["all online, no alerts", { devices: devs("online", "online"), sites: [site(true)], alerts: [] }, "Healthy"],
    ["one offline", { devices: devs("online", "offline"), sites: [site(true)], alerts: [] }, "Degraded"],
    ["all offline, site offline", { devices: devs("offline", "offline"), sites: [site(false)], alerts: [] }, "Down"],
    ["all offline, no UniFi", { devices: devs("offline"), sites: [], alerts: [] }, "Down"],
    ["all devices offline but the site is up", { devices: devs("offline"), sites: [site(true)], alerts: [] }, "Degraded"],
    ["only the site, disconnected", { devices: [], sites: [site(false)], alerts: [] }, "Down"],
    ["maintenance counts neither way", { devices: devs("maintenance", "online"), sites: [], alerts: [] }, "Healthy"],
    ["a CRITICAL alert", { devices: devs("online"), sites: [], alerts: [{ severity: "CRITICAL" }] }, "Degraded"],
    ["a MINOR alert", { devices: devs("online"), sites: [], alerts: [{ severity: "MINOR" }] }, "Healthy"],
    ["alert without severity", { devices: devs("online"), sites: [], alerts: [{ severity: null }] }, "Healthy"],
  ] as const)("%s → %s", (_, input, expected) => {
    expect(customerStatus(input as unknown as Parameters<typeof customerStatus>[0])).toBe(expected);
  });
});
