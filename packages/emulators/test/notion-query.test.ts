import { afterEach, describe, expect, test } from "bun:test";
import { collectAllDataSourceRows, type PageObjectResponse, type QueryDataSourceResponse } from "@notionhq/client";
import { FakeClock } from "@oberaconnect/common/clock";
import { apiError, createDeviceSchema, startNotion, text, type NotionHarness } from "./notion-harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const pages = (r: QueryDataSourceResponse) => r.results as PageObjectResponse[];
const titleOf = (p: PageObjectResponse) => {
  const v = p.properties.Name;
  return v?.type === "title" ? v.title.map((t) => t.plain_text).join("") : "";
};

/** Creates `n` devices: key dev-000.., Ports = i, Kind cycling AP/Switch/Gateway, Online when even. */
async function seedDevices(harness: NotionHarness, ds: string, n: number): Promise<string[]> {
  const kinds = ["AP", "Switch", "Gateway"];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `dev-${String(i).padStart(3, "0")}`;
    const page = await harness.client.pages.create({
      parent: { data_source_id: ds },
      properties: {
        Name: { title: text(`Device ${i}`) },
        "Sync Key": { rich_text: text(key) },
        Ports: { number: i },
        Kind: { select: { name: kinds[i % 3] as string } },
        Online: { checkbox: i % 2 === 0 },
      },
    });
    ids.push(page.id);
  }
  return ids;
}

describe("query over real HTTP with @notionhq/client", () => {
  test("250 pages filtered by a rich_text key come back in 3 pages along a cursor chain", async () => {
    h = startNotion();
    const schema = await createDeviceSchema(h);
    const ds = schema.devicesDataSourceId;
    const created = await seedDevices(h, ds, 250);
    // A page that must not match the filter.
    await h.client.pages.create({ parent: { data_source_id: ds }, properties: { "Sync Key": { rich_text: text("other-1") } } });

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | undefined;
    do {
      const r = await h.client.dataSources.query({
        data_source_id: ds,
        filter: { property: "Sync Key", rich_text: { starts_with: "dev-" } },
        page_size: 100,
        ...(cursor ? { start_cursor: cursor } : {}),
      });
      sizes.push(r.results.length);
      seen.push(...r.results.map((p) => p.id));
      expect(r.object).toBe("list");
      expect(r.type).toBe("page_or_data_source");
      expect(r.has_more).toBe(r.next_cursor !== null);
      cursor = r.next_cursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([100, 100, 50]);
    expect(new Set(seen).size).toBe(250);
    expect(new Set(seen)).toEqual(new Set(created));
  });

  test("equals on the sync key finds exactly one page; every schema property is present", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await seedDevices(h, ds, 5);
    const r = await h.client.dataSources.query({ data_source_id: ds, filter: { property: "Sync Key", rich_text: { equals: "dev-003" } } });
    expect(r.results).toHaveLength(1);
    const page = pages(r)[0] as PageObjectResponse;
    expect(titleOf(page)).toBe("Device 3");
    expect(Object.keys(page.properties).sort()).toEqual(
      ["Contact", "Edited", "Kind", "Last Seen", "Name", "Online", "Phone", "Ports", "Site", "State", "Sync Key", "Tags", "Website"].sort(),
    );
    expect(page.properties.Website).toMatchObject({ type: "url", url: null });
    expect(page.properties["Last Seen"]).toMatchObject({ type: "date", date: null });
    expect(page.properties.Site).toMatchObject({ type: "relation", relation: [], has_more: false });
    expect(page.properties.Tags).toMatchObject({ type: "multi_select", multi_select: [] });
    expect(page.public_url).toBeNull();
    expect(page.url).toContain(page.id.replaceAll("-", ""));
  });

  test("compound and / or filters, nested two levels, select and number and checkbox", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await seedDevices(h, ds, 12);
    const r = await h.client.dataSources.query({
      data_source_id: ds,
      filter: {
        and: [
          { property: "Online", checkbox: { equals: true } },
          { or: [{ property: "Kind", select: { equals: "AP" } }, { property: "Ports", number: { greater_than_or_equal_to: 10 } }] },
        ],
      },
      sorts: [{ property: "Ports", direction: "ascending" }],
    });
    // Even i with i%3==0 (0, 6) or i>=10 (10).
    expect(pages(r).map(titleOf)).toEqual(["Device 0", "Device 6", "Device 10"]);
  });

  test("a third level of nesting is refused as validation_error", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const leaf = { property: "Ports", number: { equals: 1 } };
    const err = await apiError(
      h.client.dataSources.query({ data_source_id: ds, filter: { and: [{ or: [{ and: [leaf] } as never] }] } }),
      "validation_error",
    );
    expect(err.message).toContain("body.filter.and[0].or[0].and");
  });

  test("sorts by several keys: select order then number descending", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await seedDevices(h, ds, 6);
    const r = await h.client.dataSources.query({
      data_source_id: ds,
      sorts: [
        { property: "Kind", direction: "ascending" },
        { property: "Ports", direction: "descending" },
      ],
    });
    // Option order is AP, Switch, Gateway.
    expect(pages(r).map(titleOf)).toEqual(["Device 3", "Device 0", "Device 4", "Device 1", "Device 5", "Device 2"]);
  });

  test("a filter on a missing property, or of the wrong type, is a validation_error naming it", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const missing = await apiError(h.client.dataSources.query({ data_source_id: ds, filter: { property: "Nope", rich_text: { equals: "x" } } }), "validation_error");
    expect(missing.message).toBe("Could not find property with name or id: Nope");
    const wrong = await apiError(h.client.dataSources.query({ data_source_id: ds, filter: { property: "Ports", rich_text: { equals: "x" } } }), "validation_error");
    expect(wrong.message).toContain("Ports");
  });

  test.each([
    ["page_size 101", { page_size: 101 }, "body.page_size should be ≤ `100`"],
    ["page_size 0", { page_size: 0 }, "body.page_size should be ≥ `1`"],
    ["an unknown cursor", { start_cursor: "9b1c2a66-0000-4000-8000-000000000000" }, "The start_cursor provided is invalid"],
    ["a sort on a missing property", { sorts: [{ property: "Nope", direction: "ascending" as const }] }, "Nope"],
  ])("a query with %s is refused", async (_label, args, message) => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const err = await apiError(h.client.dataSources.query({ data_source_id: ds, ...args }), "validation_error");
    expect(err.message).toContain(message);
  });

  test("a cursor only works for the query that issued it", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await seedDevices(h, ds, 3);
    const first = await h.client.dataSources.query({ data_source_id: ds, page_size: 1 });
    expect(first.next_cursor).toBeString();
    await apiError(
      h.client.dataSources.query({ data_source_id: ds, page_size: 1, start_cursor: first.next_cursor as string, filter: { property: "Ports", number: { equals: 1 } } }),
      "validation_error",
    );
  });

  test("the per-query row cap ends the chain with has_more false and request_status incomplete", async () => {
    h = startNotion({ queryResultLimit: 5 });
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await seedDevices(h, ds, 12);
    const got: QueryDataSourceResponse[] = [];
    let cursor: string | undefined;
    do {
      const r = await h.client.dataSources.query({ data_source_id: ds, page_size: 2, ...(cursor ? { start_cursor: cursor } : {}) });
      got.push(r);
      cursor = r.next_cursor ?? undefined;
    } while (cursor);
    expect(got.map((r) => r.results.length)).toEqual([2, 2, 1]);
    const last = got[2] as QueryDataSourceResponse;
    expect(last.has_more).toBe(false);
    expect(last.request_status).toEqual({ type: "incomplete", incomplete_reason: "query_result_limit_reached" });
    expect(got[0]?.request_status).toBeUndefined();
  });

  test("the client's collectAllDataSourceRows gets past the cap through created_time windows", async () => {
    const clock = new FakeClock(Date.parse("2026-04-01T08:00:00.000Z"));
    h = startNotion({ clock, queryResultLimit: 5 });
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push((await h.client.pages.create({ parent: { data_source_id: ds }, properties: { Ports: { number: i } } })).id);
      await clock.advance(60_000);
    }
    const rows = await collectAllDataSourceRows(h.client, { data_source_id: ds, filter: { property: "Ports", number: { greater_than_or_equal_to: 0 } } });
    expect(rows.map((r) => r.id)).toEqual(ids);
  });

  test("search matches titles ignoring case and filters by object kind", async () => {
    // About matching, not the index lag (notion-blocks.test.ts covers that).
    h = startNotion({ searchIndexLagMs: 0 });
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await seedDevices(h, ds, 3);
    const all = await h.client.search({ query: "device" });
    expect(all.results.map((r) => r.object).sort()).toEqual(["data_source", "page", "page", "page"]);
    const onlySources = await h.client.search({ query: "DEVICES", filter: { property: "object", value: "data_source" } });
    expect(onlySources.results.map((r) => r.id)).toEqual([ds]);
    const paged = await h.client.search({ query: "device", filter: { property: "object", value: "page" }, page_size: 2 });
    expect(paged.results).toHaveLength(2);
    const rest = await h.client.search({ query: "device", filter: { property: "object", value: "page" }, page_size: 2, start_cursor: paged.next_cursor as string });
    expect(rest.results).toHaveLength(1);
    expect(rest.has_more).toBe(false);
  });
});
