import { describe, expect, test } from "bun:test";
import { MalformedResponseError } from "../../src/http";
import { afterPages, lastId } from "../../src/sources/ninjaone/paging";
import { parseEach, readId } from "../../src/sources/quarantine";
import { cursorPages, hasNextPage, type CursorPage } from "../../src/sources/unifi/paginate";
import { UnifiSiteSchema } from "@oberaconnect/common/wire/unifi";
import { z } from "zod";

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

describe("UniFi cursor pagination", () => {
  test.each([
    ["missing", undefined, false],
    ["empty string", "", false],
    ["null", null, false],
    ["a token", "abc", true],
  ])("nextToken %s → more: %p", (_label, token, more) => {
    expect(hasNextPage(token as string | null | undefined)).toBe(more);
  });

  test.each([
    ["key missing", (p: CursorPage) => p],
    ["empty string", (p: CursorPage) => ({ ...p, nextToken: "" })],
    ["null", (p: CursorPage) => ({ ...p, nextToken: null })],
  ])("follows tokens and stops when the end is marked as %s", async (_label, end) => {
    const sent: (string | undefined)[] = [];
    const pages = await collect(
      cursorPages(async (token) => {
        sent.push(token);
        if (token === undefined) return { data: [1, 2], nextToken: "t1" };
        if (token === "t1") return { data: [], nextToken: "t2" }; // an empty page with a token is not the end
        return end({ data: [3] });
      }, { operation: "GET /v1/sites" }),
    );
    expect(pages).toEqual([[1, 2], [], [3]]);
    expect(sent).toEqual([undefined, "t1", "t2"]);
  });

  test("a server that repeats a token is an error of the call, not an endless loop", async () => {
    let calls = 0;
    const run = collect(
      cursorPages(async () => {
        calls++;
        return { data: [calls], nextToken: calls === 1 ? "a" : calls === 2 ? "b" : "a" };
      }, { operation: "GET /v1/devices" }),
    );
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain("unifi GET /v1/devices: malformed response — page 3 repeated a nextToken");
    expect(calls).toBe(3);
  });

  test("a list that never ends is cut at maxPages", async () => {
    let n = 0;
    const err = await collect(cursorPages(async () => ({ data: [], nextToken: `t${n++}` }), { operation: "GET /v1/hosts", maxPages: 5 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(n).toBe(5);
  });
});

describe("NinjaOne after-paging", () => {
  const ids = (...n: number[]) => n.map((id) => ({ id }));

  test("after = last id of the previous page; stops on a short page", async () => {
    const afters: (number | undefined)[] = [];
    const pages = await collect(
      afterPages(async (after) => {
        afters.push(after);
        return after === undefined ? ids(1, 2, 3) : after === 3 ? ids(7, 9, 11) : ids(12);
      }, { operation: "GET /v2/devices-detailed", pageSize: 3 }),
    );
    expect(pages.flat()).toEqual(ids(1, 2, 3, 7, 9, 11, 12));
    expect(afters).toEqual([undefined, 3, 11]);
  });

  test("stops on an empty page after a full one", async () => {
    const pages = await collect(afterPages(async (after) => (after === undefined ? ids(1, 2) : []), { operation: "op", pageSize: 2 }));
    expect(pages).toEqual([ids(1, 2), []]);
  });

  test("a malformed last record still moves the cursor (largest readable id)", async () => {
    const afters: (number | undefined)[] = [];
    await collect(
      afterPages(async (after) => {
        afters.push(after);
        return after === undefined ? [{ id: 4 }, { id: 5, broken: true }, null] : [];
      }, { operation: "op", pageSize: 3 }),
    );
    expect(afters).toEqual([undefined, 5]);
  });

  test.each([
    ["a server ignoring `after`", async () => ids(1, 2), "did not move past after=2"],
    ["a full page without a readable id", async () => [null, {}], "has no readable id"],
  ])("%s is an error, never an endless loop", async (_label, page, message) => {
    const err = await collect(afterPages(page, { operation: "GET /v2/organizations", pageSize: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain(message);
  });

  test.each([
    [[{ id: 3 }, { id: "7" }, { id: 5 }], 7],
    [[{ id: -1 }, { id: 2.5 }], undefined],
    [[], undefined],
  ])("lastId %#", (page, expected) => {
    expect(lastId(page)).toBe(expected);
  });
});

describe("record-by-record parsing", () => {
  const kind = { source: "unifi" as const, entity: "site", idOf: (r: unknown) => readId(r, "siteId"), keyOf: (id: string) => `unifi:site:${id}` };
  const good = { siteId: "s1", hostId: "h1", meta: { name: "default" } };

  test.each([
    ["null record", null, "#5", null, "(record)", "expected object, received null"],
    ["wrong type", { ...good, meta: { name: 42 } }, "s1", "unifi:site:s1", "meta.name", "expected string, received number"],
    ["missing id", { hostId: "h1", meta: { name: "x" } }, "#5", null, "siteId", "expected string, received undefined"],
    ["an array instead of an object", [good], "#5", null, "(record)", "expected object, received array"],
  ])("%s → quarantined with id, path and reason", (_label, raw, recordId, key, path, reason) => {
    const out = parseEach([good, raw], UnifiSiteSchema, kind, 4);
    expect(out.items).toHaveLength(1);
    expect(out.quarantine).toEqual([{ source: "unifi", entity: "site", recordId, key, path, reason: expect.stringContaining(reason) }]);
  });

  test("the reason names the field, never the value", () => {
    const secret = "customer-private-value-123";
    const out = parseEach([{ ...good, meta: { name: { secret } } }], UnifiSiteSchema, kind);
    expect(JSON.stringify(out.quarantine)).not.toContain(secret);
  });

  test("several issues are counted", () => {
    const out = parseEach([{ siteId: 1, hostId: 2, meta: {} }], z.object({ siteId: z.string(), hostId: z.string(), meta: z.object({ name: z.string() }) }), kind);
    expect(out.quarantine[0]?.reason).toMatch(/\(\+2 more\)$/);
    expect(out.quarantine[0]?.recordId).toBe("1");
  });
});
