import type { Hono } from "hono";
import { archivedError, validationError } from "../errors";
import { bodyId, filterProperties, ok, pathId, readBody } from "../http";
import { queryDataSource } from "../query";
import { renderDataSource } from "../render";
import { CreateDataSourceBody, normalizeIcon, QueryBody, UpdateDataSourceBody } from "../requests";
import { toRichTextResponse } from "../rich-text";
import { parsePropertyChange, parsePropertyDefinition, type PropertyChange } from "../schema-request";
import type { NotionStore } from "../store";
import { parseOrThrow } from "../zod-messages";

/** POST /v1/data_sources, GET / PATCH /v1/data_sources/:id and its query. */
export function registerDataSourceRoutes(app: Hono, store: NotionStore): void {
  const render = (id: string) => {
    const ds = store.requireDataSource(id);
    return renderDataSource(ds, store.databaseOf(ds), store.bot.id);
  };

  app.post("/v1/data_sources", async (c) => {
    const body = parseOrThrow(CreateDataSourceBody, await readBody(c));
    const db = store.requireDatabase(bodyId(body.parent.database_id, "body.parent.database_id"));
    if (db.inTrash) throw archivedError();
    const drafts = Object.entries(body.properties).map(([name, def]) => ({
      name,
      draft: parsePropertyDefinition(def, ["properties", name], false),
    }));
    const ds = store.addDataSource(db, toRichTextResponse(body.title ?? []), drafts);
    if (body.icon !== undefined) ds.icon = normalizeIcon(body.icon);
    return ok(c, render(ds.id));
  });

  app.get("/v1/data_sources/:data_source_id", (c) => ok(c, render(pathId(c, "data_source_id"))));

  app.patch("/v1/data_sources/:data_source_id", async (c) => {
    const id = pathId(c, "data_source_id");
    const body = parseOrThrow(UpdateDataSourceBody, await readBody(c));
    const ds = store.requireDataSource(id);
    const inTrash = body.in_trash ?? body.archived;
    const edits = body.title !== undefined || body.icon !== undefined || body.properties !== undefined;
    if (ds.inTrash && inTrash !== false && edits) throw archivedError();
    if (body.parent && bodyId(body.parent.database_id, "body.parent.database_id") !== ds.databaseId) {
      // Moving a data source between databases is real but out of this emulator's scope.
      throw validationError("Moving a data source to another database is not supported by this emulator.");
    }
    const changes: [string, PropertyChange][] = Object.entries(body.properties ?? {}).map(([key, raw]) => [
      key,
      parsePropertyChange(raw, ["properties", key]),
    ]);
    const title = body.title ? toRichTextResponse(body.title) : undefined;
    if (changes.length) store.updateSchema(ds, changes);
    if (title) ds.title = title;
    if (body.icon !== undefined) ds.icon = normalizeIcon(body.icon);
    if (inTrash !== undefined) ds.inTrash = inTrash;
    ds.editedMs = Math.max(ds.editedMs, store.now());
    return ok(c, render(id));
  });

  app.post("/v1/data_sources/:data_source_id/query", async (c) => {
    const id = pathId(c, "data_source_id");
    const body = parseOrThrow(QueryBody, await readBody(c));
    return ok(c, queryDataSource(store, store.requireDataSource(id), body, filterProperties(c)));
  });
}
