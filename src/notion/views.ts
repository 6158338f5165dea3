/**
 * The on-call views setup makes beside the databases (docs/notion-schema.md, "On-call views"):
 * what an engineer opens first, kept small. Each is ours by its name: setup adopts a view of
 * that name, `--migrate` repairs it when it no longer says what ours says, and a view with any
 * other name is the team's and never touched. Pure: the request bodies and the comparison; the
 * calls are in setup-views.ts.
 * @module
 */
import type { DataSourceObjectResponse } from "@notionhq/client";
import type { DatabaseName } from "./templates";

type Properties = DataSourceObjectResponse["properties"];

/** A filter as our specs write it: property names, select values (Notion's query shape). */
type SelectIs = { property: string; select: { equals: string } };
export type SpecFilter = SelectIs | { or: SelectIs[] };

export interface ViewSpec {
  database: DatabaseName;
  name: string;
  type: "table" | "board" | "chart";
  filter?: SpecFilter;
  sorts?: { property: string; direction: "ascending" | "descending" }[];
  /** A board's columns, a table's groups, a chart's x axis: a select or relation property. */
  groupBy?: string;
  chart?: "donut" | "column" | "bar";
}

const either = (property: string, ...values: string[]): SpecFilter => ({ or: values.map((v) => ({ property, select: { equals: v } })) });

export const VIEW_SPECS: readonly ViewSpec[] = [
  { database: "customer_status", name: "Needs attention", type: "table", filter: either("Status", "Down", "Degraded"), sorts: [{ property: "Open Alerts", direction: "descending" }, { property: "Offline Devices", direction: "descending" }] },
  { database: "customer_status", name: "By status", type: "board", groupBy: "Status" },
  { database: "customer_status", name: "Customers by status", type: "chart", chart: "donut", groupBy: "Status" },
  { database: "alerts", name: "Critical & major, newest first", type: "table", filter: either("Severity", "CRITICAL", "MAJOR"), sorts: [{ property: "Created", direction: "descending" }] },
  { database: "alerts", name: "By severity", type: "board", groupBy: "Severity" },
  { database: "devices", name: "Offline", type: "table", filter: { property: "Status", select: { equals: "Offline" } }, groupBy: "Customer", sorts: [{ property: "Last Contact", direction: "ascending" }] },
  { database: "devices", name: "Offline devices by kind", type: "chart", chart: "column", filter: { property: "Status", select: { equals: "Offline" } }, groupBy: "Kind" },
  { database: "sites", name: "Offline or degraded", type: "table", filter: either("Status", "Offline", "Degraded"), sorts: [{ property: "Offline Devices", direction: "descending" }] },
];

/** The one dashboard: on Customer Status, its widgets the views an engineer checks first. */
export const DASHBOARD = {
  database: "customer_status" as DatabaseName,
  name: "On-call",
  widgets: ["Needs attention", "Critical & major, newest first", "Offline", "Customers by status"],
} as const;

export const widgetSpecs = (): ViewSpec[] => DASHBOARD.widgets.map((n) => VIEW_SPECS.find((s) => s.name === n)!);

/** A spec's property names → ids on this data source; null when one is missing (a schema problem said so). */
function idsOf(spec: ViewSpec, props: Properties): Map<string, { id: string; type: string }> | null {
  const names = new Set<string>([...(spec.sorts ?? []).map((s) => s.property), ...(spec.groupBy ? [spec.groupBy] : [])]);
  if (spec.filter) for (const f of "or" in spec.filter ? spec.filter.or : [spec.filter]) names.add(f.property);
  const out = new Map<string, { id: string; type: string }>();
  for (const name of names) {
    const prop = props[name] ?? Object.values(props).find((p) => p.name === name);
    if (!prop) return null;
    out.set(name, { id: prop.id, type: prop.type });
  }
  return out;
}

/** What a view of this spec says, in the form Notion returns it (property ids); null when it cannot be built. */
export function viewShape(spec: ViewSpec, props: Properties): { filter: unknown; sorts: unknown; configuration: unknown } | null {
  const ids = idsOf(spec, props);
  if (!ids) return null;
  const id = (name: string) => ids.get(name)!.id;
  const selectIs = (f: SelectIs) => ({ property: id(f.property), select: { equals: f.select.equals } });
  const filter = spec.filter ? ("or" in spec.filter ? { or: spec.filter.or.map(selectIs) } : selectIs(spec.filter)) : null;
  const sorts = spec.sorts ? spec.sorts.map((s) => ({ property: id(s.property), direction: s.direction })) : null;
  const group = spec.groupBy ? { type: ids.get(spec.groupBy)!.type, property_id: id(spec.groupBy), sort: { type: "manual" } } : undefined;
  const configuration =
    spec.type === "board" ? { type: "board", group_by: group }
    : spec.type === "chart" ? { type: "chart", chart_type: spec.chart ?? "column", x_axis: group, value: { aggregator: "count" } }
    : group ? { type: "table", group_by: group } : null;
  return { filter, sorts, configuration };
}

/** The comparable part of a view: its type and what it filters, sorts and groups by. */
function essence(v: { type: string; filter?: unknown; sorts?: unknown; configuration?: unknown }): string {
  const c = (v.configuration ?? null) as { type?: string; group_by?: { property_id?: string; type?: string }; x_axis?: { property_id?: string }; chart_type?: string } | null;
  return JSON.stringify([v.type, v.filter ?? null, v.sorts ?? null, c?.group_by?.property_id ?? null, c?.x_axis?.property_id ?? null, c?.chart_type ?? null]);
}

export type ViewState = "ok" | "differs" | "broken";

/**
 * How a view of ours stands against its spec: "broken" when it refers to a property the data
 * source no longer has (a filter on a deleted or re-added column), "differs" when it filters,
 * sorts or groups otherwise than ours, else "ok".
 */
export function viewState(spec: ViewSpec, view: { type: string; filter?: unknown; sorts?: unknown; configuration?: unknown }, props: Properties): ViewState {
  const known = new Set(Object.values(props).map((p) => p.id));
  if (referencedIds(view).some((id) => !known.has(id))) return "broken";
  const shape = viewShape(spec, props);
  if (!shape) return "ok"; // our own property is missing: schema check reports that, not the view
  return essence(view) === essence({ type: spec.type, ...shape }) ? "ok" : "differs";
}

function referencedIds(view: { filter?: unknown; sorts?: unknown; configuration?: unknown }): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === "string" && (key === "property" || key === "property_id")) out.push(v);
  };
  walk([view.filter, view.sorts, view.configuration]);
  return out;
}
