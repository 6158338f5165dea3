import type { PageObjectResponse, UserObjectResponse } from "@notionhq/client";
import { systemClock, type Clock } from "../../lib/clock";
import { archivedError, notFound } from "./errors";
import { IdSource } from "./ids";
import type { DatabaseParent, PropertySchema, StoredDataSource, StoredDatabase, StoredPage } from "./model";
import { CursorRegistry } from "./pagination";
import { SEARCH_INDEX_LAG_MS } from "./query";
import { PLAIN_PAGE_SCHEMA, renderPage } from "./render";
import { textToRichText } from "./rich-text";
import type { PropertyChange } from "./schema-request";
import { dumpStore, type NotionDump } from "./store-dump";
import { createPage, updatePage, type PagePatch, type PageParentInput } from "./store-pages";
import { applySchemaChanges, buildSchema, type NamedDraft } from "./store-schema";

export type { PagePatch, PageParentInput } from "./store-pages";

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
 * The emulated workspace, in memory: one bot user, a root page to hang databases from, and the
 * databases, data sources and pages the API creates. Handlers call it synchronously, so every
 * read-check-write below runs without interleaving.
 */
export class NotionStore {
  readonly clock: Clock;
  readonly queryResultLimit: number;
  readonly searchIndexLagMs: number;
  readonly cursors = new CursorRegistry();
  private readonly seed: number;
  ids!: IdSource;
  bot!: UserObjectResponse;
  rootPageId!: string;
  readonly pages = new Map<string, StoredPage>();
  readonly databases = new Map<string, StoredDatabase>();
  readonly dataSources = new Map<string, StoredDataSource>();
  private seq = 0;

  constructor(opts: NotionStoreOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.seed = opts.seed ?? 1;
    this.queryResultLimit = opts.queryResultLimit ?? 10_000;
    this.searchIndexLagMs = opts.searchIndexLagMs ?? SEARCH_INDEX_LAG_MS;
    this.reset();
  }

  /** Empties the workspace back to the bot user and the root page (same ids as at start). */
  reset(): void {
    this.pages.clear();
    this.databases.clear();
    this.dataSources.clear();
    this.cursors.clear();
    this.seq = 0;
    this.ids = new IdSource(this.seed);
    this.bot = {
      object: "user",
      id: this.ids.uuid(),
      name: "OberaConnect Sync",
      avatar_url: null,
      type: "bot",
      bot: {
        owner: { type: "workspace", workspace: true },
        workspace_id: this.ids.uuid(),
        workspace_name: "OberaConnect",
        workspace_limits: { max_file_upload_size_in_bytes: 5_242_880 },
      },
    };
    this.rootPageId = this.createPlainPage("OberaConnect", { type: "workspace", workspace: true }).id;
  }

  /** The store's clock time, in ms. */
  now(): number {
    return this.clock.now();
  }

  /** The next value of the store-wide sequence behind createdSeq and editSeq. */
  nextSeq(): number {
    return ++this.seq;
  }

  /** A plain page (title only), e.g. another parent for databases in a test. */
  createPlainPage(title: string, parent: StoredPage["parent"] = { type: "page_id", page_id: this.rootPageId }): StoredPage {
    const now = this.now();
    const seq = this.nextSeq();
    const page: StoredPage = {
      id: this.ids.uuid(),
      parent,
      inTrash: false,
      isLocked: false,
      icon: null,
      cover: null,
      values: { title: { type: "title", items: textToRichText(title) } },
      createdMs: now,
      editedMs: now,
      createdSeq: seq,
      editSeq: seq,
    };
    this.pages.set(page.id, page);
    return page;
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

  /** A database with its one data source; the parent page must exist and not be in the trash. */
  createDatabase(input: {
    parent: DatabaseParent;
    title: StoredDatabase["title"];
    description: StoredDatabase["description"];
    isInline: boolean;
    icon: unknown;
    cover: unknown;
    properties?: NamedDraft[];
  }): { database: StoredDatabase; dataSource: StoredDataSource } {
    if (input.parent.type === "page_id") {
      const parent = this.requirePage(input.parent.page_id);
      if (parent.inTrash) throw archivedError();
    }
    const now = this.now();
    const database: StoredDatabase = {
      id: this.ids.uuid(),
      parent: input.parent,
      title: input.title,
      description: input.description,
      isInline: input.isInline,
      inTrash: false,
      isLocked: false,
      icon: input.icon ?? null,
      cover: input.cover ?? null,
      dataSourceIds: [],
      createdMs: now,
      editedMs: now,
      createdSeq: this.nextSeq(),
    };
    const dataSource = this.addDataSource(database, input.title, input.properties);
    return { database, dataSource };
  }

  /**
   * A data source for `database` with a schema (default: a lone "Name" title, which is what
   * Notion makes when none is given). Validated in full before anything is stored.
   */
  addDataSource(database: StoredDatabase, title: StoredDataSource["title"], drafts?: NamedDraft[]): StoredDataSource {
    const now = this.now();
    const ds: StoredDataSource = {
      id: this.ids.uuid(),
      databaseId: database.id,
      title,
      description: [],
      inTrash: false,
      icon: null,
      properties: [],
      createdMs: now,
      editedMs: now,
    };
    const build = buildSchema(this, ds, drafts ?? [{ name: "Name", draft: { type: "title" } }]);
    this.databases.set(database.id, database);
    database.dataSourceIds.push(ds.id);
    this.dataSources.set(ds.id, ds);
    build();
    return ds;
  }

  /** Applies a data source update's `properties`; pages follow renames, removals and retyping. */
  updateSchema(ds: StoredDataSource, changes: [string, PropertyChange][]): void {
    applySchemaChanges(this, ds, changes);
    ds.editedMs = Math.max(ds.editedMs, this.now());
  }

  /** A page under a data source, database, page or the workspace; validated before it exists. */
  createPage(parent: PageParentInput, properties: unknown, extras: { icon?: unknown; cover?: unknown }): StoredPage {
    return createPage(this, parent, properties, extras);
  }

  /** Trash flag, lock, icon, cover and property values; a trashed page only takes un-trashing. */
  updatePage(page: StoredPage, patch: PagePatch): StoredPage {
    return updatePage(this, page, patch);
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

  /** Everything, as plain JSON (the control API's dump). */
  dump(): NotionDump {
    return dumpStore(this);
  }
}
