import type { DataSourceObjectResponse, PageObjectResponse, QueryDataSourceResponse, SearchResponse } from "@notionhq/client";
import { notFound } from "./errors";
import { compileFilter } from "./filters";
import { plainText, type StoredDataSource, type StoredPage } from "./model";
import { slice, type Slice } from "./pagination";
import { renderDataSource } from "./render";
import type { QueryBodyInput, SearchBodyInput } from "./requests";
import { compileSorts } from "./sorts";
import type { StoreCore } from "./store-core";

type ListFields = Pick<QueryDataSourceResponse, "object" | "next_cursor" | "has_more" | "type" | "page_or_data_source" | "request_status">;

/**
 * The list envelope. `request_status` appears only when the row cap cut the chain short; the
 * client types it optional, so a caller must not count on seeing `complete`.
 */
function envelope<T>(s: Slice<T>): ListFields {
  return {
    object: "list",
    next_cursor: s.nextCursor,
    has_more: s.hasMore,
    type: "page_or_data_source",
    page_or_data_source: {},
    ...(s.incomplete ? { request_status: { type: "incomplete" as const, incomplete_reason: "query_result_limit_reached" as const } } : {}),
  };
}

/**
 * POST /v1/data_sources/:id/query. Trashed rows are left out; `in_trash: true` returns only
 * trashed rows, the meaning the client's changelog gives the same flag on search (v5.23.2).
 */
export function queryDataSource(store: StoreCore, ds: StoredDataSource, body: QueryBodyInput, only?: ReadonlySet<string>): QueryDataSourceResponse {
  // A trashed database or data source is not queryable; the docs say nothing, 404 is stricter.
  if (ds.inTrash || store.databaseOf(ds).inTrash) throw notFound("data_source", ds.id);
  const trashed = body.in_trash ?? body.archived ?? false;
  const matches =
    body.filter === undefined ? () => true : compileFilter(body.filter, ds.properties, { now: store.now(), botId: store.bot.id, isLive: store.isLive });
  const order = compileSorts(body.sorts, ds.properties);
  // No wiki data sources here, so a data_source result type has no rows.
  const rows =
    body.result_type === "data_source"
      ? []
      : store.pagesIn(ds.id, { includeTrashed: true }).filter((p) => p.inTrash === trashed && matches(p)).sort(order);
  const key = JSON.stringify(["query", ds.id, body.filter ?? null, body.sorts ?? null, trashed, body.result_type ?? null]);
  const page = slice(rows, {
    key,
    pageSize: body.page_size ?? 100,
    limit: store.queryResultLimit,
    registry: store.cursors,
    ...(body.start_cursor ? { cursor: store.cursors.resolve(body.start_cursor, key) } : {}),
  });
  const results = page.items.map((p) => store.view(p, only));
  return { ...envelope(page), results };
}

type Hit = { id: string; editedMs: number; seq: number; render: () => PageObjectResponse | DataSourceObjectResponse };


/** Whether a page is reachable: not under a trashed database or data source. */
export function visible(store: StoreCore, page: StoredPage): boolean {
  if (page.parent.type !== "data_source_id") return true;
  const ds = store.dataSources.get(page.parent.data_source_id);
  return !!ds && !ds.inTrash && !store.databaseOf(ds).inTrash;
}

/**
 * POST /v1/search: title contains the query, ignoring case; pages and data sources; newest
 * edit first unless asked otherwise. Trash is excluded unless `filter.in_trash` asks for it.
 * Nothing shows up before the index has caught up with its creation (`searchIndexLagMs`).
 */
export function search(store: StoreCore, body: SearchBodyInput): SearchResponse {
  const q = (body.query ?? "").toLowerCase();
  const indexedBefore = store.now() - store.searchIndexLagMs;
  const kind = body.filter && "value" in body.filter ? body.filter.value : undefined;
  const trashed = body.filter?.in_trash ?? false;
  const botId = store.bot.id;
  const hits: Hit[] = [];
  if (kind !== "data_source") {
    for (const p of store.pages.values()) {
      if (p.createdMs > indexedBefore || p.inTrash !== trashed || !visible(store, p)) continue;
      const schema = store.schemaOf(p);
      const titleProp = schema.find((s) => s.type === "title");
      const t = titleProp ? p.values[titleProp.id] : undefined;
      const title = t && "items" in t ? plainText(t.items) : "";
      if (!title.toLowerCase().includes(q)) continue;
      hits.push({ id: p.id, editedMs: p.editedMs, seq: p.editSeq, render: () => store.view(p) });
    }
  }
  if (kind !== "page") {
    for (const ds of store.dataSources.values()) {
      const db = store.databaseOf(ds);
      if (ds.createdMs > indexedBefore || (ds.inTrash || db.inTrash) !== trashed || !plainText(ds.title).toLowerCase().includes(q)) continue;
      hits.push({ id: ds.id, editedMs: ds.editedMs, seq: 0, render: () => renderDataSource(ds, db, botId) });
    }
  }
  const sign = body.sort && "direction" in body.sort && body.sort.direction === "ascending" ? 1 : -1;
  hits.sort((a, b) => sign * (a.editedMs - b.editedMs || a.seq - b.seq));
  const key = JSON.stringify(["search", q, body.filter ?? null, body.sort ?? null]);
  const page = slice(hits, {
    key,
    pageSize: body.page_size ?? 100,
    limit: store.queryResultLimit,
    registry: store.cursors,
    ...(body.start_cursor ? { cursor: store.cursors.resolve(body.start_cursor, key) } : {}),
  });
  return { ...envelope(page), results: page.items.map((h) => h.render()) };
}
