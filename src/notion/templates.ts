import type { PropType } from "./props";

/**
 * The four databases the operations team reads, as templates `setup-databases` creates and
 * `schema check` compares against. docs/notion-schema.md explains every column and which values
 * are deliberately coarse (so that a quiet fleet costs no Notion writes).
 */

import { DATABASE_NAMES, type DatabaseName } from "../core/jobs";
export { DATABASE_NAMES, type DatabaseName };

export interface PropertySpec {
  type: PropType;
  /** Select options created with the database (colours make the board readable at a glance). */
  options?: { name: string; color: string }[];
  /** Relation target, by template name; resolved to a data source id at setup time. */
  relationTo?: DatabaseName;
  /**
   * Relations: the name of the reverse property Notion keeps on the target (two-way relation,
   * `dual_property`), so a customer's page lists its sites, devices and alerts at no write cost.
   */
  dual?: string;
  numberFormat?: "number" | "percent";
}

export interface DatabaseTemplate {
  name: DatabaseName;
  title: string;
  properties: Record<string, PropertySpec>;
}

/** Every database carries the record's stable key here; lookups, adoption and dedupe use it. */
export const SYNC_KEY = "Sync Key";

const opts = (...pairs: [string, string][]) => pairs.map(([name, color]) => ({ name, color }));
const text: PropertySpec = { type: "rich_text" };
const num: PropertySpec = { type: "number", numberFormat: "number" };
// Stored as a plain number 0–100 (Notion's "percent" format would expect 0–1).
const percent: PropertySpec = { type: "number", numberFormat: "number" };
const date: PropertySpec = { type: "date" };

export const TEMPLATES: Record<DatabaseName, DatabaseTemplate> = {
  customer_status: {
    name: "customer_status",
    title: "Customer Status",
    properties: {
      Customer: { type: "title" },
      [SYNC_KEY]: text,
      Status: {
        type: "select",
        options: opts(["Healthy", "green"], ["Degraded", "yellow"], ["Down", "red"], ["Unknown", "gray"]),
      },
      Sites: num,
      Devices: num,
      "Offline Devices": num,
      "Open Alerts": num,
      "WAN Uptime": percent,
      ISP: text,
      "Last Seen": date,
      Sources: { type: "multi_select", options: opts(["NinjaOne", "blue"], ["UniFi", "purple"]) },
      Description: text,
    },
  },
  sites: {
    name: "sites",
    title: "Sites",
    properties: {
      Site: { type: "title" },
      [SYNC_KEY]: text,
      Customer: { type: "relation", relationTo: "customer_status", dual: "Linked Sites" },
      Status: {
        type: "select",
        options: opts(["Online", "green"], ["Degraded", "yellow"], ["Offline", "red"], ["Unknown", "gray"]),
      },
      Match: {
        type: "select",
        options: opts(["Mapping", "blue"], ["Name", "green"], ["Console", "green"], ["WAN IP", "green"], ["Excluded", "gray"], ["Unmatched", "orange"], ["Ambiguous", "red"]),
      },
      Devices: num,
      "Offline Devices": num,
      "Pending Updates": num,
      "Critical Notifications": num,
      "WAN Uptime": percent,
      ISP: text,
      Gateway: text,
      Host: text,
      Timezone: text,
    },
  },
  devices: {
    name: "devices",
    title: "Devices",
    properties: {
      Device: { type: "title" },
      [SYNC_KEY]: text,
      Customer: { type: "relation", relationTo: "customer_status", dual: "Linked Devices" },
      Site: { type: "relation", relationTo: "sites", dual: "Linked Devices" },
      Source: { type: "select", options: opts(["NinjaOne", "blue"], ["UniFi", "purple"]) },
      Kind: { type: "select" },
      Status: { type: "select", options: opts(["Online", "green"], ["Offline", "red"], ["Maintenance", "gray"]) },
      Model: text,
      "Firmware/OS": text,
      "Update Available": { type: "checkbox" },
      IP: text,
      MAC: text,
      Serial: text,
      Location: text,
      "Last Contact": date,
      "Up Since": date,
    },
  },
  alerts: {
    name: "alerts",
    title: "Alerts",
    properties: {
      Alert: { type: "title" },
      [SYNC_KEY]: text,
      Customer: { type: "relation", relationTo: "customer_status", dual: "Linked Alerts" },
      Device: { type: "relation", relationTo: "devices", dual: "Linked Alerts" },
      Severity: {
        type: "select",
        options: opts(["CRITICAL", "red"], ["MAJOR", "orange"], ["MODERATE", "yellow"], ["MINOR", "blue"], ["NONE", "gray"]),
      },
      Priority: { type: "select", options: opts(["HIGH", "red"], ["MEDIUM", "orange"], ["LOW", "blue"], ["NONE", "gray"]) },
      "Source Type": { type: "select" },
      Message: text,
      Created: date,
      Updated: date,
      Ticket: num,
    },
  },
};

/** The title property's name of a template (exactly one per database, as Notion requires). */
export function titleProperty(t: DatabaseTemplate): string {
  const entry = Object.entries(t.properties).find(([, s]) => s.type === "title");
  if (!entry) throw new Error(`template ${t.name} has no title property`);
  return entry[0];
}
