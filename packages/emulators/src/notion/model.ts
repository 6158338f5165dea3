import type { RichTextItemResponse } from "@notionhq/client";

/** The property types this emulator models (the ones a sync into Notion uses). */
export const PROPERTY_TYPES = [
  "title",
  "rich_text",
  "number",
  "select",
  "multi_select",
  "status",
  "checkbox",
  "date",
  "relation",
  "url",
  "email",
  "phone_number",
  "created_time",
  "last_edited_time",
  "created_by",
  "last_edited_by",
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

/**
 * Types Notion has that we do not model. A schema naming one is refused with a clear message
 * rather than half-emulated.
 */
export const UNSUPPORTED_PROPERTY_TYPES = [
  "formula",
  "rollup",
  "people",
  "files",
  "unique_id",
  "button",
  "verification",
  "location",
  "place",
  "last_visited_time",
] as const;

/** Types whose value Notion computes; a write to one is refused. */
export const COMPUTED_TYPES: ReadonlySet<PropertyType> = new Set([
  "created_time",
  "last_edited_time",
  "created_by",
  "last_edited_by",
]);

export type SelectColor = "default" | "gray" | "brown" | "orange" | "yellow" | "green" | "blue" | "purple" | "pink" | "red";
export const SELECT_COLORS: readonly SelectColor[] = [
  "default",
  "gray",
  "brown",
  "orange",
  "yellow",
  "green",
  "blue",
  "purple",
  "pink",
  "red",
];

export interface SelectOption {
  id: string;
  name: string;
  color: SelectColor;
  description: string | null;
}

export interface StatusGroup {
  id: string;
  name: string;
  color: SelectColor;
  option_ids: string[];
}

export interface RelationConfig {
  data_source_id: string;
  database_id: string;
  kind: "single_property" | "dual_property";
  /** Dual relations only: the mirrored property on the other data source. */
  synced_property_id?: string;
  synced_property_name?: string;
}

/** One column of a data source. Page values are keyed by `id`, so a rename moves nothing. */
export interface PropertySchema {
  id: string;
  name: string;
  type: PropertyType;
  description: string | null;
  numberFormat?: string;
  /** select, multi_select and status, in display order (which is also their sort order). */
  options?: SelectOption[];
  groups?: StatusGroup[];
  relation?: RelationConfig;
}

/** A stored page value; computed types (created_time...) are never stored. */
export type StoredValue =
  | { type: "title" | "rich_text"; items: RichTextItemResponse[] }
  | { type: "number"; value: number | null }
  | { type: "select" | "status"; optionId: string | null }
  | { type: "multi_select"; optionIds: string[] }
  | { type: "checkbox"; value: boolean }
  | { type: "date"; value: { start: string; end: string | null; time_zone: string | null } | null }
  | { type: "url" | "email" | "phone_number"; value: string | null }
  | { type: "relation"; pageIds: string[] };

export type PageParent =
  | { type: "data_source_id"; data_source_id: string; database_id: string }
  | { type: "page_id"; page_id: string }
  | { type: "workspace"; workspace: true };

export type DatabaseParent = { type: "page_id"; page_id: string } | { type: "workspace"; workspace: true };

/** Exact times in ms; responses show them rounded to the minute, as Notion does. */
export interface Timestamps {
  createdMs: number;
  editedMs: number;
}

export interface StoredPage extends Timestamps {
  id: string;
  parent: PageParent;
  inTrash: boolean;
  isLocked: boolean;
  icon: unknown;
  cover: unknown;
  /** Keyed by property id. A plain (non-database) page keeps its title under "title". */
  values: Record<string, StoredValue>;
  /** Order of creation across the store; ties in sorts fall back to it. */
  createdSeq: number;
  /** Bumped on every write to the page, so an edit inside the same minute is still visible. */
  editSeq: number;
}

export interface StoredDatabase extends Timestamps {
  id: string;
  parent: DatabaseParent;
  title: RichTextItemResponse[];
  description: RichTextItemResponse[];
  isInline: boolean;
  inTrash: boolean;
  isLocked: boolean;
  icon: unknown;
  cover: unknown;
  dataSourceIds: string[];
  /** From the store-wide sequence pages use too, so a parent page lists its children in creation order. */
  createdSeq: number;
}

export interface StoredDataSource extends Timestamps {
  id: string;
  databaseId: string;
  title: RichTextItemResponse[];
  description: RichTextItemResponse[];
  inTrash: boolean;
  icon: unknown;
  /** In schema order; exactly one has type "title". */
  properties: PropertySchema[];
}

/** Concatenated plain text of rich text items, what filters and sorts compare. */
export const plainText = (items: readonly RichTextItemResponse[]): string => items.map((i) => i.plain_text).join("");
