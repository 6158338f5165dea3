import type { DataSourceObjectResponse } from "@notionhq/client";
import { validationError } from "./errors";
import type { IdSource } from "./ids";
import { SELECT_COLORS, type PropertySchema, type SelectColor, type SelectOption, type StatusGroup } from "./model";
import type { OptionRequest, PropertyDraft } from "./schema-request";

export type PropertyConfigResponse = DataSourceObjectResponse["properties"][string];

/** Colour for an option created without one: drawn from the seeded stream, like Notion's random pick. */
export function pickColor(ids: IdSource): SelectColor {
  return SELECT_COLORS[Math.floor(ids.next() * SELECT_COLORS.length)] as SelectColor;
}

export function newOption(name: string, ids: IdSource, color?: string, description?: string | null): SelectOption {
  return { id: ids.uuid(), name, color: (color as SelectColor | undefined) ?? pickColor(ids), description: description ?? null };
}

/**
 * Applies a requested option list. Options are matched by id, then by name; the list replaces
 * the old one, so an option left out is removed and values that used it read back empty. The
 * docs do not say whether omitted options survive, so we take the stricter reading.
 */
export function mergeOptions(existing: readonly SelectOption[], requested: readonly OptionRequest[], ids: IdSource, where: string): SelectOption[] {
  const out: SelectOption[] = [];
  for (const req of requested) {
    const old = existing.find((o) => (req.id !== undefined && o.id === req.id) || (req.id === undefined && o.name === req.name));
    if (req.id !== undefined && !old) throw validationError(`${where}: no select option with id ${req.id}.`);
    const name = req.name ?? old?.name ?? "";
    if (out.some((o) => o.name === name)) throw validationError(`${where}: duplicate option name ${name}.`);
    out.push(
      old
        ? { ...old, name, color: (req.color as SelectColor | undefined) ?? old.color, description: req.description ?? old.description }
        : newOption(name, ids, req.color, req.description),
    );
  }
  return out;
}

/** The three groups every status property has; new options land in "To-do". */
function statusGroups(options: readonly SelectOption[], ids: IdSource, previous?: readonly StatusGroup[]): StatusGroup[] {
  const base: StatusGroup[] = previous?.map((g) => ({ ...g, option_ids: [] })) ?? [
    { id: ids.uuid(), name: "To-do", color: "gray", option_ids: [] },
    { id: ids.uuid(), name: "In progress", color: "blue", option_ids: [] },
    { id: ids.uuid(), name: "Complete", color: "green", option_ids: [] },
  ];
  for (const opt of options) {
    const home = previous?.find((g) => g.option_ids.includes(opt.id));
    const group = base.find((g) => g.id === home?.id) ?? (base[0] as StatusGroup);
    group.option_ids.push(opt.id);
  }
  return base;
}

/** Notion's defaults for a status property created without options. */
function defaultStatus(ids: IdSource): { options: SelectOption[]; groups: StatusGroup[] } {
  const options: SelectOption[] = [
    { id: ids.uuid(), name: "Not started", color: "default", description: null },
    { id: ids.uuid(), name: "In progress", color: "blue", description: null },
    { id: ids.uuid(), name: "Done", color: "green", description: null },
  ];
  const groups = statusGroups([], ids);
  groups.forEach((g, i) => g.option_ids.push((options[i] as SelectOption).id));
  return { options, groups };
}

/**
 * Fills in the type-specific part of `target` from a draft. Relation targets are resolved by
 * the caller (they need the store); `previous` is the property's old state on a redefinition.
 */
export function applyDraft(target: PropertySchema, draft: PropertyDraft, ids: IdSource, where: string, previous?: PropertySchema): void {
  const sameType = previous?.type === draft.type;
  delete target.numberFormat;
  delete target.options;
  delete target.groups;
  if (!sameType || draft.type !== "relation") delete target.relation;
  target.type = draft.type;
  if (draft.description !== undefined) target.description = draft.description;
  switch (draft.type) {
    case "number":
      target.numberFormat = draft.numberFormat ?? "number";
      break;
    case "select":
    case "multi_select": {
      const old = sameType ? (previous?.options ?? []) : [];
      target.options = draft.options ? mergeOptions(old, draft.options, ids, where) : [...old];
      break;
    }
    case "status": {
      if (sameType && previous?.options) {
        target.options = draft.options ? mergeOptions(previous.options, draft.options, ids, where) : [...previous.options];
        target.groups = statusGroups(target.options, ids, previous.groups);
      } else if (draft.options) {
        target.options = mergeOptions([], draft.options, ids, where);
        target.groups = statusGroups(target.options, ids);
      } else {
        Object.assign(target, defaultStatus(ids));
      }
      break;
    }
    default:
      break;
  }
}

/** A property as `GET /v1/data_sources/:id` shows it. */
export function renderPropertyConfig(p: PropertySchema): PropertyConfigResponse {
  const common = { id: p.id, name: p.name, description: p.description };
  const options = (p.options ?? []).map((o) => ({ ...o }));
  switch (p.type) {
    case "number":
      return { ...common, type: "number", number: { format: p.numberFormat ?? "number" } };
    case "select":
      return { ...common, type: "select", select: { options } };
    case "multi_select":
      return { ...common, type: "multi_select", multi_select: { options } };
    case "status":
      return { ...common, type: "status", status: { options, groups: (p.groups ?? []).map((g) => ({ ...g, option_ids: [...g.option_ids] })) } };
    case "relation": {
      const r = p.relation;
      if (!r) throw new Error(`relation property ${p.id} has no target`);
      const base = { database_id: r.database_id, data_source_id: r.data_source_id };
      return r.kind === "dual_property"
        ? {
            ...common,
            type: "relation",
            relation: {
              ...base,
              type: "dual_property",
              dual_property: { synced_property_id: r.synced_property_id ?? "", synced_property_name: r.synced_property_name ?? "" },
            },
          }
        : { ...common, type: "relation", relation: { ...base, type: "single_property", single_property: {} } };
    }
    case "title":
      return { ...common, type: "title", title: {} };
    case "rich_text":
      return { ...common, type: "rich_text", rich_text: {} };
    case "checkbox":
      return { ...common, type: "checkbox", checkbox: {} };
    case "date":
      return { ...common, type: "date", date: {} };
    case "url":
      return { ...common, type: "url", url: {} };
    case "email":
      return { ...common, type: "email", email: {} };
    case "phone_number":
      return { ...common, type: "phone_number", phone_number: {} };
    case "created_time":
      return { ...common, type: "created_time", created_time: {} };
    case "last_edited_time":
      return { ...common, type: "last_edited_time", last_edited_time: {} };
    case "created_by":
      return { ...common, type: "created_by", created_by: {} };
    case "last_edited_by":
      return { ...common, type: "last_edited_by", last_edited_by: {} };
  }
}

/**
 * Finds a property by name first, then by id. Ids are stored URL-encoded ("%3AUPp"), the form
 * Notion shows; a caller may also send the decoded form, which is what arrives once a query
 * string or path has been decoded.
 */
export function findProperty(properties: readonly PropertySchema[], key: string): PropertySchema | undefined {
  return (
    properties.find((p) => p.name === key) ??
    properties.find((p) => p.id === key) ??
    properties.find((p) => safeDecode(p.id) === key)
  );
}

/** decodeURIComponent that leaves malformed text as it is. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
