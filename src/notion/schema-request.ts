import type { DatabaseName, PropertySpec } from "./templates";

/**
 * The Notion request body for one template property (databases.create initial schema, or a
 * data source update that adds it or makes a relation two-way). A relation with `dual` is two-way:
 * Notion adds the reverse column on the target ("Linked Sites" on Customer Status) and keeps it.
 */
export function propertySchema(spec: PropertySpec, dataSourceIds: Partial<Record<DatabaseName, string>>): Record<string, unknown> {
  switch (spec.type) {
    case "title":
      return { title: {} };
    case "rich_text":
      return { rich_text: {} };
    case "number":
      return { number: { format: spec.numberFormat ?? "number" } };
    case "select":
      return { select: { options: spec.options ?? [] } };
    case "multi_select":
      return { multi_select: { options: spec.options ?? [] } };
    case "date":
      return { date: {} };
    case "checkbox":
      return { checkbox: {} };
    case "url":
      return { url: {} };
    case "relation": {
      const target = spec.relationTo ? dataSourceIds[spec.relationTo] : undefined;
      if (!target) throw new Error(`relation target ${spec.relationTo} has no data source yet`);
      return spec.dual
        ? { relation: { data_source_id: target, type: "dual_property", dual_property: { synced_property_name: spec.dual } } }
        : { relation: { data_source_id: target, type: "single_property", single_property: {} } };
    }
  }
}
