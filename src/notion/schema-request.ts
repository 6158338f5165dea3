import type { DatabaseName, PropertySpec } from "./templates";

/**
 * The Notion request body for one template property (databases.create initial schema, or a
 * data source update that adds it). Relations are single-property: the Customers database gets
 * no back-reference column it did not ask for.
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
      return { relation: { data_source_id: target, type: "single_property", single_property: {} } };
    }
  }
}
