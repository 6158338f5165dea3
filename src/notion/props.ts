import type { CreatePageParameters, PageObjectResponse } from "@notionhq/client";
import { chunkText, selectName, storedText } from "./text-limits";

/**
 * A property value in the form the sync compares: plain values, not Notion's nested request
 * or response shapes. Desired values are built in this form, pages read from Notion are turned
 * into it, and the content hash is taken over it, so "equal" means "Notion would show the same".
 */
export type PropValue =
  | { type: "title"; value: string }
  | { type: "rich_text"; value: string }
  | { type: "number"; value: number | null }
  | { type: "select"; value: string | null }
  | { type: "multi_select"; value: string[] }
  | { type: "date"; value: string | null }
  | { type: "checkbox"; value: boolean }
  | { type: "url"; value: string | null }
  | { type: "relation"; value: string[] };

export type PropMap = Record<string, PropValue>;
export type PropType = PropValue["type"];

type RequestProperties = NonNullable<CreatePageParameters["properties"]>;
type ResponseProperty = PageObjectResponse["properties"][string];

export const p = {
  title: (value: string): PropValue => ({ type: "title", value }),
  text: (value: string | null | undefined): PropValue => ({ type: "rich_text", value: value ?? "" }),
  number: (value: number | null | undefined): PropValue => ({
    type: "number",
    value: value == null || !Number.isFinite(value) ? null : value,
  }),
  select: (value: string | null | undefined): PropValue => ({ type: "select", value: selectName(value) }),
  multi: (values: string[]): PropValue => ({
    type: "multi_select",
    value: [...new Set(values.map(selectName).filter((v): v is string => v !== null))].sort(),
  }),
  date: (value: Date | string | null | undefined): PropValue => ({ type: "date", value: normalizeDate(value) }),
  checkbox: (value: boolean): PropValue => ({ type: "checkbox", value }),
  url: (value: string | null | undefined): PropValue => ({ type: "url", value: value || null }),
  relation: (ids: (string | null | undefined)[]): PropValue => ({
    type: "relation",
    value: [...new Set(ids.filter((i): i is string => Boolean(i)).map(normalizeId))].sort(),
  }),
};

/** Page ids compare without dashes and case ("1a2b-..." and "1A2B..." are the same page). */
export const normalizeId = (id: string): string => id.replace(/-/g, "").toLowerCase();

/**
 * Dates compare as instants: a date-only value stays "YYYY-MM-DD", a date-time becomes its
 * UTC ISO form, so "2026-01-01T10:00:00.000+00:00" from Notion equals what we sent.
 */
export function normalizeDate(value: Date | string | null | undefined): string | null {
  if (value == null || value === "") return null;
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const richText = (text: string) => chunkText(text).map((content) => ({ type: "text" as const, text: { content } }));

/** The request body `properties` for pages.create / pages.update. */
export function toRequest(props: PropMap): RequestProperties {
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(props)) {
    switch (prop.type) {
      case "title": out[name] = { title: richText(prop.value) }; break;
      case "rich_text": out[name] = { rich_text: richText(prop.value) }; break;
      case "number": out[name] = { number: prop.value }; break;
      case "select": out[name] = { select: prop.value === null ? null : { name: prop.value } }; break;
      case "multi_select": out[name] = { multi_select: prop.value.map((n) => ({ name: n })) }; break;
      case "date": out[name] = { date: prop.value === null ? null : { start: prop.value } }; break;
      case "checkbox": out[name] = { checkbox: prop.value }; break;
      case "url": out[name] = { url: prop.value }; break;
      case "relation": out[name] = { relation: prop.value.map((id) => ({ id })) }; break;
    }
  }
  return out as RequestProperties;
}

const plain = (items: { plain_text: string }[]) => items.map((t) => t.plain_text).join("");

/** Reads one property of a page back into the compared form (null when its type is unexpected). */
export function fromResponse(prop: ResponseProperty | undefined, expected: PropType): PropValue | null {
  if (!prop || prop.type !== expected) return null;
  switch (prop.type) {
    case "title": return { type: "title", value: plain(prop.title) };
    case "rich_text": return { type: "rich_text", value: plain(prop.rich_text) };
    case "number": return { type: "number", value: prop.number };
    case "select": return { type: "select", value: prop.select?.name ?? null };
    case "multi_select": return { type: "multi_select", value: prop.multi_select.map((o) => o.name).sort() };
    case "date": return { type: "date", value: normalizeDate(prop.date?.start) };
    case "checkbox": return { type: "checkbox", value: prop.checkbox };
    case "url": return { type: "url", value: prop.url };
    case "relation": return { type: "relation", value: prop.relation.map((r) => normalizeId(r.id)).sort() };
    default: return null;
  }
}

/** What Notion will hold once `value` is written (text is chunked and possibly cut). */
export function asStored(value: PropValue): PropValue {
  if (value.type === "title" || value.type === "rich_text") return { ...value, value: storedText(value.value) };
  return value;
}

/** Property names whose stored values differ; `current` missing a name counts as a difference. */
export function diffProps(desired: PropMap, current: PropMap): string[] {
  return Object.keys(desired)
    .filter((name) => !sameValue(asStored(desired[name] as PropValue), current[name]))
    .sort();
}

function sameValue(a: PropValue, b: PropValue | undefined): boolean {
  return b !== undefined && a.type === b.type && JSON.stringify(a.value) === JSON.stringify(b.value);
}
