/**
 * UniFi devices → the Device model. Pure. A UniFi device names no site, only its host; the site
 * (and through it the customer) comes from the host's sites:
 * - one site on the host → that site and its customer;
 * - several sites all matched to the same customer → that customer, site unknown;
 * - otherwise (no site, or sites of different or no customers) → neither, never a guess.
 * @module
 */
import { runSteps, type Steps } from "../lib/slices";
import { keys, type Device, type Site } from "../core/model";
import type { UnifiDeviceGroup } from "./unifi/device-groups";
import type { UnifiDevice } from "@oberaconnect/common/wire/unifi";

/** Readable device kinds, as the Devices board shows them. */
export type UnifiKind = "Gateway" | "Console" | "Switch" | "Access Point" | "Camera" | "Other";

/**
 * Shortname prefixes, most specific family first (USG is a gateway although it starts like the
 * US* switches). Built from the shortnames in the captures (UDMPROSE, UCGULTRA, UXGPRO, US24PRO,
 * USMINI, USL8LP, U7PG2, UALR6v2, UAP6MP, "UVC G4 Pro") and Ubiquiti's product families.
 */
const SHORTNAME_RULES: readonly [RegExp, UnifiKind][] = [
  [/^(UDM|UDR|UDW|UCG|UXG|USG|UGW|EFG|UX\d|UXMAX)/, "Gateway"],
  [/^(UCK|UNVR|ENVR|UNAS)/, "Console"],
  [/^(USW|US|ECS|UDC)/, "Switch"],
  [/^(U7|U6|UAP|UAL|UAE|UAM|UAC|UBB|UWB|UMA|UK|E7|BZ)/, "Access Point"],
  [/^(UVC|G[3-6])/, "Camera"],
];

/** Model names, when the shortname is missing or unknown ("USW Pro 24 PoE", "U6 LR", "G4 Pro"). */
const MODEL_RULES: readonly [RegExp, UnifiKind][] = [
  [/\b(UDM|UDR|UCG|UXG|USG|gateway|dream (machine|router))/i, "Gateway"],
  [/\b(cloud ?key|UNVR|NVR|UNAS)\b/i, "Console"],
  [/\b(USW|switch)\b/i, "Switch"],
  [/\b(U6|U7|UAP|AC (Pro|Lite|LR)|nanoHD|flexHD|access point)\b/i, "Access Point"],
  [/\b(G[3-6]|UVC|camera|doorbell)\b/i, "Camera"],
];

/** Kind from shortname, then model, then product line and the console flag. */
export function unifiDeviceKind(d: Pick<UnifiDevice, "shortname" | "model" | "productLine" | "isConsole">): UnifiKind {
  const short = d.shortname?.trim().toUpperCase();
  if (short) for (const [re, kind] of SHORTNAME_RULES) if (re.test(short)) return kind;
  const model = d.model?.trim();
  if (model) for (const [re, kind] of MODEL_RULES) if (re.test(model)) return kind;
  if (d.productLine === "protect") return "Camera";
  if (d.isConsole) return "Console";
  return "Other";
}

/** Where a host's devices belong, from the host's (already matched) sites. */
export function placeHost(sites: readonly Pick<Site, "key" | "customerKey">[]): { siteKey: string | null; customerKey: string | null } {
  if (sites.length === 1) {
    const only = sites[0] as Pick<Site, "key" | "customerKey">;
    return { siteKey: only.key, customerKey: only.customerKey };
  }
  const customers = new Set(sites.map((s) => s.customerKey));
  const [customer] = customers;
  return { siteKey: null, customerKey: customers.size === 1 && customer !== undefined ? customer : null };
}

const toDate = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);

/** One device of a host whose placement is known. */
export function normalizeUnifiDevice(d: UnifiDevice, place: { siteKey: string | null; customerKey: string | null }): Device {
  const mac = d.mac?.trim() || null;
  const name = d.name.trim() || d.model || mac || d.id;
  return {
    key: keys.unifiDevice(mac ?? d.id),
    source: "unifi",
    sourceId: d.id,
    customerKey: place.customerKey,
    siteKey: place.siteKey,
    name,
    kind: unifiDeviceKind(d),
    // Only "online" is online: an unknown state (adopting, updating...) is not proof of life.
    status: d.status === "online" ? "online" : "offline",
    model: d.model || d.shortname || null,
    firmware: d.version || null,
    // updatePending: an update is known and queued, so one is available all the same.
    firmwareUpdate: d.firmwareStatus === "updateAvailable" || d.firmwareStatus === "updatePending",
    ip: d.ip || null,
    mac,
    serial: null,
    location: null,
    lastContact: null,
    upSince: toDate(d.startupTime),
  };
}

/** Every device of every group, placed on its host's site(s). */
export function normalizeUnifiDevices(groups: readonly UnifiDeviceGroup[], sites: readonly Site[]): Device[] {
  return runSteps(normalizeUnifiDevicesSteps(groups, sites));
}

/** normalizeUnifiDevices with a pause point after each device (lib/slices.ts). */
export function* normalizeUnifiDevicesSteps(groups: readonly UnifiDeviceGroup[], sites: readonly Site[]): Steps<Device[]> {
  const byHost = new Map<string, Site[]>();
  for (const s of sites) {
    const list = byHost.get(s.hostId);
    if (list) list.push(s);
    else byHost.set(s.hostId, [s]);
  }
  const out: Device[] = [];
  for (const g of groups) {
    const place = placeHost(byHost.get(g.hostId) ?? []);
    for (const d of g.devices) {
      out.push(normalizeUnifiDevice(d, place));
      yield;
    }
  }
  return out;
}
