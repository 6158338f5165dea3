import type { Hono } from "hono";
import { z } from "zod";
import { listBlockChildren } from "../blocks";
import { ok, pathId } from "../http";
import type { NotionStore } from "../store";
import { parseOrThrow } from "../zod-messages";

/** The query string of a GET list endpoint: page size 1..100 (default 100), an opaque cursor. */
const ListQuery = z.object({
  page_size: z.coerce.number().int().min(1).max(100).optional(),
  start_cursor: z.string().optional(),
});

/**
 * GET /v1/blocks/:block_id/children. The one place that lists what sits under a page right
 * after it was made, which search does not promise (see the store's searchIndexLagMs).
 */
export function registerBlockRoutes(app: Hono, store: NotionStore): void {
  app.get("/v1/blocks/:block_id/children", (c) => {
    const id = pathId(c, "block_id");
    const q = parseOrThrow(ListQuery, c.req.query(), "query");
    return ok(c, listBlockChildren(store, id, q));
  });
}
