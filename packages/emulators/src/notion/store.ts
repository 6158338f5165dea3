import { archivedError } from "./errors";
import { IdSource } from "./ids";
import type { DatabaseParent, StoredDataSource, StoredDatabase, StoredPage } from "./model";
import { textToRichText } from "./rich-text";
import { StoreCore, type NotionStoreOptions } from "./store-core";
import type { PropertyChange } from "./schema-request";
import { dumpStore, type NotionDump } from "./store-dump";
import { createPage, updatePage, type PagePatch, type PageParentInput } from "./store-pages";
import { applySchemaChanges, buildSchema, type NamedDraft } from "./store-schema";
import { ViewRegistry } from "./store-views";

export type { PagePatch, PageParentInput } from "./store-pages";

export type { NotionStoreOptions } from "./store-core";

/**
 * The emulated workspace, in memory: one bot user, a root page to hang databases from, and the
 * databases, data sources and pages the API creates. Handlers call it synchronously, so every
 * read-check-write below runs without interleaving.
 */
export class NotionStore extends StoreCore {
  private readonly seed: number;
  /** Views of the databases (store-views.ts). */
  readonly viewRegistry: ViewRegistry = new ViewRegistry(this);

  constructor(opts: NotionStoreOptions = {}) {
    super(opts);
    this.seed = opts.seed ?? 1;
    this.reset();
  }

  /** Empties the workspace back to the bot user and the root page (same ids as at start). */
  reset(): void {
    this.pages.clear();
    this.databases.clear();
    this.dataSources.clear();
    this.viewRegistry.clear();
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
    this.viewRegistry.addDefault(database.id, dataSource.id);
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

  /** Everything, as plain JSON (the control API's dump). */
  dump(): NotionDump {
    return dumpStore(this);
  }
}
