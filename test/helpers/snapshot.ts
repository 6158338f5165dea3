import type { Alert, Customer, Device, Site } from "../../src/core/model";
import { keys } from "../../src/core/model";
import type { SourceSnapshot } from "../../src/core/snapshot";

/** A small, hand-made normalized snapshot: `n` customers, each with one site, devices and an alert. */
export function makeSnapshot(n = 3, devicesPerCustomer = 3): SourceSnapshot {
  const customers: Customer[] = [];
  const sites: Site[] = [];
  const devices: Device[] = [];
  const alerts: Alert[] = [];
  for (let i = 1; i <= n; i++) {
    const ck = keys.customer(i);
    customers.push({ key: ck, orgId: i, name: `Customer ${i} LLC`, description: i === 1 ? "x".repeat(5000) : null, tags: [] });
    const siteId = `site${String(i).padStart(4, "0")}`;
    sites.push({
      key: keys.site(siteId),
      siteId,
      hostId: `host${i}`,
      name: `Customer ${i}`,
      customerKey: ck,
      match: "name",
      hostName: `gw-${i}`,
      hostConnected: true,
      stats: { totalDevices: 2, offlineDevices: 0, clients: 10, criticalNotifications: 0, pendingUpdates: 0, wanUptimePct: 99.9, isp: "Comcast", gateway: "UXGPRO", internetIssues: 0 },
      timezone: "America/New_York",
    });
    for (let d = 1; d <= devicesPerCustomer; d++) {
      const id = i * 100 + d;
      devices.push({
        key: keys.ninjaDevice(id),
        source: "ninjaone",
        sourceId: String(id),
        customerKey: ck,
        siteKey: null,
        name: `PC-${id} 🖥️`,
        kind: "Windows Workstation",
        status: "online",
        model: "OptiPlex 7090",
        firmware: "Windows 11 Pro",
        firmwareUpdate: false,
        ip: `10.0.${i}.${d}`,
        mac: `00:11:22:33:${String(i).padStart(2, "0")}:${String(d).padStart(2, "0")}`,
        serial: `SN${id}`,
        location: "HQ",
        lastContact: new Date(Date.UTC(2026, 0, 1, 0, d)),
        upSince: new Date(Date.UTC(2025, 11, 1)),
      });
    }
    alerts.push({
      key: keys.alert(`alert-${i}`),
      uid: `alert-${i}`,
      customerKey: ck,
      deviceKey: keys.ninjaDevice(i * 100 + 1),
      deviceName: null,
      severity: "MAJOR",
      priority: "HIGH",
      sourceType: "CONDITION_AGENT_CPU",
      subject: "High CPU",
      message: "CPU utilization is greater than 90% for 15 minutes",
      createdAt: new Date(Date.UTC(2026, 0, 1)),
      updatedAt: null,
      ticketId: null,
    });
  }
  return {
    customers,
    sites,
    devices,
    alerts,
    quarantine: [],
    complete: { customers: true, sites: true, devices: true, alerts: true },
    problems: [],
  };
}

export const recordCount = (s: SourceSnapshot) => s.customers.length + s.sites.length + s.devices.length + s.alerts.length;
