import type { Hono } from "hono";
import type { ListUsersResponse } from "@notionhq/client";
import { notFound } from "../errors";
import { ok, pathId, readBody } from "../http";
import { search } from "../query";
import { SearchBody } from "../requests";
import type { NotionStore } from "../store";
import { parseOrThrow } from "../zod-messages";

/** GET /v1/users/me, /v1/users/:user_id, /v1/users and POST /v1/search. */
export function registerUserAndSearchRoutes(app: Hono, store: NotionStore): void {
  app.get("/v1/users", (c) => {
    const list: ListUsersResponse = { object: "list", results: [store.bot], next_cursor: null, has_more: false, type: "user", user: {} };
    return ok(c, list);
  });

  // "me" falls through to its own route, registered last so the stats name it /v1/users/me
  // (the fault layer reports the last route that matched).
  app.get("/v1/users/:user_id", async (c, next) => {
    if (c.req.param("user_id") === "me") return next();
    const id = pathId(c, "user_id");
    if (id !== store.bot.id) throw notFound("user", id);
    return ok(c, store.bot);
  });

  app.get("/v1/users/me", (c) => ok(c, store.bot));

  app.post("/v1/search", async (c) => ok(c, search(store, parseOrThrow(SearchBody, await readBody(c)))));
}
