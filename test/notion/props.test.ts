import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import type { PageObjectResponse } from "@notionhq/client";
import { diffProps, fromResponse, p, toRequest, type PropMap } from "../../src/notion/props";
import { canonicalDate } from "../../src/notion/canonical";
import { contentHash } from "../../src/sync/hash";

const rt = (content: string) => ({ type: "text", text: { content, link: null }, annotations: {}, plain_text: content, href: null });

describe("compared form", () => {
  test.each([
    [p.number(Number.NaN), { type: "number", value: null }],
    [p.number(3), { type: "number", value: 3 }],
    [p.select("a, b"), { type: "select", value: "a b" }],
    [p.multi(["UniFi", "NinjaOne", "UniFi"]), { type: "multi_select", value: ["NinjaOne", "UniFi"] }],
    [p.relation(["AB-CD", null, "abcd"]), { type: "relation", value: ["abcd"] }],
    [p.date(new Date("2026-01-01T10:00:42Z")), { type: "date", value: "2026-01-01T10:00:00.000Z" }],
    [p.date("2026-01-01"), { type: "date", value: "2026-01-01" }],
    [p.date("not a date"), { type: "date", value: null }],
    [p.url(""), { type: "url", value: null }],
  ])("%#: %j", (value, expected) => {
    expect(value).toEqual(expected as never);
  });

  test("a date written as Z reads back equal from Notion's +00:00 form", () => {
    expect(canonicalDate("2026-01-01T10:00:00.000+00:00")).toBe(canonicalDate(new Date("2026-01-01T10:00:00Z")));
  });
});

describe("request and response round trip", () => {
  const props: PropMap = {
    Name: p.title("Acme 😀"),
    Notes: p.text("n".repeat(4500)),
    Count: p.number(4),
    Status: p.select("Healthy"),
    Tags: p.multi(["a", "b"]),
    Seen: p.date("2026-01-01"),
    Ok: p.checkbox(true),
    Link: p.url("https://x.example"),
    Customer: p.relation(["abcd"]),
  };

  test("long text becomes several rich-text elements", () => {
    const req = toRequest(props) as Record<string, { rich_text?: unknown[] }>;
    expect(req.Notes!.rich_text).toHaveLength(3);
  });

  test("a page holding the same values shows no difference", () => {
    const page = {
      Name: { id: "1", type: "title", title: [rt("Acme 😀")] },
      Notes: { id: "2", type: "rich_text", rich_text: [rt("n".repeat(2000)), rt("n".repeat(2000)), rt("n".repeat(500))] },
      Count: { id: "3", type: "number", number: 4 },
      Status: { id: "4", type: "select", select: { id: "s", name: "Healthy", color: "green" } },
      Tags: { id: "5", type: "multi_select", multi_select: [{ id: "x", name: "b", color: "default" }, { id: "y", name: "a", color: "default" }] },
      Seen: { id: "6", type: "date", date: { start: "2026-01-01", end: null, time_zone: null } },
      Ok: { id: "7", type: "checkbox", checkbox: true },
      Link: { id: "8", type: "url", url: "https://x.example" },
      Customer: { id: "9", type: "relation", relation: [{ id: "ab-cd" }], has_more: false },
    } as unknown as PageObjectResponse["properties"];
    const current: PropMap = {};
    for (const [name, v] of Object.entries(props)) current[name] = fromResponse(page[name], v.type)!;
    expect(diffProps(props, current)).toEqual([]);
    current.Count = p.number(5);
    delete current.Tags;
    expect(diffProps(props, current)).toEqual(["Count", "Tags"]);
  });

  test("a property of another type reads as missing", () => {
    expect(fromResponse({ id: "x", type: "number", number: 1 } as never, "rich_text")).toBeNull();
  });
});

describe("content hash", () => {
  test("is sha-256 over JSON [[name, type, value], ...] of the sorted canonical properties (ledgers keep these)", () => {
    const props = { B: p.text("x\r\ny"), A: p.number(-0), C: p.date("2026-01-15T13:41:43Z") };
    const expected = createHash("sha256")
      .update(JSON.stringify([["A", "number", 0], ["B", "rich_text", "x\ny"], ["C", "date", "2026-01-15T13:41:00.000Z"]]))
      .digest("hex")
      .slice(0, 32);
    expect(contentHash(props)).toBe(`c2:${expected}`);
  });

  test("independent of key order; changes with any value", () => {
    const a = contentHash({ A: p.number(1), B: p.text("x") });
    expect(contentHash({ B: p.text("x"), A: p.number(1) })).toBe(a);
    expect(contentHash({ A: p.number(2), B: p.text("x") })).not.toBe(a);
    expect(contentHash({ A: p.number(1), B: p.select("x") })).not.toBe(a);
  });
});
