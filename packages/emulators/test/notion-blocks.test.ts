import { afterEach, describe, expect, test } from "bun:test";
import type { BlockObjectResponse, ListBlockChildrenResponse } from "@notionhq/client";
import { SEARCH_INDEX_LAG_MS } from "../src/notion";
import { FakeClock } from "@oberaconnect/common/clock";
import { apiError, dataSourceOf, startNotion, text, type NotionHarness } from "./notion-harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const START = Date.parse("2026-05-04T09:10:20.000Z");
const blocks = (r: ListBlockChildrenResponse) => r.results as BlockObjectResponse[];
const summary = (r: ListBlockChildrenResponse) =>
  blocks(r).map((b) => (b.type === "child_database" ? `db:${b.child_database.title}` : b.type === "child_page" ? `page:${b.child_page.title}` : b.type));

async function makeDatabase(harness: NotionHarness, title: string, parentPageId = harness.emu.store.rootPageId) {
  return harness.client.databases.create({ parent: { type: "page_id", page_id: parentPageId }, title: text(title) });
}

async function makePage(harness: NotionHarness, title: string, parentPageId = harness.emu.store.rootPageId) {
  return harness.client.pages.create({ parent: { page_id: parentPageId }, properties: { title: { title: text(title) } } });
}

describe("GET /v1/blocks/:id/children over real HTTP with @notionhq/client", () => {
  test("a page lists its child databases and pages in creation order, 100 a page by default, opaque cursors", async () => {
    const clock = new FakeClock(START);
    h = startNotion({ clock });
    const root = h.emu.store.rootPageId;
    const sites = await makeDatabase(h, "Sites");
    await clock.advance(90_000);
    const notes = await makePage(h, "Notes");
    await makeDatabase(h, "Devices");
    await makeDatabase(h, "Elsewhere", notes.id); // a grandchild: not listed under the root

    const all = await h.client.blocks.children.list({ block_id: root });
    expect(summary(all)).toEqual(["db:Sites", "page:Notes", "db:Devices"]);
    expect(all).toMatchObject({ object: "list", type: "block", block: {}, has_more: false, next_cursor: null });
    expect((all as unknown as { request_id?: unknown }).request_id).toEqual(expect.any(String));
    expect(blocks(all)[0]).toEqual({
      object: "block",
      id: sites.id,
      parent: { type: "page_id", page_id: root },
      created_time: "2026-05-04T09:10:00.000Z",
      last_edited_time: "2026-05-04T09:10:00.000Z",
      created_by: { object: "user", id: h.emu.store.bot.id },
      last_edited_by: { object: "user", id: h.emu.store.bot.id },
      has_children: false,
      archived: false,
      in_trash: false,
      type: "child_database",
      child_database: { title: "Sites" },
    });
    expect(blocks(all)[1]).toMatchObject({ id: notes.id, type: "child_page", has_children: true, created_time: "2026-05-04T09:11:00.000Z" });

    const first = await h.client.blocks.children.list({ block_id: root, page_size: 2 });
    expect(summary(first)).toEqual(["db:Sites", "page:Notes"]);
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).not.toContain(notes.id); // opaque, not the next row's id
    const rest = await h.client.blocks.children.list({ block_id: root, page_size: 2, start_cursor: first.next_cursor as string });
    expect(summary(rest)).toEqual(["db:Devices"]);
    expect(rest.has_more).toBe(false);
    // A database's block has no children of its own (its rows live in its data source).
    expect((await h.client.blocks.children.list({ block_id: sites.id })).results).toEqual([]);
    // Dashes are optional in the path, as everywhere.
    expect(summary(await h.client.blocks.children.list({ block_id: root.replaceAll("-", "") }))).toHaveLength(3);
  });

  test("trashed children are left out; a trashed, unknown or non-block id is 404 object_not_found", async () => {
    h = startNotion();
    const root = h.emu.store.rootPageId;
    const gone = await makeDatabase(h, "Gone");
    const kept = await makeDatabase(h, "Kept");
    const page = await makePage(h, "Old page");
    await h.client.databases.update({ database_id: gone.id, in_trash: true });
    await h.client.pages.update({ page_id: page.id, in_trash: true });
    expect(summary(await h.client.blocks.children.list({ block_id: root }))).toEqual(["db:Kept"]);

    const trashed = await apiError(h.client.blocks.children.list({ block_id: page.id }), "object_not_found");
    expect(trashed.status).toBe(404);
    expect(trashed.message).toStartWith(`Could not find block with ID: ${page.id}.`);
    await apiError(h.client.blocks.children.list({ block_id: gone.id }), "object_not_found");
    await apiError(h.client.blocks.children.list({ block_id: "00000000-0000-4000-8000-000000000000" }), "object_not_found");
    // A data source is not a block.
    await apiError(h.client.blocks.children.list({ block_id: dataSourceOf(kept) }), "object_not_found");

    // Restored from the trash, the database is listed again, in its original place.
    await h.client.databases.update({ database_id: gone.id, in_trash: false });
    expect(summary(await h.client.blocks.children.list({ block_id: root }))).toEqual(["db:Gone", "db:Kept"]);
  });

  test("page_size, the path id and the cursor are validated like the other list endpoints", async () => {
    h = startNotion();
    const root = h.emu.store.rootPageId;
    await makeDatabase(h, "A");
    await makeDatabase(h, "B");
    const tooBig = await apiError(h.client.blocks.children.list({ block_id: root, page_size: 101 }), "validation_error");
    expect(tooBig.message).toStartWith("query failed validation: query.page_size should be ≤ `100`");
    const zero = await apiError(h.client.blocks.children.list({ block_id: root, page_size: 0 }), "validation_error");
    expect(zero.message).toContain("query.page_size should be ≥ `1`");
    const notUuid = await apiError(h.client.blocks.children.list({ block_id: "not-a-page" }), "validation_error");
    expect(notUuid.message).toContain("path.block_id should be a valid uuid");
    const bogus = await apiError(h.client.blocks.children.list({ block_id: root, start_cursor: "nope" }), "validation_error");
    expect(bogus.message).toBe("The start_cursor provided is invalid: nope");
    // A cursor belongs to its own listing: another block's children refuse it.
    const first = await h.client.blocks.children.list({ block_id: root, page_size: 1 });
    const other = (await makePage(h, "Other")).id;
    await apiError(h.client.blocks.children.list({ block_id: other, start_cursor: first.next_cursor as string }), "validation_error");
  });
});

describe("search lags behind writes", () => {
  test("a database created a moment ago is missing from search but listed under its parent; search finds it after the lag", async () => {
    const clock = new FakeClock(START);
    h = startNotion({ clock });
    const db = await makeDatabase(h, "Customer Status");
    const page = await makePage(h, "Customer notes");
    const findSource = async () =>
      (await h!.client.search({ query: "Customer Status", filter: { property: "object", value: "data_source" } })).results.map((r) => r.id);
    const findPage = async () => (await h!.client.search({ query: "customer notes", filter: { property: "object", value: "page" } })).results.map((r) => r.id);

    expect(await findSource()).toEqual([]);
    expect(await findPage()).toEqual([]);
    expect(summary(await h.client.blocks.children.list({ block_id: h.emu.store.rootPageId }))).toEqual(["db:Customer Status", "page:Customer notes"]);

    await clock.advance(SEARCH_INDEX_LAG_MS - 1);
    expect(await findSource()).toEqual([]);
    await clock.advance(1);
    expect(await findSource()).toEqual([dataSourceOf(db)]);
    expect(await findPage()).toEqual([page.id]);
  });

  test("the lag is an option: 0 makes search see a write at once", async () => {
    h = startNotion({ clock: new FakeClock(START), searchIndexLagMs: 0 });
    const db = await makeDatabase(h, "Sites");
    expect((await h.client.search({ query: "Sites" })).results.map((r) => r.id)).toEqual([dataSourceOf(db)]);
  });
});
