/**
 * UniFi hardware the generator picks from, with the model/shortname pairs and firmware versions
 * of the samples (devices-page1/2.json, hosts-page1.json), and the device kind a site's
 * `statistics.counts` counts it under.
 */
import type { UnifiDevice } from "@oberaconnect/common/wire/unifi";

/** How site statistics count a device; cameras (`protect`) are not in the network counts. */
export type DeviceKind = "gateway" | "switch" | "ap" | "camera";

/** One hardware model. */
export interface UnifiModel {
  model: string;
  shortname: string;
  kind: DeviceKind;
  version: string;
  /** Long hardware name shown in a console's `reportedState.hardware.name`. */
  hardwareName?: string;
  /** OUI used for generated MACs of this family. */
  oui: string;
}

/** Cloud-managed consoles: the host itself, and the site's gateway. */
export const CONSOLES: readonly UnifiModel[] = [
  { model: "UDM SE", shortname: "UDMPROSE", kind: "gateway", version: "4.1.13", hardwareName: "UniFi Dream Machine SE", oui: "F4E2C6" },
  { model: "UDM Pro", shortname: "UDMPRO", kind: "gateway", version: "4.1.13", hardwareName: "UniFi Dream Machine Pro", oui: "245A4C" },
  { model: "UCG Ultra", shortname: "UCGULTRA", kind: "gateway", version: "4.1.13", hardwareName: "UniFi Cloud Gateway Ultra", oui: "9C05D6" },
  { model: "UDR", shortname: "UDR", kind: "gateway", version: "4.0.21", hardwareName: "UniFi Dream Router", oui: "D021F9" },
  { model: "UCG Max", shortname: "UCGMAX", kind: "gateway", version: "4.1.13", hardwareName: "UniFi Cloud Gateway Max", oui: "0418D6" },
];

/** Gateways adopted by a self-hosted network server (sample Northwind UXG Pro). */
export const GATEWAYS: readonly UnifiModel[] = [
  { model: "UXG Pro", shortname: "UXGPRO", kind: "gateway", version: "4.0.21", oui: "74ACB9" },
  { model: "UXG Lite", shortname: "UXGLITE", kind: "gateway", version: "4.0.21", oui: "74ACB9" },
];

export const SWITCHES: readonly UnifiModel[] = [
  { model: "USW Pro 24 PoE", shortname: "US24PRO", kind: "switch", version: "7.0.50", oui: "E063DA" },
  { model: "USW Flex Mini", shortname: "USMINI", kind: "switch", version: "2.1.6", oui: "E063DA" },
  { model: "USW Lite 8 PoE", shortname: "USL8LP", kind: "switch", version: "7.0.50", oui: "788A20" },
  { model: "USW 24 PoE", shortname: "US24PL2", kind: "switch", version: "7.0.50", oui: "788A20" },
  { model: "USW Lite 16 PoE", shortname: "USL16LP", kind: "switch", version: "7.0.50", oui: "68D79A" },
];

export const ACCESS_POINTS: readonly UnifiModel[] = [
  { model: "U6 LR", shortname: "UALR6v2", kind: "ap", version: "6.6.73", oui: "AC8BA9" },
  { model: "AC Pro", shortname: "U7PG2", kind: "ap", version: "6.6.77", oui: "AC8BA9" },
  { model: "U6 Lite", shortname: "UAL6", kind: "ap", version: "6.6.77", oui: "802AA8" },
  { model: "U6 Pro", shortname: "UAP6MP", kind: "ap", version: "6.6.77", oui: "802AA8" },
];

export const CAMERAS: readonly UnifiModel[] = [
  { model: "G4 Pro", shortname: "UVC G4 Pro", kind: "camera", version: "4.72.32.a0af018.240904.1250", oui: "F09FC2" },
  { model: "G4 Bullet", shortname: "UVC G4 Bullet", kind: "camera", version: "4.72.32.a0af018.240904.1250", oui: "F09FC2" },
  { model: "G5 Flex", shortname: "UVC G5 Flex", kind: "camera", version: "4.72.32.a0af018.240904.1250", oui: "F09FC2" },
];

const BY_SHORTNAME = new Map<string, DeviceKind>(
  [...CONSOLES, ...GATEWAYS, ...SWITCHES, ...ACCESS_POINTS, ...CAMERAS].map((m) => [m.shortname, m.kind]),
);

/** The kind of a device record: by shortname, else consoles are gateways and `protect` are cameras. */
export function deviceKind(d: UnifiDevice): DeviceKind {
  const known = d.shortname ? BY_SHORTNAME.get(d.shortname) : undefined;
  if (known) return known;
  if (d.isConsole) return "gateway";
  if (d.productLine === "protect") return "camera";
  return "switch";
}

/** Same `uidb` block on every device of a model family, as in the samples (icons are per model). */
export const UIDB = {
  guid: null,
  iconId: "7a060fbb-8a8b-471c-9f57-da477ff3e04e",
  id: "b13610ef-7e73-4a14-985a-53bb75a62401",
  images: {
    default: "e3fbf220c145f4301929576039d52d19",
    nopadding: "4608b98cfbc13adfb538490b117db81a",
    topology: "96c7cd1cb0ba8f00200d7a771136d05f",
  },
} as const;

/** Area words for device names ("AP-Lobby", "SW-Frontdesk"). */
export const AREAS = [
  "Lobby", "Reception", "Office", "Conference", "Warehouse", "Break-Room", "Back-Office", "Shop", "Lab",
  "Upstairs", "Downstairs", "Entrance", "Parking", "Exam-1", "Exam-2", "Frontdesk", "Server-Room", "Patio",
] as const;
