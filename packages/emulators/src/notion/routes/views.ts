import type { Hono } from "hono";
import { z } from "zod";
import { validationError } from "../errors";
import { bodyId, ok, pathId, readBody } from "../http";
import { compactId, normalizeId } from "../ids";
import { slice } from "../pagination";
import { toMinuteIso } from "../dates";
import type { NotionStore } from "../store";
import type { StoredView } from "../store-views";
import { VIEW_TYPES } from "../view-config";
import { parseOrThrow } from "../zod-messages";

const CreateViewBody = z.object({
  data_source_id: z.string(),
  name: z.string(),
  type: z.enum(VIEW_TYPES),
  database_id: z.string().optional(),
  view_id: z.string().optional(),
  create_database: z.unknown().optional(),
  filter: z.unknown().optional(),
  sorts: z.unknown().optional(),
  quick_filters: z.record(z.string(), z.unknown()).optional(),
  configuration: z.unknown().optional(),
  position: z.unknown().optional(),
  placement: z.strictObject({ type: z.enum(["new_row", "existing_row"]), row_index: z.number().int().optional() }).optional(),
});

const UpdateViewBody = z.strictObject({
  name: z.string().optional(),
  filter: z.unknown().optional(),
  sorts: z.unknown().optional(),
  quick_filters: z.record(z.string(), z.unknown()).nullable().optional(),
  configuration: z.unknown().optional(),
});

/** A view as the API shows it (SDK `DataSourceViewObjectResponse`). */
export function renderView(store: NotionStore, v: StoredView): Record<string, unknown> {
  const user = { object: "user", id: store.bot.id };
  return {
    object: "view",
    id: v.id,
    parent: { type: "database_id", database_id: v.databaseId },
    name: v.name,
    type: v.type,
    created_time: toMinuteIso(v.createdMs),
    last_edited_time: toMinuteIso(v.editedMs),
    url: `https://www.notion.so/${compactId(v.databaseId)}?v=${compactId(v.id)}`,
    data_source_id: v.dataSourceId,
    created_by: user,
    last_edited_by: user,
    filter: v.filter ?? null,
    sorts: v.sorts ?? null,
    quick_filters: v.quickFilters ?? null,
    configuration: v.type === "dashboard" ? { type: "dashboard", rows: v.rows ?? [] } : (v.configuration ?? null),
    ...(v.dashboardViewId ? { dashboard_view_id: v.dashboardViewId } : {}),
  };
}

/**
 * POST /v1/views, GET / PATCH / DELETE /v1/views/:view_id, GET /v1/views?database_id= or
 * data_source_id= (tab views as `{object:"view", id}` references, paginated; widgets are found
 * through their dashboard's rows). `create_database` (a linked database block on a page) is not
 * emulated and answers 400, said so rather than half done. View queries are not emulated.
 */
export function registerViewRoutes(app: Hono, store: NotionStore): void {
  const views = store.viewRegistry;

  app.post("/v1/views", async (c) => {
    const body = parseOrThrow(CreateViewBody, await readBody(c));
    const places = [body.database_id, body.view_id, body.create_database].filter((x) => x !== undefined).length;
    if (places !== 1) throw validationError("body: provide exactly one of database_id, view_id or create_database.");
    if (body.create_database !== undefined) throw validationError("body.create_database: linked database blocks are not supported by this emulator.");
    const input = {
      dataSourceId: bodyId(body.data_source_id, "body.data_source_id"),
      name: body.name,
      type: body.type,
      ...(body.filter !== undefined ? { filter: body.filter } : {}),
      ...(body.sorts !== undefined ? { sorts: body.sorts } : {}),
      ...(body.quick_filters !== undefined ? { quickFilters: body.quick_filters } : {}),
      ...(body.configuration !== undefined ? { configuration: body.configuration } : {}),
    };
    if (body.placement !== undefined && body.view_id === undefined) throw validationError("body.placement: only a widget (view_id) has a placement.");
    const view = body.database_id !== undefined
      ? views.createOnDatabase(bodyId(body.database_id, "body.database_id"), input)
      : views.createWidget(bodyId(body.view_id!, "body.view_id"), input, body.placement);
    return ok(c, renderView(store, view));
  });

  app.get("/v1/views/:view_id", (c) => ok(c, renderView(store, views.require(pathId(c, "view_id")))));

  app.patch("/v1/views/:view_id", async (c) => {
    const body = parseOrThrow(UpdateViewBody, await readBody(c));
    const view = views.update(pathId(c, "view_id"), {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.filter !== undefined ? { filter: body.filter } : {}),
      ...(body.sorts !== undefined ? { sorts: body.sorts } : {}),
      ...(body.quick_filters !== undefined ? { quickFilters: body.quick_filters } : {}),
      ...(body.configuration !== undefined ? { configuration: body.configuration } : {}),
    });
    return ok(c, renderView(store, view));
  });

  app.delete("/v1/views/:view_id", (c) => {
    const view = views.delete(pathId(c, "view_id"));
    return ok(c, { object: "view", id: view.id, parent: { type: "database_id", database_id: view.databaseId }, type: view.type });
  });

  app.get("/v1/views", (c) => {
    const q = c.req.query();
    if ((q.database_id === undefined) === (q.data_source_id === undefined)) throw validationError("query: provide exactly one of database_id or data_source_id.");
    let list: StoredView[];
    if (q.database_id !== undefined) {
      const id = normalizeId(q.database_id) ?? q.database_id;
      const db = store.requireDatabase(id);
      if (db.inTrash) throw validationError(`database ${id} is in the trash.`);
      list = views.tabsOf(db.id);
    } else {
      const ds = store.requireDataSource(normalizeId(q.data_source_id!) ?? q.data_source_id!);
      list = views.tabsOf(ds.databaseId).filter((v) => v.dataSourceId === ds.id);
    }
    const pageSize = q.page_size === undefined ? 100 : Number(q.page_size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw validationError("page_size should be an integer from 1 to 100.");
    const key = JSON.stringify(["views", q.database_id ?? null, q.data_source_id ?? null]);
    const page = slice(list, { key, pageSize, limit: 10_000, registry: store.cursors, ...(q.start_cursor ? { cursor: store.cursors.resolve(q.start_cursor, key) } : {}) });
    return ok(c, { object: "list", next_cursor: page.nextCursor, has_more: page.hasMore, type: "view", view: {}, results: page.items.map((v) => ({ object: "view", id: v.id })) });
  });
}
