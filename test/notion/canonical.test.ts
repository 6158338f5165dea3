import { afterEach, describe, expect, test } from "bun:test";
import type { PageObjectResponse } from "@notionhq/client";
import {
  canonicalDate,
  canonicalMulti,
  canonicalNumber,
  canonicalRelation,
  canonicalSelect,
  canonicalText,
  canonicalUrl,
} from "../../src/notion/canonical";
import { diffProps, fromResponse, p, toRequest, type PropMap } from "../../src/notion/props";
import { epochSecondsToDate } from "../../src/sources/ninjaone/time";
import { contentHash } from "../../src/sync/hash";
import { createDeviceSchema, startNotion, type NotionHarness } from "../../packages/emulators/test/notion-harness";

describe("dates: to the minute, in UTC, whatever notation Notion answers in", () => {
  const WANT = "2026-01-15T13:41:00.000Z";
  test.each([
    // [label, input, time_zone, canonical]
    ["what the product writes, ms", "2026-01-15T13:41:43.120Z", null, WANT],
    ["Notion's own answer", "2026-01-15T13:41:00.000+00:00", null, WANT],
    ["+00:00 without .000", "2026-01-15T13:41:00+00:00", null, WANT],
    ["Z with .000", "2026-01-15T13:41:00.000Z", null, WANT],
    ["Z without seconds", "2026-01-15T13:41Z", null, WANT],
    ["microseconds", "2026-01-15T13:41:59.999999Z", null, WANT],
    ["offset +02:00", "2026-01-15T15:41:43+02:00", null, WANT],
    ["offset -05:00 in Notion's form", "2026-01-15T08:41:00.000-05:00", null, WANT],
    ["half-hour offset +05:30", "2026-01-15T19:11:10+05:30", null, WANT],
    ["offset without colon +0545", "2026-01-15T19:26:30+0545", null, WANT],
    ["no offset: UTC", "2026-01-15T13:41:30", null, WANT],
    ["wall time in New York (winter, -05:00)", "2026-01-15T08:41:00", "America/New_York", WANT],
    ["wall time in New York (summer, -04:00)", "2026-07-15T09:41:00", "America/New_York", "2026-07-15T13:41:00.000Z"],
    ["an explicit offset wins over time_zone", "2026-01-15T13:41:00.000+00:00", "America/New_York", WANT],
    ["offset crossing midnight and the year", "2026-01-01T00:30:00+01:00", null, "2025-12-31T23:30:00.000Z"],
    ["just below a minute boundary", "2026-01-15T13:41:59.999Z", null, WANT],
    ["exactly on the boundary", "2026-01-15T13:42:00.000Z", null, "2026-01-15T13:42:00.000Z"],
    ["just above the boundary", "2026-01-15T13:42:00.001Z", null, "2026-01-15T13:42:00.000Z"],
    ["a date alone stays a date", "2026-01-15", null, "2026-01-15"],
    ["a date alone ignores time_zone", "2026-01-15", "Asia/Tokyo", "2026-01-15"],
    ["Feb 30 is not a date", "2026-02-30", null, null],
    ["hour 24 is not a time", "2026-01-15T24:00:00Z", null, null],
    ["free text", "yesterday-ish", null, null],
    ["empty", "", null, null],
  ])("%s: %p", (_label, input, tz, want) => {
    expect(canonicalDate(input, tz)).toBe(want);
  });

  test("Date objects, NinjaOne float epoch seconds and times before 1970 floor, never round up", () => {
    expect(canonicalDate(new Date("2026-01-15T13:41:59.999Z"))).toBe(WANT);
    expect(canonicalDate(epochSecondsToDate(1750647301.412))).toBe("2025-06-23T02:55:00.000Z");
    expect(canonicalDate(new Date(-1))).toBe("1969-12-31T23:59:00.000Z");
    expect(canonicalDate(new Date(Number.NaN))).toBeNull();
    expect(canonicalDate(null)).toBeNull();
    expect(canonicalDate(undefined)).toBeNull();
  });

  test("a change below the minute is no change: same hash, no property difference", () => {
    const a: PropMap = { Seen: p.date(new Date("2026-01-15T13:41:03.500Z")) };
    const b: PropMap = { Seen: p.date("2026-01-15T13:41:58Z") };
    expect(contentHash(a)).toBe(contentHash(b));
    expect(diffProps(a, b)).toEqual([]);
    expect(contentHash({ Seen: p.date("2026-01-15T13:42:00Z") })).not.toBe(contentHash(a));
  });
});

describe("text, selects, numbers, urls, lists", () => {
  const nfd = "Cafe\u0301 Mu\u0308ller"; // "Café Müller" with combining marks
  const nfc = "Caf\u00e9 M\u00fcller";

  test.each([
    ["NFD text is sent and compared as NFC (stated choice)", canonicalText(nfd), nfc],
    ["NFC stays NFC", canonicalText(nfc), nfc],
    ["null text is empty", canonicalText(null), ""],
    ["text is not trimmed (Notion keeps spaces)", canonicalText("  a  "), "  a  "],
    ["CRLF and lone CR become LF", canonicalText("a\r\nb\rc\n"), "a\nb\nc\n"],
    ["control characters are dropped, tabs kept", canonicalText("a\u0000b\u0007\tc"), "ab\tc"],
    ["4,500 characters fit in 3 elements unchanged", canonicalText("n".repeat(4500)).length, 4500],
    ["beyond 100 elements the text ends with …", canonicalText("x".repeat(250_000)).slice(-2), "x…"],
    ["beyond 100 elements: 200,000 characters in all", canonicalText("x".repeat(250_000)).length, 200_000],
    ["select: comma removed", canonicalSelect("a, b"), "a b"],
    ["select: commas and padding", canonicalSelect("  Windows,,Server  "), "Windows Server"],
    ["select: newline and tabs collapse", canonicalSelect("Access\n\tPoint"), "Access Point"],
    ["select: only a comma is no option", canonicalSelect(","), null],
    ["select: empty is null", canonicalSelect("   "), null],
    ["select: cut to 100 characters, then trimmed", canonicalSelect(`${"a".repeat(99)} b`), "a".repeat(99)],
    ["select: NFD accents become NFC", canonicalSelect("Mu\u0308nchen"), "M\u00fcnchen"],
    ["multi: repeats, commas, empty ones and order", canonicalMulti(["UniFi", "Ninja, One", null, "UniFi", ""]), ["Ninja One", "UniFi"]],
    ["number: -0 is 0", Object.is(canonicalNumber(-0), 0), true],
    ["number: NaN is null", canonicalNumber(Number.NaN), null],
    ["number: Infinity is null", canonicalNumber(Number.POSITIVE_INFINITY), null],
    ["number: fractions are kept", canonicalNumber(99.5), 99.5],
    ["url: empty is null", canonicalUrl(""), null],
    ["url: blank is null", canonicalUrl("  "), null],
    ["url: over 2,000 characters is null", canonicalUrl(`https://x.example/${"a".repeat(2000)}`), null],
    ["url: padded is trimmed", canonicalUrl(" https://x.example "), "https://x.example"],
    ["relation: dashes, case, repeats, nulls", canonicalRelation(["AB-CD", null, "abcd", "", "01"]), ["01", "abcd"]],
    ["relation: at most 100 pages", canonicalRelation(Array.from({ length: 150 }, (_, i) => `p${i}`)).length, 100],
  ])("%s", (_label, got, want) => {
    expect(got).toEqual(want as never);
  });

  test("a read-back in NFD equals the NFC we wrote", () => {
    const page = { Name: { id: "t", type: "title", title: [{ plain_text: nfd }] } } as unknown as PageObjectResponse["properties"];
    expect(diffProps({ Name: p.title(nfd) }, { Name: fromResponse(page.Name, "title")! })).toEqual([]);
  });
});

describe("round trip through the Notion emulator: what we write reads back canonical-equal", () => {
  let h: NotionHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  test("every property type, with seconds, offsets, NFD and padded selects", async () => {
    h = startNotion();
    const schema = await createDeviceSchema(h);
    const site = await h.client.pages.create({ parent: { data_source_id: schema.sitesDataSourceId }, properties: { Name: { title: [{ text: { content: "HQ" } }] } } });
    const desired: PropMap = {
      Name: p.title("Re\u0301ception 😀"),
      "Sync Key": p.text("k:1"),
      Ports: p.number(-0),
      Kind: p.select("  Access, Point "),
      Tags: p.multi(["b", "a, c", "b"]),
      Online: p.checkbox(true),
      "Last Seen": p.date("2026-01-15T15:41:43.120+02:00"),
      Website: p.url(" https://x.example "),
      Site: p.relation([site.id.toUpperCase()]),
    };
    const created = (await h.client.pages.create({ parent: { data_source_id: schema.devicesDataSourceId }, properties: toRequest(desired) })) as PageObjectResponse;
    // The emulator answers dates the way Notion does: to the minute, "+00:00".
    expect(created.properties["Last Seen"]).toMatchObject({ date: { start: "2026-01-15T13:41:00.000+00:00" } });
    const read: PropMap = {};
    for (const [name, v] of Object.entries(desired)) read[name] = fromResponse(created.properties[name], v.type)!;
    expect(diffProps(desired, read)).toEqual([]);
    expect(contentHash(read)).toBe(contentHash(desired));
  });

  test("a date written with an offset is kept to the minute in that offset", async () => {
    h = startNotion();
    const schema = await createDeviceSchema(h);
    const page = (await h.client.pages.create({
      parent: { data_source_id: schema.devicesDataSourceId },
      properties: { Name: { title: [{ text: { content: "x" } }] }, "Last Seen": { date: { start: "2026-01-15T08:41:59-05:00" } } },
    })) as PageObjectResponse;
    expect(page.properties["Last Seen"]).toMatchObject({ date: { start: "2026-01-15T08:41:00.000-05:00", end: null, time_zone: null } });
    expect(fromResponse(page.properties["Last Seen"], "date")).toEqual(p.date("2026-01-15T13:41:00Z"));
  });
});
