/**
 * Checking a view's filter, sorts and configuration against its data source's properties, as
 * POST and PATCH /v1/views do (developers.notion.com/reference/create-view, the SDK's
 * `ViewConfigRequest` types). Filters and sorts take the shapes of data source queries and are
 * checked by the same code; their property references are kept as property ids, so a renamed
 * column keeps its views working and a deleted one leaves them pointing at nothing. Where the
 * docs are silent the stricter reading is taken: group-by and chart properties must exist and
 * be of a type the group-by names, a configuration must carry the view's own type, and a
 * dashboard takes no configuration, filter or sorts (its rows are made by adding widgets).
 * @module
 */
import { validationError } from "./errors";
import { compileFilter, type FilterContext } from "./filters";
import type { PropertySchema, PropertyType } from "./model";
import { findProperty } from "./schema";
import { compileSorts } from "./sorts";

export const VIEW_TYPES = ["table", "board", "list", "calendar", "timeline", "gallery", "form", "chart", "map", "dashboard"] as const;
export type ViewType = (typeof VIEW_TYPES)[number];

/** The property types each group-by type may group (SDK `GroupByConfigRequest`). */
const GROUPABLE: Readonly<Record<string, readonly PropertyType[]>> = {
  select: ["select"],
  multi_select: ["multi_select"],
  status: ["status"],
  relation: ["relation"],
  person: [],
  created_by: ["created_by"],
  last_edited_by: ["last_edited_by"],
  date: ["date"],
  created_time: ["created_time"],
  last_edited_time: ["last_edited_time"],
  text: ["rich_text"],
  title: ["title"],
  url: ["url"],
  email: ["email"],
  phone_number: ["phone_number"],
  number: ["number"],
  checkbox: ["checkbox"],
};
const AGGREGATORS = new Set(["count", "count_values", "sum", "average", "median", "min", "max", "range", "unique", "empty", "not_empty", "percent_empty", "percent_not_empty", "checked", "unchecked", "percent_checked", "percent_unchecked", "earliest_date", "latest_date", "date_range"]);
const CHART_TYPES = new Set(["column", "bar", "line", "donut", "number"]);

const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function propertyById(schema: readonly PropertySchema[], id: unknown, at: string): PropertySchema {
  if (typeof id !== "string" || !id) throw validationError(`${at} should be a property id, instead was \`${JSON.stringify(id)}\`.`);
  const prop = schema.find((p) => p.id === id) ?? schema.find((p) => safeDecode(p.id) === id);
  if (!prop) throw validationError(`${at}: no property with id ${JSON.stringify(id)} in this data source.`);
  return prop;
}

function checkGroupBy(g: unknown, schema: readonly PropertySchema[], at: string): void {
  if (!isObject(g)) throw validationError(`${at} should be an object.`);
  const types = GROUPABLE[String(g.type)];
  if (!types) throw validationError(`${at}.type should be one of ${Object.keys(GROUPABLE).join(", ")}, instead was \`${JSON.stringify(g.type)}\`.`);
  const prop = propertyById(schema, g.property_id, `${at}.property_id`);
  if (!types.includes(prop.type)) throw validationError(`${at}: a ${String(g.type)} group-by cannot group the ${prop.type} property "${prop.name}".`);
  if (!isObject(g.sort) || !["manual", "ascending", "descending"].includes(String(g.sort.type))) {
    throw validationError(`${at}.sort.type should be one of manual, ascending, descending.`);
  }
  if (g.type === "status" && !["group", "option"].includes(String(g.group_by))) throw validationError(`${at}.group_by should be group or option.`);
}

function checkAggregation(a: unknown, schema: readonly PropertySchema[], at: string): void {
  if (!isObject(a) || !AGGREGATORS.has(String(a.aggregator))) throw validationError(`${at}.aggregator should be one of ${[...AGGREGATORS].join(", ")}.`);
  if (a.aggregator !== "count" || a.property_id !== undefined) propertyById(schema, a.property_id, `${at}.property_id`);
}

/** Throws validation_error unless `config` is a valid configuration of a `type` view over `schema`. */
export function checkConfiguration(type: ViewType, config: unknown, schema: readonly PropertySchema[]): void {
  const at = "body.configuration";
  if (type === "dashboard") throw validationError(`${at}: a dashboard view has no configuration; add widgets by creating views with view_id.`);
  if (!isObject(config)) throw validationError(`${at} should be an object.`);
  if (config.type !== type) throw validationError(`${at}.type should be "${type}", the view's type, instead was \`${JSON.stringify(config.type)}\`.`);
  if (config.properties !== undefined) {
    if (!Array.isArray(config.properties)) throw validationError(`${at}.properties should be an array.`);
    config.properties.forEach((p, i) => propertyById(schema, isObject(p) ? p.property_id : undefined, `${at}.properties[${i}].property_id`));
  }
  if (type === "board" && config.group_by === undefined) throw validationError(`${at}.group_by should be defined for a board view.`);
  if ((type === "board" || type === "table") && config.group_by !== undefined) checkGroupBy(config.group_by, schema, `${at}.group_by`);
  if (type === "board" && config.sub_group_by !== undefined) checkGroupBy(config.sub_group_by, schema, `${at}.sub_group_by`);
  if (type === "calendar" || type === "timeline") {
    const prop = propertyById(schema, config.date_property_id, `${at}.date_property_id`);
    if (prop.type !== "date") throw validationError(`${at}.date_property_id: "${prop.name}" is a ${prop.type} property, not a date.`);
  }
  if (type === "chart") {
    if (!CHART_TYPES.has(String(config.chart_type))) throw validationError(`${at}.chart_type should be one of ${[...CHART_TYPES].join(", ")}.`);
    if (config.chart_type !== "number") {
      if (config.x_axis === undefined || config.x_axis === null) throw validationError(`${at}.x_axis should be defined for a ${String(config.chart_type)} chart.`);
      checkGroupBy(config.x_axis, schema, `${at}.x_axis`);
    }
    for (const key of ["y_axis", "value"] as const) if (config[key] !== undefined && config[key] !== null) checkAggregation(config[key], schema, `${at}.${key}`);
    if (config.stack_by !== undefined && config.stack_by !== null) checkGroupBy(config.stack_by, schema, `${at}.stack_by`);
  }
}

/** A filter checked as a query's would be, with every property reference turned into its id. */
export function normalizeFilter(filter: unknown, schema: readonly PropertySchema[], ctx: FilterContext): unknown {
  compileFilter(filter, schema, ctx);
  const walk = (f: unknown): unknown => {
    if (!isObject(f)) return f;
    if (Array.isArray(f.or)) return { or: f.or.map(walk) };
    if (Array.isArray(f.and)) return { and: f.and.map(walk) };
    if (typeof f.property === "string") return { ...f, property: findProperty(schema, f.property)!.id };
    return f;
  };
  return walk(filter);
}

/** Sorts checked as a query's would be, property references turned into ids. */
export function normalizeSorts(sorts: unknown, schema: readonly PropertySchema[]): unknown[] {
  compileSorts(sorts, schema);
  return (sorts as Record<string, unknown>[]).map((s) => (typeof s.property === "string" ? { ...s, property: findProperty(schema, s.property)!.id } : s));
}

/** The property ids a view refers to (filter, sorts, configuration), to tell a broken one. */
export function referencedIds(view: { filter: unknown; sorts: unknown[] | null; configuration: unknown }): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (typeof v === "string" && (key === "property" || key === "property_id" || key === "date_property_id")) out.push(v);
  };
  walk(view.filter);
  walk(view.sorts);
  walk(view.configuration);
  return out;
}
