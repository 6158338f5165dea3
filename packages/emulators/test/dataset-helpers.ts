/**
 * Test helpers for the dataset: an independent diff of two datasets by source key (so mutation
 * results are checked against what really changed) and a consistency checker.
 */
import { ninjaDeviceKey, unifiDeviceKey } from "../src/dataset/keys";
import { raisesOfflineAlert } from "../src/dataset/ninjaone-devices";
import { deviceCounts, devicesBySite } from "../src/dataset/site-stats";
import type { Dataset } from "../src/dataset/types";

type Keyed = Map<string | number, string>;

const index = <T>(items: readonly T[], key: (t: T) => string | number): Keyed =>
  new Map(items.map((t) => [key(t), JSON.stringify(t)]));

function diffMaps(before: Keyed, after: Keyed) {
  const changed: (string | number)[] = [];
  const created: (string | number)[] = [];
  const deleted: (string | number)[] = [];
  for (const [k, v] of after) {
    if (!before.has(k)) created.push(k);
    else if (before.get(k) !== v) changed.push(k);
  }
  for (const k of before.keys()) if (!after.has(k)) deleted.push(k);
  return { all: [...changed, ...created, ...deleted].sort(), created: created.sort(), deleted: deleted.sort() };
}

function keyedRecords(d: Dataset) {
  return {
    organizations: index(d.ninjaone.organizations, (o) => o.id),
    hosts: index(d.unifi.hosts, (h) => h.id),
    sites: index(d.unifi.sites, (s) => s.siteId),
    devices: new Map([
      ...index(d.ninjaone.devices, (x) => ninjaDeviceKey(x.id)),
      ...index(d.unifi.devices.flatMap((g) => g.devices), (x) => unifiDeviceKey(x.id)),
    ]),
    alerts: index(d.ninjaone.alerts, (a) => a.uid),
  };
}

/** Which records differ between two datasets, per kind, sorted. */
export function diffDatasets(before: Dataset, after: Dataset) {
  const b = keyedRecords(before);
  const a = keyedRecords(after);
  return {
    organizations: diffMaps(b.organizations, a.organizations),
    hosts: diffMaps(b.hosts, a.hosts),
    sites: diffMaps(b.sites, a.sites),
    devices: diffMaps(b.devices, a.devices),
    alerts: diffMaps(b.alerts, a.alerts),
  };
}

/** Every consistency rule the generator and mutations promise; returns the violations. */
export function consistencyProblems(d: Dataset): string[] {
  const problems: string[] = [];
  const bySite = devicesBySite(d.unifi);
  for (const site of d.unifi.sites) {
    if (!site.statistics) continue;
    const expected = deviceCounts(bySite.get(site.siteId) ?? []);
    for (const [k, v] of Object.entries(expected)) {
      const actual = (site.statistics.counts as Record<string, unknown> | undefined)?.[k];
      if (actual !== v) problems.push(`site ${site.siteId} ${k}=${String(actual)} expected ${v}`);
    }
  }
  const n = d.ninjaone;
  const devices = new Map(n.devices.map((x) => [x.id, x]));
  const offlineAlerts = new Set(n.alerts.filter((a) => a.sourceType === "AGENT_OFFLINE").map((a) => a.deviceId));
  for (const dev of n.devices) {
    if (raisesOfflineAlert(dev) !== offlineAlerts.has(dev.id)) problems.push(`device ${dev.id} offline=${dev.offline} alert=${offlineAlerts.has(dev.id)}`);
  }
  const triggered = new Set(n.activities.filter((a) => a.statusCode === "TRIGGERED").map((a) => a.seriesUid));
  for (const alert of n.alerts) {
    if (!devices.has(alert.deviceId)) problems.push(`alert ${alert.uid} on missing device ${alert.deviceId}`);
    if (!triggered.has(alert.uid)) problems.push(`alert ${alert.uid} without TRIGGERED activity`);
  }
  const ids = n.activities.map((a) => a.id);
  if (new Set(ids).size !== ids.length) problems.push("duplicate activity ids");
  const macs = d.unifi.devices.flatMap((g) => g.devices.map((x) => x.id));
  if (new Set(macs).size !== macs.length) problems.push("duplicate UniFi device ids");
  if (new Set(n.devices.map((x) => x.id)).size !== n.devices.length) problems.push("duplicate NinjaOne device ids");
  return problems;
}
