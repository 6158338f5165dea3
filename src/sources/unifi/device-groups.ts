/**
 * `GET /v1/devices` returns devices grouped by host. A group is checked first (its host id is
 * what ties its devices to a site), then each device on its own, so one bad device does not hide
 * its siblings. When the group itself is unreadable its devices cannot be placed; the ones whose
 * id is readable are still reported by key, so their pages are kept rather than archived.
 * @module
 */
import { keys } from "../../core/model";
import { parseEachSteps, quarantineEntry, readId, type Parsed, type RecordKind } from "../quarantine";
import { runSteps, type Steps } from "../../lib/slices";
import { UnifiDeviceSchema, UnifiHostDevicesShellSchema, type UnifiDevice } from "@oberaconnect/common/wire/unifi";

/** The devices of one host, each already checked. */
export interface UnifiDeviceGroup {
  hostId: string;
  hostName: string | null;
  devices: UnifiDevice[];
}

const GROUP: RecordKind = { source: "unifi", entity: "device-group", idOf: (r) => readId(r, "hostId"), keyOf: () => null };

/** Device ids are the MAC; `mac` is preferred when present because the key is built from a MAC. */
const DEVICE: RecordKind = {
  source: "unifi",
  entity: "device",
  idOf: (r) => readId(r, "mac", "id"),
  keyOf: (id) => keys.unifiDevice(id),
};

/** Parses one page of groups; `offset` is the position of the page's first group in the list. */
export function parseDeviceGroups(raws: readonly unknown[], offset = 0): Parsed<UnifiDeviceGroup> {
  return runSteps(parseDeviceGroupsSteps(raws, offset));
}

/** parseDeviceGroups with a pause point after each device (lib/slices.ts). */
export function* parseDeviceGroupsSteps(raws: readonly unknown[], offset = 0): Steps<Parsed<UnifiDeviceGroup>> {
  const out: Parsed<UnifiDeviceGroup> = { items: [], quarantine: [] };
  for (const [i, raw] of raws.entries()) {
    const shell = yield* parseEachSteps([raw], UnifiHostDevicesShellSchema, GROUP, offset + i);
    const group = shell.items[0];
    if (!group) {
      out.quarantine.push(...shell.quarantine);
      const devices = (raw as { devices?: unknown } | null)?.devices;
      if (!Array.isArray(devices)) continue;
      for (const [j, d] of devices.entries()) {
        if (DEVICE.idOf(d) === undefined) continue;
        out.quarantine.push(quarantineEntry(DEVICE, d, j, "(record)", `its host group #${offset + i} is malformed`));
      }
      continue;
    }
    const devices = yield* parseEachSteps(group.devices, UnifiDeviceSchema, DEVICE);
    out.quarantine.push(...devices.quarantine);
    out.items.push({ hostId: group.hostId, hostName: group.hostName ?? null, devices: devices.items });
  }
  return out;
}
