/**
 * NinjaOne devices → the Device model. Pure. Times are float epoch seconds (see ninjaone/time.ts).
 * @module
 */
import { mapSteps, runSteps, type Steps } from "../lib/slices";
import { keys, type Device, type DeviceStatus } from "../core/model";
import type { NinjaDevice, NinjaLocation } from "@oberaconnect/common/wire/ninjaone";
import { epochSecondsToDate } from "./ninjaone/time";

/** Readable labels of the spec's nodeClass enum; an unknown class is spelled out from its name. */
const NODE_CLASS_LABELS: Readonly<Record<string, string>> = {
  WINDOWS_SERVER: "Windows Server",
  WINDOWS_WORKSTATION: "Windows Workstation",
  LINUX_SERVER: "Linux Server",
  LINUX_WORKSTATION: "Linux Workstation",
  MAC: "Mac",
  MAC_SERVER: "Mac Server",
  VMWARE_VM_HOST: "VMware Host",
  VMWARE_VM_GUEST: "VMware VM",
  HYPERV_VMM_HOST: "Hyper-V Host",
  HYPERV_VMM_GUEST: "Hyper-V VM",
  CLOUD_MONITOR_TARGET: "Cloud Monitor",
  NMS_SWITCH: "Network Switch",
  NMS_ROUTER: "Router",
  NMS_FIREWALL: "Firewall",
  NMS_PRINTER: "Printer",
  NMS_WAP: "Wireless Access Point",
  NMS_SERVER: "Network Server",
  NMS_APPLIANCE: "Network Appliance",
  NMS_DIAL_MANAGER: "Dial Manager",
  NMS_VIRTUAL_MACHINE: "Network VM",
  NMS_COMPUTER: "Network Computer",
  NMS_OTHER: "Network Device",
  NMS_NETWORK_MANAGEMENT_AGENT: "Network Management Agent",
  MDM_ANDROID: "Android",
  MDM_IOS: "iOS",
};

const ACRONYMS = new Set(["NMS", "VM", "VMM", "MDM", "IOS", "AP"]);

/** "WINDOWS_SERVER" → "Windows Server"; unknown classes: words capitalised, acronyms kept. */
export function nodeClassLabel(nodeClass: string): string {
  const known = NODE_CLASS_LABELS[nodeClass];
  if (known) return known;
  const words = nodeClass.split(/[_\s]+/).filter(Boolean);
  if (words.length === 0) return "Other";
  return words.map((w) => (ACRONYMS.has(w.toUpperCase()) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())).join(" ");
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The first IPv4 address of the list (NinjaOne lists IPv6 addresses alongside). */
export function firstIPv4(addresses: readonly string[] | undefined): string | null {
  return addresses?.map((a) => a.trim()).find((a) => IPV4.test(a)) ?? null;
}

/** Maintenance wins over the offline flag: a device in a maintenance window is neither up nor down. */
export function ninjaDeviceStatus(d: Pick<NinjaDevice, "offline" | "maintenance">): DeviceStatus {
  if (d.maintenance?.status === "IN_MAINTENANCE") return "maintenance";
  return d.offline ? "offline" : "online";
}

const date = (seconds: number | undefined): Date | null => (seconds === undefined ? null : epochSecondsToDate(seconds));

/** One device; `locationName` from the location list (null when unknown). */
export function normalizeNinjaDevice(d: NinjaDevice, locationName: string | null): Device {
  return {
    key: keys.ninjaDevice(d.id),
    source: "ninjaone",
    sourceId: String(d.id),
    customerKey: keys.customer(d.organizationId),
    // NinjaOne knows nothing of UniFi sites; no link is invented.
    siteKey: null,
    name: d.displayName?.trim() ? d.displayName : d.systemName,
    kind: nodeClassLabel(d.nodeClass),
    status: ninjaDeviceStatus(d),
    model: d.system?.model || null,
    firmware: d.os?.name || null,
    // NinjaOne's OS patch state is a separate query (/v2/queries/os-patches); not read here.
    firmwareUpdate: false,
    ip: firstIPv4(d.ipAddresses),
    mac: d.macAddresses?.find((m) => m.trim() !== "") ?? null,
    serial: d.system?.serialNumber || null,
    location: locationName,
    lastContact: date(d.lastContact),
    upSince: date(d.os?.lastBootTime),
  };
}

/** Every device, with its location's name. */
export function normalizeNinjaDevices(devices: readonly NinjaDevice[], locations: readonly NinjaLocation[]): Device[] {
  return runSteps(normalizeNinjaDevicesSteps(devices, locations));
}

/** normalizeNinjaDevices with a pause point after each device (lib/slices.ts). */
export function normalizeNinjaDevicesSteps(devices: readonly NinjaDevice[], locations: readonly NinjaLocation[]): Steps<Device[]> {
  const names = new Map(locations.map((l) => [l.id, l.name]));
  return mapSteps(devices, (d) => normalizeNinjaDevice(d, names.get(d.locationId) ?? null));
}
