import type { Hono } from "hono";
import type { PropertyItemListResponse, PropertyItemObjectResponse } from "@notionhq/client";
import { z } from "zod";
import { validationError } from "../errors";
import { ok, pathId } from "../http";
import { slice } from "../pagination";
import { renderValue } from "../render";
import { findProperty } from "../schema";
import type { NotionStore } from "../store";
import { parseOrThrow } from "../zod-messages";

const Query = z.object({
  page_size: z.coerce.number().int().min(1).max(100).optional(),
  start_cursor: z.string().optional(),
});

type ListItem = PropertyItemObjectResponse & { id: string };

/**
 * GET /v1/pages/:page_id/properties/:property_id. Title, rich text and relation values come
 * back as a paginated list of property items (default 25 a page): the only way to read more
 * than the 25 relation references a page object shows inline. Other types are one item.
 */
export function registerPagePropertyRoute(app: Hono, store: NotionStore): void {
  app.get("/v1/pages/:page_id/properties/:property_id", (c) => {
    const page = store.requirePage(pathId(c, "page_id"));
    const rawProp = c.req.param("property_id") ?? "";
    const prop = findProperty(store.schemaOf(page), rawProp);
    if (!prop) throw validationError(`Could not find property with name or id: ${rawProp}`);
    const value = renderValue(prop, page, page.values[prop.id], {
      botId: store.bot.id,
      isLive: store.isLive,
      relationLimit: Number.POSITIVE_INFINITY,
    });
    const single = (v: typeof value) => ({ object: "property_item", ...v }) as PropertyItemObjectResponse;
    if (value.type !== "title" && value.type !== "rich_text" && value.type !== "relation") return ok(c, single(value));

    const q = parseOrThrow(Query, c.req.query(), "query");
    let items: ListItem[];
    if (value.type === "relation") {
      items = value.relation.map((r, i) => ({ object: "property_item", id: `${prop.id}:${i}`, type: "relation", relation: { id: r.id } }));
    } else {
      const texts = value.type === "title" ? value.title : value.rich_text;
      items = texts.map((t, i) => ({ object: "property_item", id: `${prop.id}:${i}`, type: value.type, [value.type]: t }) as ListItem);
    }
    const key = JSON.stringify(["property", page.id, prop.id]);
    const part = slice(items, {
      key,
      pageSize: q.page_size ?? 25,
      limit: Number.POSITIVE_INFINITY,
      registry: store.cursors,
      ...(q.start_cursor ? { cursor: store.cursors.resolve(q.start_cursor, key) } : {}),
    });
    const list = {
      object: "list",
      // Item ids are positional inside the emulator; on the wire every item carries the property id.
      results: part.items.map((item) => ({ ...item, id: prop.id })),
      next_cursor: part.nextCursor,
      has_more: part.hasMore,
      type: "property_item",
      property_item: { id: prop.id, next_url: null, type: value.type, [value.type]: {} },
    } as PropertyItemListResponse;
    return ok(c, list);
  });
}
