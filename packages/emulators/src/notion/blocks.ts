import type { ChildDatabaseBlockObjectResponse, ChildPageBlockObjectResponse, ListBlockChildrenResponse } from "@notionhq/client";
import { toMinuteIso } from "./dates";
import { notFound } from "./errors";
import { plainText, type StoredDatabase, type StoredPage } from "./model";
import { slice } from "./pagination";
import { visible } from "./query";
import type { NotionStore } from "./store";

type ChildBlock = ChildDatabaseBlockObjectResponse | ChildPageBlockObjectResponse;

/** One child of a page, in the order Notion shows it: by creation. */
interface Child {
  id: string;
  seq: number;
  render: () => ChildBlock;
}

/**
 * Page content (paragraphs, headings...) is not modelled, so a page's children are the
 * databases and pages created under it. A database's own block has no children here: its rows
 * live in its data source, which `has_children: false` on the child_database block says too.
 */
function childrenOf(store: NotionStore, blockId: string): Child[] {
  const page = store.pages.get(blockId);
  if (page && !page.inTrash && visible(store, page)) return liveChildren(store, page.id);
  const db = store.databases.get(blockId);
  if (db && !db.inTrash) return [];
  // The docs promise 404 for a block that does not exist or is not shared and say nothing of the
  // trash; refusing a trashed block too is the stricter reading, as query does for a trashed data source.
  throw notFound("block", blockId);
}

/**
 * Live children only. The docs do not say whether trashed children are listed; deleting a block
 * takes it out of its parent's content in Notion's UI, so we leave trashed children out. Not
 * relying on it is the strict side: the service's client checks `in_trash` on every block anyway.
 */
function liveChildren(store: NotionStore, pageId: string): Child[] {
  const botId = store.bot.id;
  const out: Child[] = [];
  for (const db of store.databases.values()) {
    if (db.inTrash || db.parent.type !== "page_id" || db.parent.page_id !== pageId) continue;
    out.push({ id: db.id, seq: db.createdSeq, render: () => databaseBlock(db, pageId, botId) });
  }
  for (const p of store.pages.values()) {
    if (p.inTrash || p.parent.type !== "page_id" || p.parent.page_id !== pageId) continue;
    out.push({ id: p.id, seq: p.createdSeq, render: () => pageBlock(store, p, pageId, botId) });
  }
  return out.sort((a, b) => a.seq - b.seq);
}

/** The fields every block carries; times to the minute, as on every other object. */
function blockBase(id: string, parentPageId: string, t: { createdMs: number; editedMs: number }, botId: string) {
  return {
    object: "block" as const,
    id,
    parent: { type: "page_id" as const, page_id: parentPageId },
    created_time: toMinuteIso(t.createdMs),
    last_edited_time: toMinuteIso(t.editedMs),
    created_by: { object: "user" as const, id: botId },
    last_edited_by: { object: "user" as const, id: botId },
    in_trash: false,
    archived: false,
  };
}

function databaseBlock(db: StoredDatabase, parentPageId: string, botId: string): ChildDatabaseBlockObjectResponse {
  return {
    ...blockBase(db.id, parentPageId, db, botId),
    has_children: false,
    type: "child_database",
    child_database: { title: plainText(db.title) },
  };
}

function pageBlock(store: NotionStore, page: StoredPage, parentPageId: string, botId: string): ChildPageBlockObjectResponse {
  const title = page.values.title;
  return {
    ...blockBase(page.id, parentPageId, page, botId),
    has_children: liveChildren(store, page.id).length > 0,
    type: "child_page",
    child_page: { title: title && "items" in title ? plainText(title.items) : "" },
  };
}

/** GET /v1/blocks/:id/children, one page of it: 100 by default, opaque cursors as elsewhere. */
export function listBlockChildren(store: NotionStore, blockId: string, q: { page_size?: number; start_cursor?: string }): ListBlockChildrenResponse {
  const all = childrenOf(store, blockId);
  const key = JSON.stringify(["children", blockId]);
  const part = slice(all, {
    key,
    pageSize: q.page_size ?? 100,
    limit: Number.POSITIVE_INFINITY,
    registry: store.cursors,
    ...(q.start_cursor ? { cursor: store.cursors.resolve(q.start_cursor, key) } : {}),
  });
  return {
    object: "list",
    results: part.items.map((c) => c.render()),
    next_cursor: part.nextCursor,
    has_more: part.hasMore,
    type: "block",
    block: {},
  };
}
