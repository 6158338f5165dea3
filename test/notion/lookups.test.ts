import { afterEach, describe, expect, test } from "bun:test";
import { NOTION_EMULATOR_TOKEN } from "@oberaconnect/emulators/notion";
import { textToRichText } from "@oberaconnect/emulators/notion/rich-text";
import type { NotionStore } from "@oberaconnect/emulators/notion";
import { createNotionApi, SEARCH_PAGE_LIMIT } from "../../src/notion/api";
import { startNotion, text, type NotionHarness } from "../../packages/emulators/test/notion-harness";
import { fastGate } from "../helpers/stack";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const api = (harness: NotionHarness) => createNotionApi({ baseUrl: harness.server.url, token: NOTION_EMULATOR_TOKEN, gate: fastGate("notion") });

/** A database straight in the store: these tests need many, and they are about reading them. */
const storeDatabase = (store: NotionStore, title: string, pageId = store.rootPageId) =>
  store.createDatabase({ parent: { type: "page_id", page_id: pageId }, title: textToRichText(title), description: [], isInline: false, icon: null, cover: null }).database;

describe("NotionApi lookups used by setup", () => {
  test("listChildDatabases follows the children cursors to the end and keeps live databases only", async () => {
    h = startNotion();
    const store = h.emu.store;
    const first = storeDatabase(store, "Sites");
    for (let i = 0; i < 150; i++) store.createPlainPage(`Page ${i}`);
    const gone = storeDatabase(store, "Gone");
    const last = storeDatabase(store, "Devices");
    await h.client.databases.update({ database_id: gone.id, in_trash: true });

    const notion = api(h);
    expect(await notion.listChildDatabases(store.rootPageId)).toEqual([
      { id: first.id, title: "Sites" },
      { id: last.id, title: "Devices" },
    ]);
    // 152 live children at 100 a page.
    expect(h.emu.stats.count("GET", "/v1/blocks/:block_id/children")).toBe(2);
    expect(notion.counts).toEqual({ reads: 2, writes: 0 });
  });

  test("listChildDatabases skips a trashed child_database should Notion list one", async () => {
    const block = (id: string, type: "child_database" | "child_page", title: string, inTrash: boolean) => ({
      object: "block", id, type, [type]: { title }, in_trash: inTrash, archived: inTrash, has_children: false,
      parent: { type: "page_id", page_id: "p" }, created_time: "", last_edited_time: "", created_by: { object: "user", id: "u" }, last_edited_by: { object: "user", id: "u" },
    });
    const results = [block("a", "child_database", "Sites", true), block("b", "child_page", "Sites", false), block("c", "child_database", "Sites", false)];
    const fetch = async () => new Response(JSON.stringify({ object: "list", results, next_cursor: null, has_more: false, type: "block", block: {} }));
    const notion = createNotionApi({ baseUrl: "http://127.0.0.1:9", token: NOTION_EMULATOR_TOKEN, gate: fastGate("notion"), fetch });
    expect(await notion.listChildDatabases("5c6a28216bb14a7eb6e1c50111515c3d")).toEqual([{ id: "c", title: "Sites" }]);
  });

  test("searchDataSources follows next_cursor past the first 100 results", async () => {
    h = startNotion({ searchIndexLagMs: 0 });
    for (let i = 0; i < 130; i++) storeDatabase(h.emu.store, `Alerts ${i}`);
    await h.client.databases.create({ parent: { type: "page_id", page_id: h.emu.store.rootPageId }, title: text("Sites") });
    const found = await api(h).searchDataSources("Alerts");
    expect(found).toHaveLength(130);
    expect(new Set(found.map((ds) => ds.id)).size).toBe(130);
    expect(h.emu.stats.count("POST", "/v1/search")).toBe(2);
  });

  test(`searchDataSources stops after ${SEARCH_PAGE_LIMIT} pages even if search says there is more`, async () => {
    let calls = 0;
    const endless = async () => {
      calls++;
      const body = { object: "list", results: [], next_cursor: `c${calls}`, has_more: true, type: "page_or_data_source", page_or_data_source: {} };
      return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    };
    const notion = createNotionApi({ baseUrl: "http://127.0.0.1:9", token: NOTION_EMULATOR_TOKEN, gate: fastGate("notion"), fetch: endless });
    expect(await notion.searchDataSources("Alerts")).toEqual([]);
    expect(calls).toBe(SEARCH_PAGE_LIMIT);
  });
});
