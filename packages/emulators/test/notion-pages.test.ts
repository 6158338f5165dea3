import { afterEach, describe, expect, test } from "bun:test";
import type { PageObjectResponse } from "@notionhq/client";
import { FakeClock } from "@oberaconnect/common/clock";
import type { NotionDump } from "../src/notion";
import { apiError, control, createDeviceSchema, dataSourceOf, startNotion, text, type NotionHarness } from "./notion-harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const START = Date.parse("2026-03-02T10:00:20.000Z");

describe("page lifecycle over real HTTP", () => {
  test("last_edited_time moves with the clock (to the minute); edit_seq moves on every write", async () => {
    const clock = new FakeClock(START);
    h = startNotion({ clock });
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const page = (await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: text("ap-1") } } })) as PageObjectResponse;
    expect(page.created_time).toBe("2026-03-02T10:00:00.000Z");
    expect(page.last_edited_time).toBe("2026-03-02T10:00:00.000Z");

    await clock.advance(61_000);
    const edited = (await h.client.pages.update({ page_id: page.id, properties: { Ports: { number: 8 } } })) as PageObjectResponse;
    expect(edited.last_edited_time).toBe("2026-03-02T10:01:00.000Z");
    expect(edited.created_time).toBe(page.created_time);
    expect(edited.properties.Edited).toEqual({ id: expect.any(String), type: "last_edited_time", last_edited_time: "2026-03-02T10:01:00.000Z" });

    const seqOf = async () => (await control<NotionDump>(h as NotionHarness, "dump")).pages.find((p) => p.id === page.id)?.edit_seq ?? -1;
    const before = await seqOf();
    // Same minute: the API's timestamp cannot show this edit, the counter must.
    const again = (await h.client.pages.update({ page_id: page.id, properties: { Ports: { number: 8 } } })) as PageObjectResponse;
    expect(again.last_edited_time).toBe(edited.last_edited_time);
    expect(await seqOf()).toBeGreaterThan(before);
  });

  test("trash: gone from queries, edits refused, listed by in_trash, restored by in_trash false", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const keep = await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: text("keep") } } });
    const gone = await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: text("gone") } } });
    const trashed = (await h.client.pages.update({ page_id: gone.id, in_trash: true })) as PageObjectResponse;
    expect(trashed.in_trash).toBe(true);
    expect(trashed.archived).toBe(true);

    const live = await h.client.dataSources.query({ data_source_id: ds });
    expect(live.results.map((p) => p.id)).toEqual([keep.id]);
    const inTrash = await h.client.dataSources.query({ data_source_id: ds, in_trash: true });
    expect(inTrash.results.map((p) => p.id)).toEqual([gone.id]);

    const err = await apiError(h.client.pages.update({ page_id: gone.id, properties: { Ports: { number: 1 } } }), "validation_error");
    expect(err.message).toBe("Can't edit block that is archived. You must unarchive the block before editing.");
    // Reading a trashed page still works, as in Notion.
    expect(((await h.client.pages.retrieve({ page_id: gone.id })) as PageObjectResponse).in_trash).toBe(true);

    const restored = (await h.client.pages.update({ page_id: gone.id, archived: false })) as PageObjectResponse;
    expect(restored.in_trash).toBe(false);
    const after = await h.client.dataSources.query({ data_source_id: ds });
    expect(after.results.map((p) => p.id).sort()).toEqual([keep.id, gone.id].sort());
    await h.client.pages.update({ page_id: gone.id, properties: { Ports: { number: 1 } } });
  });

  test("a database_id parent works while the database has one data source; ids without dashes are accepted", async () => {
    h = startNotion();
    const { devicesDatabaseId, devicesDataSourceId } = await createDeviceSchema(h);
    const page = (await h.client.pages.create({
      parent: { database_id: devicesDatabaseId.replaceAll("-", "") },
      properties: { Name: { title: text("via database") } },
    })) as PageObjectResponse;
    expect(page.parent).toEqual({ type: "data_source_id", data_source_id: devicesDataSourceId, database_id: devicesDatabaseId });
    const again = await h.client.pages.retrieve({ page_id: page.id.replaceAll("-", "").toUpperCase() });
    expect(again.id).toBe(page.id);

    await h.client.dataSources.create({ parent: { database_id: devicesDatabaseId }, properties: { Name: { title: {} } } });
    const err = await apiError(h.client.pages.create({ parent: { database_id: devicesDatabaseId }, properties: {} }), "validation_error");
    expect(err.message).toContain("data_source_id");
  });

  test("databases hang off the root page or a page made through the store; a trashed database is not queryable", async () => {
    h = startNotion();
    const other = h.emu.store.createPlainPage("Clients");
    const db = await h.client.databases.create({ parent: { type: "page_id", page_id: other.id }, title: text("Acme") });
    const ds = dataSourceOf(db);
    const source = await h.client.dataSources.retrieve({ data_source_id: ds });
    expect(Object.values(source.properties).map((p) => [p.name, p.type])).toEqual([["Name", "title"]]);
    expect((source as { database_parent: unknown }).database_parent).toEqual({ type: "page_id", page_id: other.id });

    const renamed = await h.client.databases.update({ database_id: db.id, title: text("Acme Corp") });
    expect((renamed as { title: { plain_text: string }[] }).title[0]?.plain_text).toBe("Acme Corp");
    await h.client.databases.update({ database_id: db.id, in_trash: true });
    await apiError(h.client.dataSources.query({ data_source_id: ds }), "object_not_found");
    await apiError(h.client.pages.create({ parent: { data_source_id: ds }, properties: {} }), "validation_error");
    await h.client.databases.update({ database_id: db.id, in_trash: false });
    expect((await h.client.dataSources.query({ data_source_id: ds })).results).toEqual([]);
  });

  test("more than 25 relation references: the page shows 25 with has_more, the property endpoint pages through all", async () => {
    h = startNotion();
    const { sitesDataSourceId, devicesDataSourceId } = await createDeviceSchema(h);
    const sites: string[] = [];
    for (let i = 0; i < 30; i++) {
      sites.push((await h.client.pages.create({ parent: { data_source_id: sitesDataSourceId }, properties: { Name: { title: text(`site ${i}`) } } })).id);
    }
    const device = (await h.client.pages.create({
      parent: { data_source_id: devicesDataSourceId },
      properties: { Site: { relation: sites.map((id) => ({ id })) } },
    })) as PageObjectResponse;
    // has_more is on the wire but not in the client's type.
    const site = device.properties.Site as unknown as { relation: { id: string }[]; has_more: boolean; id: string };
    expect(site.relation).toHaveLength(25);
    expect(site.has_more).toBe(true);

    const first = await h.client.pages.properties.retrieve({ page_id: device.id, property_id: site.id });
    expect(first.object).toBe("list");
    const list = first as { results: { relation: { id: string } }[]; next_cursor: string | null; has_more: boolean };
    expect(list.results).toHaveLength(25);
    const rest = (await h.client.pages.properties.retrieve({ page_id: device.id, property_id: site.id, start_cursor: list.next_cursor as string })) as typeof list;
    expect(rest.has_more).toBe(false);
    expect([...list.results, ...rest.results].map((r) => r.relation.id)).toEqual(sites);
  });

  test("filter_properties narrows a page to the given property ids, on retrieve and on query", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const source = await h.client.dataSources.retrieve({ data_source_id: ds });
    const portsId = source.properties.Ports?.id as string;
    const page = await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Name: { title: text("ap-1") }, Ports: { number: 8 } } });
    const narrow = (await h.client.pages.retrieve({ page_id: page.id, filter_properties: [portsId, "title"] })) as PageObjectResponse;
    expect(Object.keys(narrow.properties).sort()).toEqual(["Name", "Ports"]);
    // Ids with URL-encoded characters (Notion's "%3AUPp" style) work too.
    const encoded = Object.values(source.properties).find((p) => p.id.includes("%"));
    expect(encoded).toBeDefined();
    const byEncoded = (await h.client.pages.retrieve({ page_id: page.id, filter_properties: [encoded?.id as string] })) as PageObjectResponse;
    expect(Object.keys(byEncoded.properties)).toEqual([encoded?.name as string]);
    const rows = await h.client.dataSources.query({ data_source_id: ds, filter_properties: [portsId] });
    expect(Object.keys((rows.results[0] as PageObjectResponse).properties)).toEqual(["Ports"]);
    const single = await h.client.pages.properties.retrieve({ page_id: page.id, property_id: portsId });
    expect(single).toMatchObject({ object: "property_item", type: "number", number: 8 });
  });

  test("users: me, by id, and the list all show the bot; another id is 404", async () => {
    h = startNotion();
    const me = await h.client.users.me({});
    expect(me).toMatchObject({ object: "user", type: "bot", bot: { owner: { type: "workspace", workspace: true } } });
    expect((await h.client.users.retrieve({ user_id: me.id })).id).toBe(me.id);
    expect((await h.client.users.list({})).results.map((u) => u.id)).toEqual([me.id]);
    await apiError(h.client.users.retrieve({ user_id: "00000000-0000-4000-8000-000000000000" }), "object_not_found");
  });

  test("a trashed related page drops out of relation values and relation filters; restoring brings it back", async () => {
    h = startNotion();
    const { sitesDataSourceId, devicesDataSourceId } = await createDeviceSchema(h);
    const site = await h.client.pages.create({ parent: { data_source_id: sitesDataSourceId }, properties: { Name: { title: text("HQ") } } });
    const device = await h.client.pages.create({ parent: { data_source_id: devicesDataSourceId }, properties: { Site: { relation: [{ id: site.id }] } } });
    const linked = { data_source_id: devicesDataSourceId, filter: { property: "Site", relation: { contains: site.id } } };
    expect((await h.client.dataSources.query(linked)).results).toHaveLength(1);

    await h.client.pages.update({ page_id: site.id, in_trash: true });
    expect(((await h.client.pages.retrieve({ page_id: device.id })) as PageObjectResponse).properties.Site).toMatchObject({ relation: [] });
    expect((await h.client.dataSources.query(linked)).results).toHaveLength(0);
    // Linking to a trashed page is refused.
    await apiError(h.client.pages.update({ page_id: device.id, properties: { Site: { relation: [{ id: site.id }] } } }), "validation_error");

    await h.client.pages.update({ page_id: site.id, in_trash: false });
    expect(((await h.client.pages.retrieve({ page_id: device.id })) as PageObjectResponse).properties.Site).toMatchObject({ relation: [{ id: site.id }] });
  });
});
