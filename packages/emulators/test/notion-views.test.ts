/**
 * The Views API as the emulator serves it, through the official client over HTTP: the default
 * view of a new database, filters and sorts checked like a query's and kept by property id,
 * configurations checked against the data source, dashboards and their widgets, listing,
 * editing and deleting, and Notion's error shapes for each refusal.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { apiError, startNotion, text, type NotionHarness } from "./notion-harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function alertsDb(harness: NotionHarness) {
  const db = await harness.client.databases.create({
    parent: { type: "page_id", page_id: harness.emu.store.rootPageId },
    title: text("Alerts"),
    initial_data_source: {
      properties: {
        Alert: { title: {} },
        Severity: { select: { options: [{ name: "CRITICAL", color: "red" }, { name: "MAJOR", color: "orange" }, { name: "MINOR", color: "blue" }] } },
        Created: { date: {} },
        Open: { checkbox: {} },
      },
    },
  });
  const dataSourceId = (db as { data_sources: { id: string }[] }).data_sources[0]!.id;
  const ds = await harness.client.dataSources.retrieve({ data_source_id: dataSourceId });
  const idOf = (name: string) => ds.properties[name]!.id;
  return { databaseId: db.id, dataSourceId, idOf };
}

/** The SDK's request types are narrower than what a test must be able to send. */
const mk = (harness: NotionHarness, body: object) => harness.client.views.create(body as never);
const ed = (harness: NotionHarness, body: object) => harness.client.views.update(body as never);

const list = async (harness: NotionHarness, databaseId: string) =>
  (await harness.client.views.list({ database_id: databaseId })).results.map((r) => r.id);

describe("views", () => {
  test("a new database has one table view, its default", async () => {
    h = startNotion();
    const { databaseId, dataSourceId } = await alertsDb(h);
    const ids = await list(h, databaseId);
    expect(ids).toHaveLength(1);
    const view = await h.client.views.retrieve({ view_id: ids[0]! });
    expect(view as unknown).toMatchObject({ object: "view", type: "table", name: "Default view", data_source_id: dataSourceId, parent: { type: "database_id", database_id: databaseId } });
  });

  test("filters and sorts are checked as a query's and kept by property id: a renamed column keeps its view", async () => {
    h = startNotion();
    const { databaseId, dataSourceId, idOf } = await alertsDb(h);
    const created = await mk(h, {
      database_id: databaseId,
      data_source_id: dataSourceId,
      name: "Critical & major",
      type: "table",
      filter: { or: [{ property: "Severity", select: { equals: "CRITICAL" } }, { property: "Severity", select: { equals: "MAJOR" } }] },
      sorts: [{ property: "Created", direction: "descending" }],
    });
    expect(created as unknown).toMatchObject({
      name: "Critical & major",
      filter: { or: [{ property: idOf("Severity"), select: { equals: "CRITICAL" } }, { property: idOf("Severity"), select: { equals: "MAJOR" } }] },
      sorts: [{ property: idOf("Created"), direction: "descending" }],
    });
    expect(await list(h, databaseId)).toEqual([expect.any(String), created.id]);
    await h.client.dataSources.update({ data_source_id: dataSourceId, properties: { Severity: { name: "Level" } } });
    expect((await h.client.views.retrieve({ view_id: created.id }) as { filter: unknown }).filter).toEqual((created as { filter: unknown }).filter);

    const e1 = await apiError(mk(h, { database_id: databaseId, data_source_id: dataSourceId, name: "x", type: "table", filter: { property: "Nope", select: { equals: "A" } } as never }), "validation_error");
    expect(e1.status).toBe(400);
    await apiError(mk(h, { database_id: databaseId, data_source_id: dataSourceId, name: "x", type: "table", filter: { property: "Level", checkbox: { equals: true } } as never }), "validation_error");
    await apiError(mk(h, { database_id: databaseId, data_source_id: dataSourceId, name: "x", type: "table", sorts: [{ property: "Nope", direction: "ascending" }] }), "validation_error");
  });

  test("configurations are checked against the data source", async () => {
    h = startNotion();
    const { databaseId, dataSourceId, idOf } = await alertsDb(h);
    const board = (configuration: unknown) => mk(h!, { database_id: databaseId, data_source_id: dataSourceId, name: "By severity", type: "board", configuration } as never);
    const made = await board({ type: "board", group_by: { type: "select", property_id: idOf("Severity"), sort: { type: "manual" } } });
    expect((made as { configuration: unknown }).configuration).toMatchObject({ type: "board", group_by: { property_id: idOf("Severity") } });
    await apiError(mk(h, { database_id: databaseId, data_source_id: dataSourceId, name: "b", type: "board" }), "validation_error"); // a board needs its grouping
    await apiError(board({ type: "table", group_by: { type: "select", property_id: idOf("Severity"), sort: { type: "manual" } } }), "validation_error"); // not its type
    await apiError(board({ type: "board", group_by: { type: "select", property_id: "zzzz", sort: { type: "manual" } } }), "validation_error"); // no such property
    await apiError(board({ type: "board", group_by: { type: "select", property_id: idOf("Created"), sort: { type: "manual" } } }), "validation_error"); // a date is no select
    const chart = await mk(h, {
      database_id: databaseId, data_source_id: dataSourceId, name: "By severity", type: "chart",
      configuration: { type: "chart", chart_type: "donut", x_axis: { type: "select", property_id: idOf("Severity"), sort: { type: "manual" } }, value: { aggregator: "count" } },
    } as never);
    expect(chart.type).toBe("chart");
    await apiError(mk(h, { database_id: databaseId, data_source_id: dataSourceId, name: "c", type: "chart", configuration: { type: "chart", chart_type: "pie" } } as never), "validation_error");
  });

  test("where a view goes: exactly one place, the database's own data source, a dashboard for a widget", async () => {
    h = startNotion();
    const a = await alertsDb(h);
    const b = await alertsDb(h);
    await apiError(mk(h, { data_source_id: a.dataSourceId, name: "x", type: "table" }), "validation_error");
    await apiError(mk(h, { database_id: a.databaseId, view_id: a.databaseId, data_source_id: a.dataSourceId, name: "x", type: "table" }), "validation_error");
    await apiError(mk(h, { database_id: a.databaseId, data_source_id: b.dataSourceId, name: "x", type: "table" }), "validation_error");
    const missing = await apiError(mk(h, { database_id: "11111111-1111-4111-8111-111111111111", data_source_id: a.dataSourceId, name: "x", type: "table" }), "object_not_found");
    expect(missing.status).toBe(404);
    await apiError(mk(h, { database_id: a.databaseId, data_source_id: a.dataSourceId, name: " ", type: "table" }), "validation_error");
    const table = await mk(h, { database_id: a.databaseId, data_source_id: a.dataSourceId, name: "t", type: "table" });
    await apiError(mk(h, { view_id: table.id, data_source_id: a.dataSourceId, name: "w", type: "table" }), "validation_error"); // not a dashboard
    await apiError(h.client.views.retrieve({ view_id: "22222222-2222-4222-8222-222222222222" }), "object_not_found");
  });

  test("a dashboard holds widgets over any data source, each in a row of its own; deleting it deletes them", async () => {
    h = startNotion();
    const a = await alertsDb(h);
    const b = await alertsDb(h);
    const dash = await mk(h, { database_id: a.databaseId, data_source_id: a.dataSourceId, name: "On-call", type: "dashboard" });
    expect(dash as unknown).toMatchObject({ type: "dashboard", data_source_id: null, configuration: { type: "dashboard", rows: [] } });
    await apiError(mk(h, { database_id: a.databaseId, data_source_id: a.dataSourceId, name: "d", type: "dashboard", filter: { property: "Open", checkbox: { equals: true } } }), "validation_error");
    const w1 = await mk(h, { view_id: dash.id, data_source_id: a.dataSourceId, name: "Open", type: "table", filter: { property: "Open", checkbox: { equals: true } } });
    const w2 = await mk(h, { view_id: dash.id, data_source_id: b.dataSourceId, name: "Other", type: "list" });
    expect(w1 as unknown).toMatchObject({ dashboard_view_id: dash.id, parent: { database_id: a.databaseId } });
    const again = (await h.client.views.retrieve({ view_id: dash.id })) as { configuration: { rows: { widgets: { view_id: string }[] }[] } };
    expect(again.configuration.rows.map((r) => r.widgets.map((w) => w.view_id))).toEqual([[w1.id], [w2.id]]);
    // Widgets are no tabs of the database.
    expect(await list(h, a.databaseId)).toEqual([expect.any(String), dash.id]);
    await apiError(ed(h, { view_id: dash.id, filter: { property: "Open", checkbox: { equals: true } } }), "validation_error");
    await h.client.views.delete({ view_id: w2.id });
    const after = (await h.client.views.retrieve({ view_id: dash.id })) as { configuration: { rows: unknown[] } };
    expect(after.configuration.rows).toHaveLength(1);
    await h.client.views.delete({ view_id: dash.id });
    await apiError(h.client.views.retrieve({ view_id: w1.id }), "object_not_found");
  });

  test("editing and deleting: a view's filter is replaced or cleared; a database keeps one view", async () => {
    h = startNotion();
    const { databaseId, dataSourceId, idOf } = await alertsDb(h);
    const [first] = await list(h, databaseId);
    const v = await mk(h, { database_id: databaseId, data_source_id: dataSourceId, name: "v", type: "table", filter: { property: "Open", checkbox: { equals: true } } });
    const edited = await ed(h, { view_id: v.id, name: "Closed", filter: { property: "Open", checkbox: { equals: false } } });
    expect(edited as unknown).toMatchObject({ name: "Closed", filter: { property: idOf("Open"), checkbox: { equals: false } } });
    expect((await ed(h, { view_id: v.id, filter: null })) as unknown).toMatchObject({ filter: null });
    await h.client.views.delete({ view_id: v.id });
    await apiError(h.client.views.delete({ view_id: first! }), "validation_error");
    await h.client.databases.update({ database_id: databaseId, in_trash: true });
    await apiError(h.client.views.retrieve({ view_id: first! }), "object_not_found");
  });
});
