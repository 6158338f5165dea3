/**
 * Keeps UniFi site statistics consistent with the device list. The real API never says which
 * site a device belongs to; this module derives it the way the data allows: a host with one site
 * owns all its devices, and on a multi-site host each site's gateway (`meta.gatewayMac`) fixes
 * the site's /24 subnet, which its devices share.
 *
 * Counted like the samples: network devices only (gateway, wired = switches, wifi = APs); protect
 * cameras are left out (sample Northwind: 5 devices, `totalDevice: 4`); `pendingUpdateDevice`
 * counts firmware not `upToDate` (sample Acme: two APs `updateAvailable` → 2).
 */
import type { UnifiDevice, UnifiSite, UnifiSiteCounts } from "@oberaconnect/common/wire/unifi";
import type { Dataset } from "./types";
import { deviceKind } from "./unifi-catalog";

/** The device-derived part of `statistics.counts`. */
export type DeviceCounts = Required<
  Pick<UnifiSiteCounts,
    "gatewayDevice" | "offlineGatewayDevice" | "wifiDevice" | "offlineWifiDevice" | "wiredDevice" |
    "offlineWiredDevice" | "totalDevice" | "offlineDevice" | "pendingUpdateDevice">
>;

/** Counts a site's devices as `statistics.counts` does. */
export function deviceCounts(devices: readonly UnifiDevice[]): DeviceCounts {
  const c: DeviceCounts = {
    gatewayDevice: 0, offlineGatewayDevice: 0, wifiDevice: 0, offlineWifiDevice: 0, wiredDevice: 0,
    offlineWiredDevice: 0, totalDevice: 0, offlineDevice: 0, pendingUpdateDevice: 0,
  };
  for (const d of devices) {
    const kind = deviceKind(d);
    if (kind === "camera") continue;
    const offline = d.status !== "online";
    c.totalDevice++;
    if (offline) c.offlineDevice++;
    if (d.firmwareStatus !== undefined && d.firmwareStatus !== "upToDate") c.pendingUpdateDevice++;
    if (kind === "gateway") {
      c.gatewayDevice++;
      if (offline) c.offlineGatewayDevice++;
    } else if (kind === "ap") {
      c.wifiDevice++;
      if (offline) c.offlineWifiDevice++;
    } else {
      c.wiredDevice++;
      if (offline) c.offlineWiredDevice++;
    }
  }
  return c;
}

const subnetOf = (ip: string | null | undefined): string | undefined =>
  ip ? ip.slice(0, ip.lastIndexOf(".") + 1) : undefined;
const plainMac = (mac: string | undefined): string | undefined => mac?.replace(/:/g, "").toUpperCase();

/** Which devices belong to which site, for every site of the dataset. */
export function devicesBySite(unifi: Dataset["unifi"]): Map<string, UnifiDevice[]> {
  const sitesByHost = new Map<string, UnifiSite[]>();
  for (const s of unifi.sites) {
    const list = sitesByHost.get(s.hostId);
    if (list) list.push(s);
    else sitesByHost.set(s.hostId, [s]);
  }
  const result = new Map<string, UnifiDevice[]>(unifi.sites.map((s) => [s.siteId, []]));
  for (const group of unifi.devices) {
    const sites = sitesByHost.get(group.hostId) ?? [];
    if (sites.length === 1) {
      result.set(sites[0]!.siteId, [...group.devices]);
      continue;
    }
    const siteBySubnet = new Map<string, string>();
    for (const site of sites) {
      const gw = group.devices.find((d) => d.id === plainMac(site.meta.gatewayMac));
      const subnet = subnetOf(gw?.ip);
      if (subnet) siteBySubnet.set(subnet, site.siteId);
    }
    for (const d of group.devices) {
      const siteId = siteBySubnet.get(subnetOf(d.ip) ?? "");
      if (siteId) result.get(siteId)!.push(d);
    }
  }
  return result;
}

/**
 * Rewrites the device-derived counts of a site from its devices; returns whether anything
 * changed. Sites with `statistics: null` stay null: the cloud has no statistics for them.
 */
export function refreshSiteCounts(site: UnifiSite, devices: readonly UnifiDevice[]): boolean {
  if (!site.statistics) return false;
  const next = deviceCounts(devices);
  const counts = (site.statistics.counts ??= {});
  let changed = false;
  for (const [key, value] of Object.entries(next) as [keyof DeviceCounts, number][]) {
    if (counts[key] !== value) {
      counts[key] = value;
      changed = true;
    }
  }
  return changed;
}
