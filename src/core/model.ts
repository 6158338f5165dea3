/**
 * The normalized model every source is turned into before the sync sees it. Each record has a
 * stable `key` ("ninjaone:org:12", "unifi:site:<siteId>", "unifi:device:<MAC>",
 * "ninjaone:device:115", "ninjaone:alert:<uid>") that is written to the Notion page's Sync Key
 * and is the ledger's identity of the record: it must never change for the same real thing.
 */

export type SourceName = "unifi" | "ninjaone";

/** A customer is a NinjaOne organization. */
export interface Customer {
  key: string;
  orgId: number;
  name: string;
  description: string | null;
  tags: string[];
}

/**
 * How a UniFi site found its customer, shown on the Sites page so operators can settle it:
 * `mapping` (sync.site_mapping), `name` (the site's own name), `console` (its console's name
 * or hostname), `wan-ip` (its host's WAN address, reported by the customer's NinjaOne devices,
 * alone or with a name too weak on its own), `excluded` (sync.site_mapping_exclude), or no
 * link: `unmatched`, `ambiguous`.
 */
export type SiteMatch = "mapping" | "name" | "console" | "wan-ip" | "excluded" | "unmatched" | "ambiguous";

export interface Site {
  key: string;
  siteId: string;
  hostId: string;
  /** `meta.desc`, else `meta.name`. */
  name: string;
  customerKey: string | null;
  match: SiteMatch;
  hostName: string | null;
  /** false when the console reports `disconnected`. */
  hostConnected: boolean;
  /** null when the site reports `statistics: null`. */
  stats: SiteStats | null;
  timezone: string | null;
}

export interface SiteStats {
  totalDevices: number;
  offlineDevices: number;
  clients: number;
  criticalNotifications: number;
  pendingUpdates: number;
  wanUptimePct: number | null;
  isp: string | null;
  gateway: string | null;
  internetIssues: number;
}

export type DeviceStatus = "online" | "offline" | "maintenance";

export interface Device {
  key: string;
  source: SourceName;
  sourceId: string;
  customerKey: string | null;
  siteKey: string | null;
  name: string;
  /** NinjaOne nodeClass (WINDOWS_SERVER...) or UniFi role (gateway, switch, access point, camera...). */
  kind: string;
  status: DeviceStatus;
  model: string | null;
  /** UniFi firmware version or NinjaOne OS name. */
  firmware: string | null;
  firmwareUpdate: boolean;
  ip: string | null;
  mac: string | null;
  serial: string | null;
  location: string | null;
  /** Last agent contact (NinjaOne); null for UniFi, which does not report it. */
  lastContact: Date | null;
  /** Boot time: NinjaOne os.lastBootTime, UniFi startupTime. Stable until the next reboot. */
  upSince: Date | null;
}

export interface Alert {
  key: string;
  uid: string;
  customerKey: string | null;
  deviceKey: string;
  deviceName: string | null;
  severity: string | null;
  priority: string | null;
  sourceType: string;
  subject: string;
  message: string;
  createdAt: Date;
  updatedAt: Date | null;
  ticketId: number | null;
}

/** A record that failed its schema: reported, kept out of the sync, never silently dropped. */
export interface QuarantineEntry {
  source: SourceName;
  /** What kind of record, e.g. "device", "site". */
  entity: string;
  /** The record's id when it could be read, else its position in the page. */
  recordId: string;
  /** The key the record would have had, when its id could be read (keeps it from being archived). */
  key: string | null;
  /** Field path inside the record, e.g. "statistics.counts.totalDevice". */
  path: string;
  reason: string;
}

export { keys } from "@oberaconnect/common/keys";
