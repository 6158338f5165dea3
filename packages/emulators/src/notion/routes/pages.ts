import type { Hono } from "hono";
import type { WorkspacePlan } from "../block-limit";
import { validationError } from "../errors";
import { bodyId, filterProperties, ok, pathId, readBody } from "../http";
import { CreatePageBody, normalizeCover, normalizeIcon, UpdatePageBody } from "../requests";
import type { NotionStore, PageParentInput } from "../store";
import { parseOrThrow } from "../zod-messages";
import { registerPagePropertyRoute } from "./page-properties";

type ParentBody =
  | { data_source_id: string }
  | { database_id: string }
  | { page_id: string }
  | { workspace: true };

function toParent(parent: ParentBody): PageParentInput {
  if ("data_source_id" in parent) return { kind: "data_source", id: bodyId(parent.data_source_id, "body.parent.data_source_id") };
  if ("database_id" in parent) return { kind: "database", id: bodyId(parent.database_id, "body.parent.database_id") };
  if ("page_id" in parent) return { kind: "page", id: bodyId(parent.page_id, "body.parent.page_id") };
  return { kind: "workspace" };
}

/** POST /v1/pages, GET / PATCH /v1/pages/:page_id and the page property endpoint. */
export function registerPageRoutes(app: Hono, store: NotionStore, plan?: WorkspacePlan): void {
  const render = (id: string, only?: ReadonlySet<string>) => store.view(store.requirePage(id), only);

  app.post("/v1/pages", async (c) => {
    const body = parseOrThrow(CreatePageBody, await readBody(c));
    plan?.beforeCreate(); // a page is a block: refused once the Free plan's limit is enforced
    const page = store.createPage(toParent(body.parent), body.properties, {
      icon: normalizeIcon(body.icon),
      cover: normalizeCover(body.cover),
    });
    plan?.created();
    return ok(c, render(page.id, filterProperties(c)));
  });

  app.get("/v1/pages/:page_id", (c) => ok(c, render(pathId(c, "page_id"), filterProperties(c))));

  app.patch("/v1/pages/:page_id", async (c) => {
    const id = pathId(c, "page_id");
    const body = parseOrThrow(UpdatePageBody, await readBody(c));
    const page = store.requirePage(id);
    // in_trash, its deprecated alias archived, and is_archived all mean the same flag.
    const flags = [body.in_trash, body.archived, body.is_archived].filter((v) => v !== undefined);
    if (new Set(flags).size > 1) throw validationError("body failed validation: in_trash and archived should agree.");
    store.updatePage(page, {
      properties: body.properties,
      ...(flags.length ? { inTrash: flags[0] as boolean } : {}),
      ...(body.icon !== undefined ? { icon: normalizeIcon(body.icon) } : {}),
      ...(body.cover !== undefined ? { cover: normalizeCover(body.cover) } : {}),
      ...(body.is_locked !== undefined ? { isLocked: body.is_locked } : {}),
    });
    return ok(c, render(id, filterProperties(c)));
  });

  registerPagePropertyRoute(app, store);
}
