import { afterEach, describe, expect, test } from "bun:test";
import { APIResponseError, Client, UnknownHTTPResponseError } from "@notionhq/client";
import { NOTION_EMULATOR_TOKEN, type NotionDump } from "../src/notion";
import type { EmulatorStats } from "../src/common/stats";
import { apiError, control, createDeviceSchema, startNotion, text, type NotionHarness } from "./notion-harness";

let h: NotionHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const MISSING = "00000000-0000-4000-8000-000000000000";

/** A raw request with the headers the client sends, for cases the client cannot produce. */
function raw(harness: NotionHarness, path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return fetch(`${harness.server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${NOTION_EMULATOR_TOKEN}`, "Notion-Version": "2025-09-03", "content-type": "application/json", ...init.headers },
  });
}

describe("errors as the client sees them", () => {
  test("a wrong token is 401 unauthorized with Notion's message and a request id", async () => {
    h = startNotion();
    const bad = new Client({ auth: "secret_wrong", baseUrl: h.server.url, retry: false, logger: () => {} });
    const err = await apiError(bad.users.me({}), "unauthorized");
    expect(err.status).toBe(401);
    expect(err.message).toBe("API token is invalid.");
    expect(err.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((err.headers as Headers).get("x-notion-request-id")).toBe(err.request_id as string);
  });

  test.each([
    ["page", (c: Client) => c.pages.retrieve({ page_id: MISSING })],
    ["database", (c: Client) => c.databases.retrieve({ database_id: MISSING })],
    ["data_source", (c: Client) => c.dataSources.query({ data_source_id: MISSING })],
  ])("an unknown %s id is 404 object_not_found in Notion's words", async (kind, call) => {
    h = startNotion();
    const err = await apiError(call(h.client), "object_not_found");
    expect(err.status).toBe(404);
    expect(err.message).toBe(`Could not find ${kind} with ID: ${MISSING}. Make sure the relevant pages and databases are shared with your integration.`);
  });

  test("a database id where a data source id belongs is 404 data_source (the classic migration slip)", async () => {
    h = startNotion();
    const { devicesDatabaseId } = await createDeviceSchema(h);
    const err = await apiError(h.client.dataSources.query({ data_source_id: devicesDatabaseId }), "object_not_found");
    expect(err.message).toContain("Could not find data_source with ID");
  });

  test("missing Notion-Version is 400 missing_version, which the client maps to UnknownHTTPResponseError", async () => {
    h = startNotion();
    const res = await fetch(`${h.server.url}/v1/users/me`, { headers: { authorization: `Bearer ${NOTION_EMULATOR_TOKEN}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ object: "error", status: 400, code: "missing_version" });
    const noVersion: typeof fetch = ((url: string, init: RequestInit) => {
      const headers = { ...(init.headers as Record<string, string>) };
      delete headers["Notion-Version"];
      return fetch(url, { ...init, headers });
    }) as typeof fetch;
    const client = new Client({ auth: NOTION_EMULATOR_TOKEN, baseUrl: h.server.url, retry: false, fetch: noVersion, logger: () => {} });
    const err = await client.users.me({}).catch((e: unknown) => e);
    expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(err)).toBe(true);
  });

  test.each([
    ["malformed JSON", "/v1/pages", { method: "POST", body: "{nope" }, 400, "invalid_json"],
    ["an unknown path", "/v1/blocks/abc/nothing", { method: "GET" }, 400, "invalid_request_url"],
    ["an unsupported method", "/v1/pages", { method: "DELETE" }, 400, "invalid_request_url"],
    ["a non-UUID path id", "/v1/pages/not-an-id", { method: "GET" }, 400, "validation_error"],
    ["an unknown body key", "/v1/search", { method: "POST", body: JSON.stringify({ nope: 1 }) }, 400, "validation_error"],
    ["a body over 500 KB", "/v1/search", { method: "POST", body: JSON.stringify({ query: "x".repeat(500_001) }) }, 400, "validation_error"],
  ])("%s is answered in Notion's error envelope", async (_label, path, init, status, code) => {
    h = startNotion();
    const res = await raw(h, path, init);
    expect(res.status).toBe(status);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ object: "error", status, code });
    expect(body.request_id).toBe(res.headers.get("x-notion-request-id") as string);
  });

  test("429 rate_limited carries an integer Retry-After header and Notion's message", async () => {
    h = startNotion({ rateLimit: { per_second: 3, burst: 1 } });
    await h.client.users.me({});
    const err = await apiError(h.client.users.me({}), "rate_limited");
    expect(err.status).toBe(429);
    expect(err.message).toBe("You have been rate limited. Please try again in a few minutes.");
    const retryAfter = (err.headers as Headers).get("retry-after");
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
  });

  test("30 concurrent requests at 3/s with a small burst: 429s with Retry-After, counted in stats", async () => {
    h = startNotion({ rateLimit: { per_second: 3, burst: 5 } });
    const client = h.client;
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, () =>
        client.users.me({}).then(
          () => "ok",
          (e: { code?: string; headers?: Headers }) => (e.code === "rate_limited" && /^\d+$/.test(e.headers?.get("retry-after") ?? "") ? "429" : "other"),
        ),
      ),
    );
    const limited = outcomes.filter((o) => o === "429").length;
    expect(outcomes.filter((o) => o === "other")).toEqual([]);
    expect(limited).toBeGreaterThanOrEqual(20);
    const stats = await control<EmulatorStats>(h, "stats");
    expect(stats.rate_limited).toBe(limited);
    expect(stats.max_requests_in_1s).toBe(30);
    expect(stats.requests["GET /v1/users/me 429"]).toBe(limited);
  });

  test("the fault API's rate_limit replaces the limit at run time", async () => {
    h = startNotion();
    await control(h, "faults", { rate_limit: { per_second: 1, burst: 1 } });
    await h.client.users.me({});
    await apiError(h.client.users.me({}), "rate_limited");
  });

  test("commit-then-drop on POST /v1/pages: the client throws, the page exists in the dump", async () => {
    h = startNotion();
    const { devicesDataSourceId: ds } = await createDeviceSchema(h);
    await control(h, "faults", { commit_then_drop_rate: 1, match: { methods: ["POST"], routes: ["/v1/pages"] } });
    const err = await h.client.pages
      .create({ parent: { data_source_id: ds }, properties: { Name: { title: text("ghost") } } })
      .then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const dump = await control<NotionDump>(h, "dump");
    const ghosts = dump.pages.filter((p) => p.properties.Name?.type === "title" && p.properties.Name.title[0]?.plain_text === "ghost");
    expect(ghosts).toHaveLength(1);
    // Reads on the same route pattern set are untouched: the query still answers.
    expect((await h.client.dataSources.query({ data_source_id: ds })).results).toHaveLength(1);
  });

  test("error_rate gives Notion-shaped 5xx that the client recognises", async () => {
    h = startNotion();
    await control(h, "faults", { error_rate: 1 });
    const err = await h.client.users.me({}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(APIResponseError.isAPIResponseError(err)).toBe(true);
    const apiErr = err as APIResponseError;
    expect(["internal_server_error", "service_unavailable"]).toContain(apiErr.code as string);
    expect([500, 503]).toContain(apiErr.status);
  });

  test("reset keeps the bot user and root page, drops everything else", async () => {
    h = startNotion();
    const before = await control<NotionDump>(h, "dump");
    await createDeviceSchema(h);
    await control(h, "reset", {});
    const after = await control<NotionDump>(h, "dump");
    expect(after.databases).toEqual([]);
    expect(after.bot_user.id).toBe(before.bot_user.id);
    expect(after.root_page_id).toBe(before.root_page_id);
    expect(after.pages.map((p) => p.id)).toEqual([before.root_page_id]);
  });
});
