import type { PageObjectResponse, UserObjectResponse } from "@notionhq/client";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { notFound } from "./errors";
import type { IdSource } from "./ids";
import type { PropertySchema, StoredDataSource, StoredDatabase, StoredPage } from "./model";
import { CursorRegistry } from "./pagination";
import { PLAIN_PAGE_SCHEMA, renderPage } from "./render";

/**
 * How long a new page or data source stays out of search: Notion says search "is not
 * guaranteed to return everything" and "indexing is not immediate", with no figure; a minute is
 * our choice, long enough that code finding what it just made through search fails here.
 */
export const SEARCH_INDEX_LAG_MS = 60_000;

export interface NotionStoreOptions {
  clock?: Clock;
  /** Seed of every id the store makes; the same seed and calls give the same ids. */
  seed?: number;
  /** Rows one query's cursor chain may return; Notion's is 10,000 (client PR #730). */
  queryResultLimit?: number;
  /** How long a new page or data source stays out of search (default SEARCH_INDEX_LAG_MS). */
  searchIndexLagMs?: number;
}

/**
 * The workspace's state and the lookups every part of the emulated API shares: the maps, the
 * clock and sequence, 404s in Notion's words, schema and liveness. The writes that build on it
 * (store-pages, store-schema, store-relations) and the reads (query, store-dump) take this, not
 * the whole NotionStore, so none of them depends on the class that uses them.
 */
export class StoreCore {
  readonly clock: Clock;
  readonly queryResultLimit: number;
  readonly searchIndexLagMs: number;
  readonly cursors = new CursorRegistry();
  ids!: IdSource;
  bot!: UserObjectResponse;
  rootPageId!: string;
  readonly pages = new Map<string, StoredPage>();
  readonly databases = new Map<string, StoredDatabase>();
  readonly dataSources = new Map<string, StoredDataSource>();
  protected seq = 0;

  constructor(opts: NotionStoreOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.queryResultLimit = opts.queryResultLimit ?? 10_000;
    this.searchIndexLagMs = opts.searchIndexLagMs ?? SEARCH_INDEX_LAG_MS;
  }

  /** The store's clock time, in ms. */
  now(): number {
    return this.clock.now();
  }

  /** The next value of the store-wide sequence behind createdSeq and editSeq. */
  nextSeq(): number {
    return ++this.seq;
  }

  /** The page, or 404 object_not_found in Notion's words (same for the two below). */
  requirePage(id: string): StoredPage {
    const page = this.pages.get(id);
    if (!page) throw notFound("page", id);
    return page;
  }

  requireDatabase(id: string): StoredDatabase {
    const db = this.databases.get(id);
    if (!db) throw notFound("database", id);
    return db;
  }

  requireDataSource(id: string): StoredDataSource {
    const ds = this.dataSources.get(id);
    if (!ds) throw notFound("data_source", id);
    return ds;
  }

  /** The data source's database (always present: they are created and kept together). */
  databaseOf(ds: StoredDataSource): StoredDatabase {
    return this.databases.get(ds.databaseId) as StoredDatabase;
  }

  /** The properties a page has: its data source's schema, or the title alone. */
  schemaOf(page: StoredPage): readonly PropertySchema[] {
    if (page.parent.type !== "data_source_id") return PLAIN_PAGE_SCHEMA;
    return this.dataSources.get(page.parent.data_source_id)?.properties ?? PLAIN_PAGE_SCHEMA;
  }

  /** Pages of a data source in creation order; trashed ones only when asked. */
  pagesIn(dataSourceId: string, opts: { includeTrashed?: boolean } = {}): StoredPage[] {
    const out: StoredPage[] = [];
    for (const p of this.pages.values()) {
      if (p.parent.type !== "data_source_id" || p.parent.data_source_id !== dataSourceId) continue;
      if (p.inTrash && !opts.includeTrashed) continue;
      out.push(p);
    }
    return out;
  }

  /** Marks a page edited: the exact time moves with the clock and the edit counter always moves. */
  touch(page: StoredPage): void {
    page.editedMs = Math.max(page.editedMs, this.now());
    page.editSeq = this.nextSeq();
  }

  /** Whether a page exists and is out of the trash (what relation values and filters count). */
  isLive = (pageId: string): boolean => {
    const page = this.pages.get(pageId);
    return !!page && !page.inTrash;
  };

  /** A page as the API shows it; `only` is the filter_properties set. */
  view(page: StoredPage, only?: ReadonlySet<string>, relationLimit?: number): PageObjectResponse {
    return renderPage(page, this.schemaOf(page), {
      botId: this.bot.id,
      isLive: this.isLive,
      ...(only ? { only } : {}),
      ...(relationLimit !== undefined ? { relationLimit } : {}),
    });
  }
}
