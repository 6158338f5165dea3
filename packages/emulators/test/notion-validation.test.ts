import { afterEach, describe, expect, test } from "bun:test";
import type { PageObjectResponse } from "@notionhq/client";
import type { NotionDump } from "../src/notion";
import { apiError, control, createDeviceSchema, startNotion, text, type DeviceSchema, type NotionHarness } from "./notion-harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const long = (n: number) => "x".repeat(n);
const MISSING = "00000000-0000-4000-8000-000000000000";

type Case = [label: string, property: string, value: (s: DeviceSchema & { devicePageId: string }) => unknown, expected: string];

/** Every row: one bad property value, the message must name the property and say what is wrong. */
const cases: Case[] = [
  ["an unknown property", "Nope", () => ({ number: 1 }), "Nope is not a property that exists."],
  ["a number for a rich_text", "Sync Key", () => ({ number: 1 }), "Sync Key is expected to be rich_text."],
  ["a select given as a string", "Kind", () => ({ select: "AP" }), "body.properties.Kind.select should be an object or `null`, instead was `\"AP\"`."],
  ["a number given as a string", "Ports", () => ({ number: "8" }), "body.properties.Ports.number should be a number, instead was `\"8\"`."],
  ["a checkbox given as a string", "Online", () => ({ checkbox: "yes" }), "body.properties.Online.checkbox should be a boolean"],
  ["a value that is not an object", "Ports", () => 5, "body.properties.Ports should be an object, instead was `5`."],
  ["rich_text content over 2000", "Sync Key", () => ({ rich_text: text(long(2001)) }), "body.properties.Sync Key.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`."],
  ["title content over 2000", "Name", () => ({ title: text(long(2001)) }), "body.properties.Name.title[0].text.content.length should be ≤ `2000`, instead was `2001`."],
  ["a link url over 2000", "Sync Key", () => ({ rich_text: [{ text: { content: "a", link: { url: `https://x.io/${long(1990)}` } } }] }), "body.properties.Sync Key.rich_text[0].text.link.url.length should be ≤ `2000`"],
  ["a rich_text array over 100 items", "Sync Key", () => ({ rich_text: Array.from({ length: 101 }, () => ({ text: { content: "a" } })) }), "body.properties.Sync Key.rich_text.length should be ≤ `100`, instead was `101`."],
  ["a url over 2000", "Website", () => ({ url: `https://x.io/${long(1990)}` }), "body.properties.Website.url.length should be ≤ `2000`"],
  ["an empty url", "Website", () => ({ url: "" }), "body.properties.Website.url.length should be ≥ `1`"],
  ["an email over 200", "Contact", () => ({ email: `${long(196)}@x.io` }), "body.properties.Contact.email.length should be ≤ `200`"],
  ["a phone number over 200", "Phone", () => ({ phone_number: long(201) }), "body.properties.Phone.phone_number.length should be ≤ `200`"],
  ["a select option with a comma", "Kind", () => ({ select: { name: "AP, outdoor" } }), "body.properties.Kind.select.name should not contain a comma"],
  ["a select option name over 100", "Kind", () => ({ select: { name: long(101) } }), "body.properties.Kind.select.name.length should be ≤ `100`"],
  ["a multi_select option name over 100", "Tags", () => ({ multi_select: [{ name: long(101) }] }), "body.properties.Tags.multi_select[0].name.length should be ≤ `100`"],
  ["an unknown status name", "State", () => ({ status: { name: "Exploded" } }), "Invalid status value for property 'State': 'Exploded'. Value must be one of the following: 'Not started', 'In progress', 'Done'."],
  ["an invalid date", "Last Seen", () => ({ date: { start: "yesterday-ish" } }), "body.properties.Last Seen.date.start should be a valid ISO 8601 date string"],
  ["over 100 relations", "Site", () => ({ relation: Array.from({ length: 101 }, () => ({ id: MISSING })) }), "body.properties.Site.relation.length should be ≤ `100`, instead was `101`."],
  ["a relation to a missing page", "Site", () => ({ relation: [{ id: MISSING }] }), `Could not find page with ID: ${MISSING} in the data source related by property Site.`],
  ["a relation to a page of another data source", "Site", (s) => ({ relation: [{ id: s.devicePageId }] }), "related by property Site"],
  ["a relation id that is not a UUID", "Site", () => ({ relation: [{ id: "abc" }] }), "body.properties.Site.relation[0].id should be a valid uuid"],
  ["a write to a computed property", "Edited", () => ({ last_edited_time: "2026-01-01" }), "body failed validation. Fix one:\nbody.properties.Edited.title should be defined"],
];

describe("property value validation (table)", () => {
  test.each(cases)("%s is a validation_error naming the property", async (_label, property, value, expected) => {
    h = startNotion();
    const schema = await createDeviceSchema(h);
    const device = await h.client.pages.create({ parent: { data_source_id: schema.devicesDataSourceId }, properties: {} });
    const properties = { [property]: value({ ...schema, devicePageId: device.id }) } as never;
    const err = await apiError(h.client.pages.create({ parent: { data_source_id: schema.devicesDataSourceId }, properties }), "validation_error");
    expect(err.status).toBe(400);
    expect(err.message).toContain(expected);
    expect(err.message).toContain(property);
    // The same value is refused on update too.
    await apiError(h.client.pages.update({ page_id: device.id, properties }), "validation_error");
  });
});

describe("property writes", () => {
  test("two wrong types are reported together, as Notion does", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const err = await apiError(
      h.client.pages.create({ parent: { data_source_id: ds }, properties: { Ports: { rich_text: [] }, Website: { email: "a@b.c" } } as never }),
      "validation_error",
    );
    expect(err.message).toBe("Ports is expected to be number. Website is expected to be url.");
  });

  test("a refused write leaves nothing behind: no page, no new select option", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await apiError(
      h.client.pages.create({ parent: { data_source_id: ds }, properties: { Kind: { select: { name: "Router" } }, Ports: { number: "x" } } as never }),
      "validation_error",
    );
    const dump = await control<NotionDump>(h, "dump");
    expect(dump.pages.filter((p) => p.parent.type === "data_source_id")).toEqual([]);
    const source = await h.client.dataSources.retrieve({ data_source_id: ds });
    const kind = source.properties.Kind;
    expect(kind?.type === "select" ? kind.select.options.map((o) => o.name) : []).toEqual(["AP", "Switch", "Gateway"]);
  });

  test("a new select option is created on write and reused; status options are not created", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const a = (await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Kind: { select: { name: "Router" } }, Tags: { multi_select: [{ name: "outdoor" }, { name: "poe" }] } } })) as PageObjectResponse;
    const b = (await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Kind: { select: { name: "Router" } } } })) as PageObjectResponse;
    const kindA = a.properties.Kind;
    const kindB = b.properties.Kind;
    expect(kindA?.type === "select" ? kindA.select?.name : undefined).toBe("Router");
    expect(kindA?.type === "select" && kindB?.type === "select" ? kindA.select?.id === kindB.select?.id : false).toBe(true);
    const source = await h.client.dataSources.retrieve({ data_source_id: ds });
    const kind = source.properties.Kind;
    expect(kind?.type === "select" ? kind.select.options.map((o) => o.name) : []).toEqual(["AP", "Switch", "Gateway", "Router"]);
    const tags = source.properties.Tags;
    expect(tags?.type === "multi_select" ? tags.multi_select.options.map((o) => o.name) : []).toEqual(["outdoor", "poe"]);

    const done = (await h.client.pages.update({ page_id: a.id, properties: { State: { status: { name: "Done" } } } })) as PageObjectResponse;
    expect(done.properties.State).toMatchObject({ type: "status", status: { name: "Done", color: "green" } });
    await apiError(h.client.pages.update({ page_id: a.id, properties: { State: { status: { name: "Blocked" } } } }), "validation_error");
    const after = await h.client.dataSources.retrieve({ data_source_id: ds });
    const state = after.properties.State;
    expect(state?.type === "status" ? state.status.options.map((o) => o.name) : []).toEqual(["Not started", "In progress", "Done"]);
  });

  test("properties can be addressed by id; values round-trip in Notion's response shapes", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const source = await h.client.dataSources.retrieve({ data_source_id: ds });
    const keyId = source.properties["Sync Key"]?.id as string;
    const page = (await h.client.pages.create({
      parent: { data_source_id: ds },
      properties: {
        [keyId]: { rich_text: [{ text: { content: "k-1", link: { url: "https://unifi.ui.com" } }, annotations: { bold: true } }] },
        "Last Seen": { date: { start: "2026-03-01T12:00:00.000Z" } },
        Website: { url: "https://example.com" },
        Online: { checkbox: true },
      },
    })) as PageObjectResponse;
    expect(page.properties["Sync Key"]).toEqual({
      id: keyId,
      type: "rich_text",
      rich_text: [
        {
          type: "text",
          text: { content: "k-1", link: { url: "https://unifi.ui.com" } },
          annotations: { bold: true, italic: false, strikethrough: false, underline: false, code: false, color: "default" },
          plain_text: "k-1",
          href: "https://unifi.ui.com",
        },
      ],
    });
    expect(page.properties["Last Seen"]).toEqual({ id: expect.any(String), type: "date", date: { start: "2026-03-01T12:00:00.000+00:00", end: null, time_zone: null } });
    expect(page.properties.Online).toMatchObject({ type: "checkbox", checkbox: true });
    const cleared = (await h.client.pages.update({ page_id: page.id, properties: { Website: { url: null }, "Last Seen": { date: null } } })) as PageObjectResponse;
    expect(cleared.properties.Website).toMatchObject({ url: null });
    expect(cleared.properties["Last Seen"]).toMatchObject({ date: null });
  });
});
