/**
 * GET /v2/queries/device-health (NSPEC DeviceHealthReport / DeviceHealthSummary), the one report
 * the emulator serves. The rows are derived from the live devices and alerts, since the dataset
 * holds no separate health table.
 */
import type { Hono } from "hono";
import type { NinjaDevice } from "@oberaconnect/common/wire/ninjaone";
import { badRequest } from "./errors";
import { readDeviceFilter } from "./inventory-routes";
import { parsePageSize } from "./paging";
import { ninjaData, type NinjaOneState } from "./state";

/** One DeviceHealthSummary row, with the counters the dataset cannot know left at zero. */
export function healthRow(device: NinjaDevice, alertCount: number): Record<string, unknown> {
  const healthStatus = device.offline ? "UNHEALTHY" : alertCount > 0 ? "NEEDS_ATTENTION" : "HEALTHY";
  return {
    deviceId: device.id,
    healthStatus,
    offline: device.offline,
    alertCount,
    activeJobCount: 0,
    activeThreatsCount: 0,
    quarantinedThreatsCount: 0,
    blockedThreatsCount: 0,
    failedOSPatchesCount: 0,
    pendingOSPatchesCount: 0,
    failedSoftwarePatchesCount: 0,
    pendingSoftwarePatchesCount: 0,
    installationIssuesCount: 0,
    parentOffline: false,
    productsInstallationStatuses: {},
  };
}

/** Mounts GET /queries/device-health on `api` (mounted under /v2). */
export function registerQueryRoutes(api: Hono, state: NinjaOneState): void {
  api.get("/queries/device-health", (c) => {
    const name = c.req.query("cursor");
    if (name !== undefined) {
      const page = state.cursors.continue(name);
      // Unknown or expired cursor: no capture; platform-style 400 (inferred).
      return page ? c.json(page) : badRequest(c, state.incidents, `Invalid or expired cursor: ${name}`);
    }
    const size = parsePageSize(c.req.query("pageSize"));
    if (!size.ok) return badRequest(c, state.incidents, size.message);
    const filter = readDeviceFilter(c, state);
    if (filter instanceof Response) return filter;

    const { devices, alerts } = ninjaData(state);
    const counts = new Map<number, number>();
    for (const a of alerts) counts.set(a.deviceId, (counts.get(a.deviceId) ?? 0) + 1);
    const rows = devices
      .filter(filter)
      .sort((a, b) => a.id - b.id)
      .map((d) => healthRow(d, counts.get(d.id) ?? 0));
    return c.json(state.cursors.start(rows, size.value));
  });
}
