import type { Hono } from "hono";
import { archivedError } from "../errors";
import { bodyId, ok, pathId, readBody } from "../http";
import type { DatabaseParent } from "../model";
import { renderDatabase } from "../render";
import { CreateDatabaseBody, normalizeCover, normalizeIcon, UpdateDatabaseBody } from "../requests";
import { toRichTextResponse } from "../rich-text";
import { parsePropertyDefinition } from "../schema-request";
import type { WorkspacePlan } from "../block-limit";
import type { NotionStore } from "../store";
import type { NamedDraft } from "../store-schema";
import { parseOrThrow } from "../zod-messages";

function toParent(parent: { page_id: string } | { workspace: true }): DatabaseParent {
  return "page_id" in parent
    ? { type: "page_id", page_id: bodyId(parent.page_id, "body.parent.page_id") }
    : { type: "workspace", workspace: true };
}

/** POST /v1/databases, GET and PATCH /v1/databases/:database_id. */
export function registerDatabaseRoutes(app: Hono, store: NotionStore, plan?: WorkspacePlan): void {
  const render = (id: string) => {
    const db = store.requireDatabase(id);
    return renderDatabase(db, db.dataSourceIds.map((ds) => store.requireDataSource(ds)));
  };

  app.post("/v1/databases", async (c) => {
    const body = parseOrThrow(CreateDatabaseBody, await readBody(c));
    const props = body.initial_data_source?.properties;
    const drafts: NamedDraft[] | undefined = props
      ? Object.entries(props).map(([name, def]) => ({
          name,
          draft: parsePropertyDefinition(def, ["initial_data_source", "properties", name], false),
        }))
      : undefined;
    plan?.beforeCreate();
    const { database } = store.createDatabase({
      parent: toParent(body.parent),
      title: toRichTextResponse(body.title ?? []),
      description: toRichTextResponse(body.description ?? []),
      isInline: body.is_inline ?? false,
      icon: normalizeIcon(body.icon),
      cover: normalizeCover(body.cover),
      ...(drafts ? { properties: drafts } : {}),
    });
    plan?.created();
    return ok(c, render(database.id));
  });

  app.get("/v1/databases/:database_id", (c) => ok(c, render(pathId(c, "database_id"))));

  app.patch("/v1/databases/:database_id", async (c) => {
    const id = pathId(c, "database_id");
    const body = parseOrThrow(UpdateDatabaseBody, await readBody(c));
    const db = store.requireDatabase(id);
    const inTrash = body.in_trash ?? body.archived;
    const { in_trash: _t, archived: _a, ...edits } = body;
    if (db.inTrash && inTrash !== false && Object.keys(edits).length > 0) throw archivedError();
    const parent = body.parent ? toParent(body.parent) : undefined;
    if (parent?.type === "page_id") store.requirePage(parent.page_id);
    const title = body.title ? toRichTextResponse(body.title) : undefined;
    const description = body.description ? toRichTextResponse(body.description) : undefined;
    if (inTrash !== undefined) db.inTrash = inTrash;
    if (parent) db.parent = parent;
    if (title) db.title = title;
    if (description) db.description = description;
    if (body.is_inline !== undefined) db.isInline = body.is_inline;
    if (body.is_locked !== undefined) db.isLocked = body.is_locked;
    if (body.icon !== undefined) db.icon = normalizeIcon(body.icon);
    if (body.cover !== undefined) db.cover = normalizeCover(body.cover);
    db.editedMs = Math.max(db.editedMs, store.now());
    return ok(c, render(id));
  });
}
