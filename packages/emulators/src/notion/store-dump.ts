import type { DataSourceObjectResponse, DatabaseObjectResponse, PageObjectResponse, UserObjectResponse } from "@notionhq/client";
import { renderDataSource, renderDatabase, renderPage } from "./render";
import type { StoreCore } from "./store-core";

/** A page in the dump: the API's view plus what the API rounds away. */
export type DumpedPage = PageObjectResponse & {
  /** Rises on every write, even two inside one minute (which last_edited_time cannot show). */
  edit_seq: number;
  created_ms: number;
  last_edited_ms: number;
};

export interface NotionDump {
  bot_user: UserObjectResponse;
  root_page_id: string;
  databases: DatabaseObjectResponse[];
  data_sources: DataSourceObjectResponse[];
  pages: DumpedPage[];
}

/** The whole workspace as plain JSON, trashed objects included, relations in full. */
export function dumpStore(store: StoreCore): NotionDump {
  const botId = store.bot.id;
  const databases = [...store.databases.values()];
  return {
    bot_user: structuredClone(store.bot),
    root_page_id: store.rootPageId,
    databases: databases.map((db) => renderDatabase(db, db.dataSourceIds.map((id) => store.requireDataSource(id)))),
    data_sources: [...store.dataSources.values()].map((ds) => renderDataSource(ds, store.databaseOf(ds), botId)),
    pages: [...store.pages.values()].map((p) => ({
      ...renderPage(p, store.schemaOf(p), { botId, relationLimit: Number.POSITIVE_INFINITY }),
      edit_seq: p.editSeq,
      created_ms: p.createdMs,
      last_edited_ms: p.editedMs,
    })),
  };
}
