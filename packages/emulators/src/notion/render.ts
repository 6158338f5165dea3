import type { DataSourceObjectResponse, DatabaseObjectResponse, PageObjectResponse } from "@notionhq/client";
import { toMinuteIso } from "./dates";
import { compactId } from "./ids";
import { plainText, type PropertySchema, type StoredDataSource, type StoredDatabase, type StoredPage, type StoredValue } from "./model";
import { renderPropertyConfig, safeDecode } from "./schema";

type PropertyValue = PageObjectResponse["properties"][string];

/** Notion returns at most 25 relation references inline; the rest need the property endpoint. */
export const INLINE_RELATION_LIMIT = 25;

/** The schema a plain (non-database) page has: its title alone, under the id "title". */
export const PLAIN_PAGE_SCHEMA: readonly PropertySchema[] = [{ id: "title", name: "title", type: "title", description: null }];

const clone = <T>(v: T): T => structuredClone(v);

/** The value of one property of a page, with Notion's empty forms for unset values. */
export interface ValueOptions {
  botId: string;
  /** Relation references shown inline; Notion's is 25, the dump shows all. */
  relationLimit?: number;
  /**
   * Whether a related page still counts. Notion leaves trashed pages out of relation values
   * (restoring them brings the link back); the dump passes nothing and shows every link.
   */
  isLive?: (pageId: string) => boolean;
}

export function renderValue(prop: PropertySchema, page: StoredPage, stored: StoredValue | undefined, opts: ValueOptions): PropertyValue {
  const id = prop.id;
  const botId = opts.botId;
  const relationLimit = opts.relationLimit ?? INLINE_RELATION_LIMIT;
  const match = stored?.type === prop.type ? stored : undefined;
  const option = (optionId: string | null | undefined) => {
    const o = prop.options?.find((x) => x.id === optionId);
    return o ? { id: o.id, name: o.name, color: o.color } : null;
  };
  switch (prop.type) {
    case "title":
    case "rich_text": {
      const items = match && "items" in match ? clone(match.items) : [];
      return prop.type === "title" ? { id, type: "title", title: items } : { id, type: "rich_text", rich_text: items };
    }
    case "number":
      return { id, type: "number", number: match?.type === "number" ? match.value : null };
    case "select":
      return { id, type: "select", select: option(match?.type === "select" ? match.optionId : null) };
    case "status":
      return { id, type: "status", status: option(match?.type === "status" ? match.optionId : null) };
    case "multi_select": {
      const ids = match?.type === "multi_select" ? match.optionIds : [];
      return { id, type: "multi_select", multi_select: ids.map(option).filter((o) => o !== null) };
    }
    case "checkbox":
      return { id, type: "checkbox", checkbox: match?.type === "checkbox" ? match.value : false };
    case "date":
      return { id, type: "date", date: match?.type === "date" && match.value ? { ...match.value } : null };
    case "url":
      return { id, type: "url", url: match?.type === "url" ? match.value : null };
    case "email":
      return { id, type: "email", email: match?.type === "email" ? match.value : null };
    case "phone_number":
      return { id, type: "phone_number", phone_number: match?.type === "phone_number" ? match.value : null };
    case "relation": {
      const all = match?.type === "relation" ? match.pageIds : [];
      const ids = opts.isLive ? all.filter(opts.isLive) : all;
      // has_more is on the wire but missing from the client's type; built apart so it survives.
      const value = { id, type: "relation" as const, relation: ids.slice(0, relationLimit).map((r) => ({ id: r })), has_more: ids.length > relationLimit };
      return value;
    }
    case "created_time":
      return { id, type: "created_time", created_time: toMinuteIso(page.createdMs) };
    case "last_edited_time":
      return { id, type: "last_edited_time", last_edited_time: toMinuteIso(page.editedMs) };
    case "created_by":
      return { id, type: "created_by", created_by: { object: "user", id: botId } };
    case "last_edited_by":
      return { id, type: "last_edited_by", last_edited_by: { object: "user", id: botId } };
  }
}

/** `https://www.notion.so/Acme-Corp-<id>`: the title slug, then the id without dashes. */
export function pageUrl(page: StoredPage, schema: readonly PropertySchema[]): string {
  const titleProp = schema.find((p) => p.type === "title");
  const stored = titleProp ? page.values[titleProp.id] : undefined;
  const title = stored && "items" in stored ? plainText(stored.items) : "";
  const slug = title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return `https://www.notion.so/${slug ? `${slug}-` : ""}${compactId(page.id)}`;
}

export interface RenderOptions extends ValueOptions {
  /** Property ids or names to keep (the `filter_properties` query parameter). */
  only?: ReadonlySet<string>;
}

/** A page as every endpoint returns it, with every property of the schema present. */
export function renderPage(page: StoredPage, schema: readonly PropertySchema[], opts: RenderOptions): PageObjectResponse {
  const { only, botId } = opts;
  const properties: Record<string, PropertyValue> = {};
  for (const prop of schema) {
    if (only && !only.has(prop.id) && !only.has(safeDecode(prop.id)) && !only.has(prop.name)) continue;
    properties[prop.name] = renderValue(prop, page, page.values[prop.id], opts);
  }
  const user = { object: "user" as const, id: botId };
  return {
    object: "page",
    id: page.id,
    created_time: toMinuteIso(page.createdMs),
    last_edited_time: toMinuteIso(page.editedMs),
    created_by: user,
    last_edited_by: { ...user },
    cover: clone(page.cover) as PageObjectResponse["cover"],
    icon: clone(page.icon) as PageObjectResponse["icon"],
    parent: { ...page.parent } as PageObjectResponse["parent"],
    in_trash: page.inTrash,
    archived: page.inTrash,
    is_archived: page.inTrash,
    is_locked: page.isLocked,
    properties,
    url: pageUrl(page, schema),
    public_url: null,
  };
}

export function renderDatabase(db: StoredDatabase, dataSources: readonly StoredDataSource[]): DatabaseObjectResponse {
  return {
    object: "database",
    id: db.id,
    title: clone(db.title),
    description: clone(db.description),
    parent: { ...db.parent } as DatabaseObjectResponse["parent"],
    is_inline: db.isInline,
    in_trash: db.inTrash,
    archived: db.inTrash,
    is_locked: db.isLocked,
    created_time: toMinuteIso(db.createdMs),
    last_edited_time: toMinuteIso(db.editedMs),
    data_sources: dataSources.map((ds) => ({ id: ds.id, name: plainText(ds.title) })),
    icon: clone(db.icon) as DatabaseObjectResponse["icon"],
    cover: clone(db.cover) as DatabaseObjectResponse["cover"],
    url: `https://www.notion.so/${compactId(db.id)}`,
    public_url: null,
  };
}

export function renderDataSource(ds: StoredDataSource, db: StoredDatabase, botId: string): DataSourceObjectResponse {
  const user = { object: "user" as const, id: botId };
  return {
    object: "data_source",
    id: ds.id,
    title: clone(ds.title),
    description: clone(ds.description),
    parent: { type: "database_id", database_id: db.id },
    database_parent: { ...db.parent } as DataSourceObjectResponse["database_parent"],
    is_inline: db.isInline,
    in_trash: ds.inTrash || db.inTrash,
    archived: ds.inTrash || db.inTrash,
    created_time: toMinuteIso(ds.createdMs),
    last_edited_time: toMinuteIso(ds.editedMs),
    created_by: user,
    last_edited_by: { ...user },
    properties: Object.fromEntries(ds.properties.map((p) => [p.name, renderPropertyConfig(p)])),
    icon: clone(ds.icon) as DataSourceObjectResponse["icon"],
    cover: null,
    url: `https://www.notion.so/${compactId(db.id)}`,
    public_url: null,
  };
}
