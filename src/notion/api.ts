import {
  Client,
  iterateAllDataSourceRows,
  isFullBlock,
  isFullPage,
  type CreateDatabaseParameters,
  type DatabaseObjectResponse,
  type DataSourceObjectResponse,
  type PageObjectResponse,
  type UpdateDataSourceParameters,
  type CreateViewParameters,
  type UpdateViewParameters,
} from "@notionhq/client";
import { createGatedFetch, toApiError, type ApiGate, type CallOverrides } from "../http";
import type { FetchLike } from "../http/gated-fetch";
import { SYNC_KEY } from "./templates";
import { toRequest, type PropMap } from "./props";

/**
 * What the service asks of Notion, nothing more. The sync, setup and dedupe code talk to this
 * interface; the implementation below is @notionhq/client behind the API gate, so every call is
 * rate limited, timed out, retried where safe and mapped to our typed errors.
 */
export interface NotionApi {
  me(): Promise<{ id: string; name: string | null }>;
  retrieveDatabase(databaseId: string): Promise<DatabaseObjectResponse>;
  retrieveDataSource(dataSourceId: string): Promise<DataSourceObjectResponse>;
  updateDataSource(dataSourceId: string, properties: UpdateDataSourceParameters["properties"]): Promise<DataSourceObjectResponse>;
  createDatabase(args: { parentPageId: string; title: string; properties: CreateDatabaseInitialProperties }): Promise<DatabaseObjectResponse>;
  trashDatabase(databaseId: string): Promise<void>;
  /** Sets the database's description (the line under its title in Notion). */
  describeDatabase(databaseId: string, text: string): Promise<void>;
  createPage(dataSourceId: string, props: PropMap): Promise<PageObjectResponse>;
  updatePage(pageId: string, change: { props?: PropMap; inTrash?: boolean }): Promise<PageObjectResponse>;
  /** Live pages whose Sync Key equals `key` exactly (normally zero or one). */
  findBySyncKey(dataSourceId: string, key: string): Promise<PageObjectResponse[]>;
  /**
   * Every live page, 100 per request, past Notion's 10,000-rows-per-query cap; with
   * `editedSince`, only pages whose last_edited_time is on or after it (Notion's timestamp filter).
   */
  allPages(dataSourceId: string, opts?: { editedSince?: string }): AsyncIterable<PageObjectResponse>;
  /**
   * Every live database directly under the page, in the page's order, through the page's
   * children (cursors followed to the end). Unlike search, this shows a database made a moment ago.
   */
  listChildDatabases(pageId: string): Promise<ChildDatabase[]>;
  /**
   * Data sources whose title matches, for adopting databases when no parent page is known. Search
   * may miss recent or unindexed objects; at most SEARCH_PAGE_LIMIT pages of results are read.
   */
  searchDataSources(title: string): Promise<DataSourceObjectResponse[]>;
  /** The database's tab views (not dashboard widgets), by id, in tab order; cursors followed. */
  listViews(databaseId: string): Promise<string[]>;
  retrieveView(viewId: string): Promise<NotionView>;
  createView(body: CreateViewParameters): Promise<NotionView>;
  updateView(viewId: string, body: Omit<UpdateViewParameters, "view_id">): Promise<NotionView>;
  /** Only for a view of ours that cannot be repaired in place (a widget over a replaced database). */
  deleteView(viewId: string): Promise<void>;
  /** Requests sent on the wire so far, retries included (a write is a create or an update). */
  readonly counts: { reads: number; writes: number };
}

/** A view as retrieved (the fields setup compares; SDK `DataSourceViewObjectResponse`). */
export interface NotionView {
  id: string;
  name: string;
  type: string;
  data_source_id?: string | null;
  filter?: unknown;
  sorts?: unknown;
  configuration?: unknown;
  dashboard_view_id?: string;
}

export interface ChildDatabase {
  id: string;
  /** Plain text of the database's title. */
  title: string;
}

/** Search pages read before giving up (100 results each): a fallback should not walk a workspace. */
export const SEARCH_PAGE_LIMIT = 10;

export type CreateDatabaseInitialProperties = NonNullable<CreateDatabaseParameters["initial_data_source"]>["properties"];

export interface NotionApiOptions {
  baseUrl: string;
  token: string;
  gate: ApiGate;
  fetch?: FetchLike;
  /** For every call of this client (a readiness probe client: one attempt, a short timeout). */
  overrides?: CallOverrides;
}

export function createNotionApi(opts: NotionApiOptions): NotionApi {
  const counts = { reads: 0, writes: 0 };
  // Counted at the wire, retries included: this is the budget actually spent.
  const base: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const counting: FetchLike = (url, init) => {
    const method = (init.method ?? "GET").toUpperCase();
    const read = method === "GET" || /\/(query|search)$/.test(new URL(url).pathname);
    counts[read ? "reads" : "writes"]++;
    return base(url, init);
  };
  const client = new Client({
    auth: opts.token,
    baseUrl: opts.baseUrl,
    fetch: createGatedFetch(opts.gate, { api: "notion", fetch: counting, ...(opts.overrides ? { overrides: opts.overrides } : {}) }),
    // The gate owns retries and timeouts; the SDK's own timer would only race, never abort.
    retry: false,
    timeoutMs: 24 * 3600_000,
    logLevel: undefined,
    logger: () => {},
  });
  const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toApiError(err, operation);
    }
  };

  return {
    counts,
    me: () =>
      call("users.me", async () => {
        const u = await client.users.me({});
        return { id: u.id, name: "name" in u ? (u.name ?? null) : null };
      }),
    retrieveDatabase: (id) =>
      call("databases.retrieve", async () => (await client.databases.retrieve({ database_id: id })) as DatabaseObjectResponse),
    retrieveDataSource: (id) =>
      call("dataSources.retrieve", async () => (await client.dataSources.retrieve({ data_source_id: id })) as DataSourceObjectResponse),
    updateDataSource: (id, properties) =>
      call("dataSources.update", async () => (await client.dataSources.update({ data_source_id: id, properties })) as DataSourceObjectResponse),
    createDatabase: ({ parentPageId, title, properties }) =>
      call("databases.create", async () =>
        (await client.databases.create({
          parent: { type: "page_id", page_id: parentPageId },
          title: [{ type: "text", text: { content: title } }],
          initial_data_source: { properties },
        })) as DatabaseObjectResponse,
      ),
    describeDatabase: (id, text) =>
      call("databases.update", async () => {
        await client.databases.update({ database_id: id, description: [{ type: "text", text: { content: text.slice(0, 2000) } }] });
      }),
    trashDatabase: (id) =>
      call("databases.update", async () => {
        await client.databases.update({ database_id: id, in_trash: true });
      }),
    listViews: (databaseId) =>
      call("views.list", async () => {
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const res = await client.views.list({ database_id: databaseId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
          ids.push(...res.results.map((r) => r.id));
          cursor = res.has_more && res.next_cursor ? res.next_cursor : undefined;
        } while (cursor);
        return ids;
      }),
    retrieveView: (viewId) => call("views.retrieve", async () => (await client.views.retrieve({ view_id: viewId })) as NotionView),
    createView: (body) => call("views.create", async () => (await client.views.create(body)) as NotionView),
    updateView: (viewId, body) => call("views.update", async () => (await client.views.update({ view_id: viewId, ...body })) as NotionView),
    deleteView: (viewId) =>
      call("views.delete", async () => {
        await client.views.delete({ view_id: viewId });
      }),
    createPage: (dataSourceId, props) =>
      call("pages.create", async () =>
        (await client.pages.create({ parent: { data_source_id: dataSourceId }, properties: toRequest(props) })) as PageObjectResponse,
      ),
    updatePage: (pageId, change) =>
      call("pages.update", async () =>
        (await client.pages.update({
          page_id: pageId,
          ...(change.props ? { properties: toRequest(change.props) } : {}),
          ...(change.inTrash !== undefined ? { in_trash: change.inTrash } : {}),
        })) as PageObjectResponse,
      ),
    findBySyncKey: (dataSourceId, key) =>
      call("dataSources.query", async () => {
        const res = await client.dataSources.query({
          data_source_id: dataSourceId,
          filter: { property: SYNC_KEY, rich_text: { equals: key } },
          page_size: 100,
        });
        // Notion's text filters may match loosely (case); only the exact key counts.
        return res.results.filter(isFullPage).filter((page) => {
          const prop = page.properties[SYNC_KEY];
          return prop?.type === "rich_text" && prop.rich_text.map((t) => t.plain_text).join("").trim() === key;
        });
      }),
    allPages: (dataSourceId, o) => ({
      async *[Symbol.asyncIterator]() {
        const filter = o?.editedSince ? { filter: { timestamp: "last_edited_time" as const, last_edited_time: { on_or_after: o.editedSince } } } : {};
        const rows = iterateAllDataSourceRows(client, { data_source_id: dataSourceId, page_size: 100, ...filter });
        for (;;) {
          let next: IteratorResult<unknown>;
          try {
            next = await rows.next();
          } catch (err) {
            throw toApiError(err, "dataSources.query");
          }
          if (next.done) return;
          const row = next.value as PageObjectResponse;
          if (isFullPage(row)) yield row;
        }
      },
    }),
    listChildDatabases: (pageId) =>
      call("blocks.children.list", async () => {
        const out: ChildDatabase[] = [];
        let cursor: string | undefined;
        do {
          const res = await client.blocks.children.list({ block_id: pageId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
          for (const block of res.results) {
            // Notion is not documented to leave trashed blocks out of the list; check regardless.
            if (!isFullBlock(block) || block.type !== "child_database" || block.in_trash || block.archived) continue;
            out.push({ id: block.id, title: block.child_database.title });
          }
          cursor = (res.has_more && res.next_cursor) || undefined;
        } while (cursor);
        return out;
      }),
    searchDataSources: (title) =>
      call("search", async () => {
        const out: DataSourceObjectResponse[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < SEARCH_PAGE_LIMIT; page++) {
          const res = await client.search({
            query: title,
            filter: { property: "object", value: "data_source" },
            page_size: 100,
            ...(cursor ? { start_cursor: cursor } : {}),
          });
          out.push(...res.results.filter((r): r is DataSourceObjectResponse => r.object === "data_source" && "properties" in r));
          cursor = (res.has_more && res.next_cursor) || undefined;
          if (!cursor) break;
        }
        return out;
      }),
  };
}
