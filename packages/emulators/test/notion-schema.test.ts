import { afterEach, describe, expect, test } from "bun:test";
import type { PageObjectResponse } from "@notionhq/client";
import { apiError, createDeviceSchema, dataSourceOf, startNotion, text, type NotionHarness } from "./notion-harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const get = async (harness: NotionHarness, id: string) => (await harness.client.pages.retrieve({ page_id: id })) as PageObjectResponse;

describe("data source schema updates carry through to pages", () => {
  test("add, rename and remove a property", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const page = await h.client.pages.create({
      parent: { data_source_id: ds },
      properties: { Name: { title: text("ap-1") }, "Sync Key": { rich_text: text("k-1") }, Ports: { number: 8 } },
    });

    await h.client.dataSources.update({
      data_source_id: ds,
      properties: {
        Firmware: { rich_text: {} },
        "Sync Key": { name: "External ID" },
        Ports: null,
      },
    });
    const source = await h.client.dataSources.retrieve({ data_source_id: ds });
    expect(Object.keys(source.properties)).toContain("Firmware");
    expect(Object.keys(source.properties)).toContain("External ID");
    expect(Object.keys(source.properties)).not.toContain("Sync Key");
    expect(Object.keys(source.properties)).not.toContain("Ports");

    const after = await get(h, page.id);
    expect(after.properties.Ports).toBeUndefined();
    expect(after.properties["Sync Key"]).toBeUndefined();
    const renamed = after.properties["External ID"];
    expect(renamed?.type === "rich_text" ? renamed.rich_text[0]?.plain_text : undefined).toBe("k-1");
    expect(after.properties.Firmware).toMatchObject({ type: "rich_text", rich_text: [] });
    // The renamed property filters under its new name.
    const found = await h.client.dataSources.query({ data_source_id: ds, filter: { property: "External ID", rich_text: { equals: "k-1" } } });
    expect(found.results.map((r) => r.id)).toEqual([page.id]);
    await apiError(h.client.dataSources.query({ data_source_id: ds, filter: { property: "Sync Key", rich_text: { equals: "k-1" } } }), "validation_error");
  });

  test("changing a type converts values through their text", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const numeric = await h.client.pages.create({ parent: { data_source_id: ds }, properties: { "Sync Key": { rich_text: text("42") } } });
    const wordy = await h.client.pages.create({ parent: { data_source_id: ds }, properties: { "Sync Key": { rich_text: text("abc") } } });
    await h.client.dataSources.update({ data_source_id: ds, properties: { "Sync Key": { number: {} } } });
    expect((await get(h, numeric.id)).properties["Sync Key"]).toMatchObject({ type: "number", number: 42 });
    expect((await get(h, wordy.id)).properties["Sync Key"]).toMatchObject({ type: "number", number: null });

    const kinded = await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Website: { url: "Mesh" } } });
    await h.client.dataSources.update({ data_source_id: ds, properties: { Website: { select: {} } } });
    expect((await get(h, kinded.id)).properties.Website).toMatchObject({ type: "select", select: { name: "Mesh" } });
  });

  test("refused schema changes: remove the title, rename onto another name, touch a missing property", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await apiError(h.client.dataSources.update({ data_source_id: ds, properties: { Name: null } }), "validation_error");
    await apiError(h.client.dataSources.update({ data_source_id: ds, properties: { Ports: { name: "Kind" } } }), "validation_error");
    const missing = await apiError(h.client.dataSources.update({ data_source_id: ds, properties: { Ghost: null } }), "validation_error");
    expect(missing.message).toBe("Ghost is not a property that exists.");
    const second = await apiError(h.client.dataSources.update({ data_source_id: ds, properties: { Title2: { title: {} } } }), "validation_error");
    expect(second.message).toContain("title");
    // A refused update changes nothing, even the valid parts before the bad one.
    await apiError(h.client.dataSources.update({ data_source_id: ds, properties: { Extra: { checkbox: {} }, Ghost: null } }), "validation_error");
    const source = await h.client.dataSources.retrieve({ data_source_id: ds });
    expect(Object.keys(source.properties)).not.toContain("Extra");
  });

  test("schemas are checked at creation: one title, known relation targets", async () => {
    // No index lag: the empty search at the end must mean nothing was made, not "not indexed yet".
    h = startNotion({ searchIndexLagMs: 0 });
    const parent = { type: "page_id" as const, page_id: h.emu.store.rootPageId };
    await apiError(h.client.databases.create({ parent, initial_data_source: { properties: { Notes: { rich_text: {} } } } }), "validation_error");
    const missing = "00000000-0000-4000-8000-000000000000";
    const err = await apiError(
      h.client.databases.create({ parent, initial_data_source: { properties: { Name: { title: {} }, Site: { relation: { data_source_id: missing, single_property: {} } } } } }),
      "object_not_found",
    );
    expect(err.message).toContain("data_source");
    const unsupported = await apiError(
      h.client.databases.create({ parent, initial_data_source: { properties: { Name: { title: {} }, Sum: { formula: { expression: "1" } } } } }),
      "validation_error",
    );
    expect(unsupported.message).toContain("formula");
    expect((await h.client.search({ filter: { property: "object", value: "data_source" } })).results).toEqual([]);
  });

  test("a dual relation mirrors links on the other data source, both ways", async () => {
    h = startNotion();
    const parent = { type: "page_id" as const, page_id: h.emu.store.rootPageId };
    const sites = dataSourceOf(await h.client.databases.create({ parent, title: text("Sites") }));
    const devices = dataSourceOf(
      await h.client.databases.create({
        parent,
        title: text("Devices"),
        initial_data_source: { properties: { Name: { title: {} }, Site: { relation: { data_source_id: sites, type: "dual_property", dual_property: {} } } } },
      }),
    );
    const mirror = (await h.client.dataSources.retrieve({ data_source_id: sites })).properties["Related to Devices (Site)"];
    expect(mirror?.type).toBe("relation");

    const hq = await h.client.pages.create({ parent: { data_source_id: sites }, properties: { Name: { title: text("HQ") } } });
    const ap = await h.client.pages.create({ parent: { data_source_id: devices }, properties: { Site: { relation: [{ id: hq.id }] } } });
    expect((await get(h, hq.id)).properties["Related to Devices (Site)"]).toMatchObject({ relation: [{ id: ap.id }] });

    await h.client.pages.update({ page_id: ap.id, properties: { Site: { relation: [] } } });
    expect((await get(h, hq.id)).properties["Related to Devices (Site)"]).toMatchObject({ relation: [] });

    // Renaming one side updates the other side's synced name.
    await h.client.dataSources.update({ data_source_id: devices, properties: { Site: { name: "Location" } } });
    const synced = (await h.client.dataSources.retrieve({ data_source_id: sites })).properties["Related to Devices (Site)"];
    expect(synced?.type === "relation" && synced.relation.type === "dual_property" ? synced.relation.dual_property.synced_property_name : "").toBe("Location");
  });
});
