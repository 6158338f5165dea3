import { describe, expect, test } from "bun:test";
import { compareDate, filterSpan, isIsoDate, toMinuteIso } from "../src/notion/dates";
import { compileFilter } from "../src/notion/filters";
import { normalizeId } from "../src/notion/ids";
import type { PropertySchema, StoredPage, StoredValue } from "../src/notion/model";
import { textToRichText } from "../src/notion/rich-text";
import { compileSorts } from "../src/notion/sorts";
import { NotionError } from "../src/notion/errors";

const NOW = Date.parse("2026-03-10T12:00:00.000Z");

const schema: PropertySchema[] = [
  { id: "title", name: "Name", type: "title", description: null },
  { id: "num", name: "Ports", type: "number", description: null },
  { id: "day", name: "Seen", type: "date", description: null },
  {
    id: "sel",
    name: "Kind",
    type: "select",
    description: null,
    options: [
      { id: "o1", name: "AP", color: "blue", description: null },
      { id: "o2", name: "Switch", color: "red", description: null },
    ],
  },
  { id: "rel", name: "Site", type: "relation", description: null, relation: { data_source_id: "ds", database_id: "db", kind: "single_property" } },
];

let seq = 0;
function page(values: Record<string, StoredValue>, createdMs = NOW): StoredPage {
  seq++;
  return {
    id: `p${seq}`,
    parent: { type: "data_source_id", data_source_id: "ds", database_id: "db" },
    inTrash: false,
    isLocked: false,
    icon: null,
    cover: null,
    values,
    createdMs,
    editedMs: createdMs,
    createdSeq: seq,
    editSeq: seq,
  };
}

const named = (name: string, extra: Record<string, StoredValue> = {}) => page({ title: { type: "title", items: textToRichText(name) }, ...extra });
const seen = (start: string) => named("x", { day: { type: "date", value: { start, end: null, time_zone: null } } });
const run = (filter: unknown, p: StoredPage) => compileFilter(filter, schema, { now: NOW, botId: "bot" })(p);

describe("dates", () => {
  test.each([
    ["2026-03-01", true],
    ["2026-02-30", false],
    ["2026-03-01T10:00:00Z", true],
    ["2026-03-01T10:00:00.123+02:00", true],
    ["2026-03-01T10:00", true],
    ["yesterday", false],
    ["2026-3-1", false],
  ])("isIsoDate(%p) is %p", (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });

  test.each([
    // [operator, page date, filter value, match]
    ["equals", "2026-03-05T23:59:00Z", "2026-03-05", true],
    ["equals", "2026-03-06T00:00:00Z", "2026-03-05", false],
    ["before", "2026-03-04T23:59:59Z", "2026-03-05", true],
    ["before", "2026-03-05T00:00:00Z", "2026-03-05", false],
    ["after", "2026-03-05T12:00:00Z", "2026-03-05", false],
    ["after", "2026-03-06T00:00:00Z", "2026-03-05", true],
    ["on_or_before", "2026-03-05T12:00:00Z", "2026-03-05", true],
    ["on_or_after", "2026-03-05T00:00:00Z", "2026-03-05", true],
    ["after", "2026-03-05T10:00:01Z", "2026-03-05T10:00:00Z", true],
    ["on_or_after", "2026-03-05T10:00:00Z", "2026-03-05T12:00:00+02:00", true],
    ["equals", "2026-03-10T08:00:00Z", "today", true],
    ["before", "2026-03-09", "yesterday", false],
  ])("%s: %s against %s is %p", (op, value, filterValue, expected) => {
    expect(compareDate(op, Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value), filterSpan(filterValue, NOW))).toBe(expected);
  });

  test("timestamps are shown to the minute", () => {
    expect(toMinuteIso(Date.parse("2026-03-10T12:34:56.789Z"))).toBe("2026-03-10T12:34:00.000Z");
  });

  test.each([
    ["9B1C2A66F0A54B3C8D1E2F3A4B5C6D7E", "9b1c2a66-f0a5-4b3c-8d1e-2f3a4b5c6d7e"],
    ["9b1c2a66-f0a5-4b3c-8d1e-2f3a4b5c6d7e", "9b1c2a66-f0a5-4b3c-8d1e-2f3a4b5c6d7e"],
    ["not-an-id", undefined],
  ])("normalizeId(%p)", (raw, expected) => {
    expect(normalizeId(raw)).toBe(expected);
  });
});

describe("filter evaluation", () => {
  test.each([
    ["title contains ignores case", { property: "Name", title: { contains: "SWITCH" } }, named("Core switch"), true],
    ["title does_not_equal on empty", { property: "Name", title: { does_not_equal: "a" } }, page({}), true],
    ["title is_empty", { property: "Name", title: { is_empty: true } }, page({}), true],
    ["number greater_than", { property: "Ports", number: { greater_than: 8 } }, named("a", { num: { type: "number", value: 9 } }), true],
    ["number less_than on null", { property: "Ports", number: { less_than: 8 } }, named("a", { num: { type: "number", value: null } }), false],
    ["number does_not_equal on null", { property: "Ports", number: { does_not_equal: 8 } }, named("a"), true],
    ["select equals an array", { property: "Kind", select: { equals: ["Switch", "AP"] } }, named("a", { sel: { type: "select", optionId: "o2" } }), true],
    ["select does_not_equal", { property: "Kind", select: { does_not_equal: "AP" } }, named("a", { sel: { type: "select", optionId: "o1" } }), false],
    ["select of an unknown option matches nothing", { property: "Kind", select: { equals: "Router" } }, named("a", { sel: { type: "select", optionId: "o1" } }), false],
    ["relation contains (dashless id)", { property: "Site", relation: { contains: "9b1c2a66f0a54b3c8d1e2f3a4b5c6d7e" } }, named("a", { rel: { type: "relation", pageIds: ["9b1c2a66-f0a5-4b3c-8d1e-2f3a4b5c6d7e"] } }), true],
    ["relation is_empty", { property: "Site", relation: { is_empty: true } }, named("a"), true],
    ["date past_week", { property: "Seen", date: { past_week: {} } }, seen("2026-03-05"), true],
    ["date next_month", { property: "Seen", date: { next_month: {} } }, seen("2026-03-05"), false],
    ["created_time timestamp filter, minute precision", { timestamp: "created_time", created_time: { equals: "2026-03-10T12:00:00.000Z" } }, page({}, NOW + 30_000), true],
    ["or of two", { or: [{ property: "Ports", number: { equals: 1 } }, { property: "Name", title: { equals: "b" } }] }, named("B"), true],
    ["and of two", { and: [{ property: "Ports", number: { is_empty: true } }, { property: "Name", title: { starts_with: "x" } }] }, named("b"), false],
  ])("%s", (_label, filter, p, expected) => {
    expect(run(filter, p)).toBe(expected);
  });

  test.each([
    ["an unknown property", { property: "Ghost", number: { equals: 1 } }, "Could not find property with name or id: Ghost"],
    ["a type mismatch", { property: "Ports", title: { equals: "1" } }, "does not match filter title"],
    ["an operator of another type", { property: "Ports", number: { contains: "1" } }, "body.filter.number should have exactly one of"],
    ["a wrong operand type", { property: "Ports", number: { equals: "1" } }, "body.filter.number.equals should be a number"],
    ["is_empty false", { property: "Ports", number: { is_empty: false } }, "should be `true`"],
    ["a bad date", { property: "Seen", date: { after: "soon" } }, "body.filter.date.after should be a valid ISO 8601 date string"],
    ["three levels", { or: [{ and: [{ or: [] }] }] }, "body.filter.or[0].and[0].or should be not present"],
  ])("refuses %s", (_label, filter, message) => {
    let caught: unknown;
    try {
      run(filter, named("a"));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NotionError);
    expect((caught as NotionError).code).toBe("validation_error");
    expect((caught as NotionError).message).toContain(message);
  });
});

describe("sorts", () => {
  test("empty values sort last in both directions; ties follow creation order in the sort's direction", () => {
    const a = named("a", { num: { type: "number", value: 2 } });
    const b = named("b");
    const c = named("c", { num: { type: "number", value: 5 } });
    const d = named("d", { num: { type: "number", value: 5 } });
    const asc = [b, d, a, c].sort(compileSorts([{ property: "Ports", direction: "ascending" }], schema));
    expect(asc.map((p) => p.id)).toEqual([a.id, c.id, d.id, b.id]);
    const desc = [b, a, c, d].sort(compileSorts([{ property: "Ports", direction: "descending" }], schema));
    expect(desc.map((p) => p.id)).toEqual([d.id, c.id, a.id, b.id]);
  });

  test("no sorts means newest first", () => {
    const first = named("1");
    const second = named("2");
    expect([first, second].sort(compileSorts(undefined, schema)).map((p) => p.id)).toEqual([second.id, first.id]);
  });
});
