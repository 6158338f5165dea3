import type { Alert, Device, Site } from "../core/model";

export type CustomerStatus = "Healthy" | "Degraded" | "Down" | "Unknown";
export type SiteStatus = "Online" | "Degraded" | "Offline" | "Unknown";

/** Below this WAN uptime (percent) a site counts as degraded. */
export const WAN_UPTIME_DEGRADED_BELOW = 99;
const SERIOUS = new Set(["CRITICAL", "MAJOR"]);

/**
 * A site is Offline when its console is disconnected, Unknown when it reports no statistics,
 * Degraded when any device is offline or the WAN is unreliable, else Online.
 */
export function siteStatus(site: Pick<Site, "hostConnected" | "stats">): SiteStatus {
  if (!site.hostConnected) return "Offline";
  if (!site.stats) return "Unknown";
  if (site.stats.totalDevices > 0 && site.stats.offlineDevices >= site.stats.totalDevices) return "Offline";
  if (site.stats.offlineDevices > 0) return "Degraded";
  if (site.stats.wanUptimePct !== null && site.stats.wanUptimePct < WAN_UPTIME_DEGRADED_BELOW) return "Degraded";
  return "Online";
}

/**
 * The Status column of Customer Status. Devices in maintenance are neither up nor down.
 * Down: everything we can see is offline. Degraded: something is offline, or a serious alert is
 * open. Unknown: nothing to judge (no devices, no sites).
 */
export function customerStatus(input: {
  devices: Pick<Device, "status">[];
  sites: Pick<Site, "hostConnected" | "stats">[];
  alerts: Pick<Alert, "severity">[];
}): CustomerStatus {
  const judged = input.devices.filter((d) => d.status !== "maintenance");
  const siteStates = input.sites.map(siteStatus);
  if (judged.length === 0 && siteStates.every((s) => s === "Unknown")) return "Unknown";
  const allDevicesOffline = judged.length > 0 && judged.every((d) => d.status === "offline");
  const allSitesOffline = siteStates.length > 0 && siteStates.every((s) => s === "Offline");
  if (allDevicesOffline && (siteStates.length === 0 || allSitesOffline)) return "Down";
  if (judged.length === 0 && allSitesOffline) return "Down";
  const somethingOffline = judged.some((d) => d.status === "offline");
  const siteTrouble = siteStates.some((s) => s === "Offline" || s === "Degraded");
  const seriousAlert = input.alerts.some((a) => a.severity !== null && SERIOUS.has(a.severity));
  if (somethingOffline || siteTrouble || seriousAlert || allDevicesOffline) return "Degraded";
  return "Healthy";
}
