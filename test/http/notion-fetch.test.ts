import { afterEach, describe, expect, test } from "bun:test";
import { Client, InvalidPathParameterError, RequestTimeoutError } from "@notionhq/client";
import { Hono } from "hono";
import { serveOnLoopback, type RunningServer } from "@oberaconnect/emulators/common/serve";
import { ApiGate } from "../../src/http/gate";
import type { GateEvent } from "../../src/http/gate-types";
import { createGatedFetch } from "../../src/http/gated-fetch";
import { toApiError } from "../../src/http/notion-errors";
import {
  ApiError,
  MalformedResponseError,
  OutcomeUnknownError,
  TimeoutError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
} from "../../src/http/errors";

const TOKEN = "ntn_58213fakeTokenValueAbcdef012345";
const DS = "5c6a2821-6bb1-4a7e-b6e1-c50111515c3d";
const page = { object: "page", id: "0f1e2d3c-4b5a-4968-8776-655443322110", properties: {} };
const notionError = (status: number, code: string, message: string) => ({ object: "error", status, code, message, request_id: "req-1" });
const EDGE_502 = "<html><head><title>502 Bad Gateway</title></head><body><center>cloudflare</center></body></html>";

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A Notion-shaped fake answering from a script: one response per request, the last repeats. */
function fakeNotion(script: Record<string, (() => Response)[]>) {
  const app = new Hono();
  const hits: string[] = [];
  const answer = (key: string) => {
    hits.push(key);
    const list = script[key] ?? [];
    const n = hits.filter((h) => h === key).length;
    const make = list[Math.min(n, list.length) - 1];
    return make ? make() : Response.json(notionError(404, "object_not_found", "not scripted"), { status: 404 });
  };
  app.post("/v1/pages", () => answer("POST /v1/pages"));
  app.post("/v1/data_sources/:id/query", () => answer("POST /v1/data_sources/:id/query"));
  app.get("/v1/databases/:id", () => answer("GET /v1/databases/:id"));
  server = serveOnLoopback(app);
  return { url: server.url, hits };
}

function notionClient(baseUrl: string) {
  const events: GateEvent[] = [];
  const gate = new ApiGate({
    api: "notion",
    ratePerSecond: 50,
    concurrency: 3,
    timeoutMs: 1000,
    retry: { maxAttempts: 3, maxTotalMs: 5000, baseDelayMs: 5, maxDelayMs: 20 },
    onEvent: (e) => events.push(e),
  });
  const client = new Client({
    auth: TOKEN,
    baseUrl,
    fetch: createGatedFetch(gate, { api: "notion" }),
    retry: false,
    timeoutMs: 120_000,
    logger: () => undefined,
  });
  return { client, gate, events };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () => Response.json(body, { status, headers });
const createPage = (client: Client) => client.pages.create({ parent: { data_source_id: DS }, properties: {} });

describe("createGatedFetch with the real @notionhq/client", () => {
  test("pages.create: 429 then 200 → success after one pause of Retry-After", async () => {
    const fake = fakeNotion({
      "POST /v1/pages": [json(notionError(429, "rate_limited", "You have been rate limited."), 429, { "retry-after": "1" }), json(page)],
    });
    const { client, events } = notionClient(fake.url);
    const started = Date.now();
    const res = await createPage(client);
    expect(res.id).toBe(page.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(fake.hits).toEqual(["POST /v1/pages", "POST /v1/pages"]);
    expect(events.filter((e) => e.type === "rate_limited")).toEqual([
      expect.objectContaining({ api: "notion", operation: "pages.create", retryAfterMs: 1000 }),
    ]);
  });

  test("401 → UnauthorizedError with the NOTION_TOKEN hint, and never the token", async () => {
    const fake = fakeNotion({ "POST /v1/pages": [json(notionError(401, "unauthorized", `API token is invalid: ${TOKEN}`), 401)] });
    const { client } = notionClient(fake.url);
    const err = toApiError(await createPage(client).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err.message).toStartWith("notion pages.create: 401 unauthorized — API token is invalid");
    expect(err.message).toContain("Check NOTION_TOKEN (see docs/SECRET_ROTATION.md)");
    expect(`${err.describe()} ${JSON.stringify(err)}`).not.toContain(TOKEN);
    expect(fake.hits).toHaveLength(1);
  });

  test("pages.create answered 500 → OutcomeUnknownError, sent exactly once", async () => {
    const fake = fakeNotion({ "POST /v1/pages": [json(notionError(500, "internal_server_error", "Unexpected error."), 500), json(page)] });
    const { client } = notionClient(fake.url);
    const err = toApiError(await createPage(client).catch((e: unknown) => e), "pages.create");
    expect(err).toBeInstanceOf(OutcomeUnknownError);
    expect(err.cause).toBeInstanceOf(UpstreamError);
    expect(fake.hits).toHaveLength(1);
  });

  test("dataSources.query (a POST that only reads) is retried on 503", async () => {
    const fake = fakeNotion({
      "POST /v1/data_sources/:id/query": [
        json(notionError(503, "service_unavailable", "Unavailable."), 503),
        json({ object: "list", results: [page], next_cursor: null, has_more: false }),
      ],
    });
    const { client } = notionClient(fake.url);
    const res = await client.dataSources.query({ data_source_id: DS });
    expect(res.results).toHaveLength(1);
    expect(fake.hits).toHaveLength(2);
  });

  test("400 validation_error → ValidationError carrying Notion's message, not retried", async () => {
    const msg = "body failed validation: body.properties.Name.title[0].text.content.length should be ≤ `2000`, instead was `2001`.";
    const fake = fakeNotion({ "POST /v1/pages": [json(notionError(400, "validation_error", msg), 400)] });
    const { client } = notionClient(fake.url);
    const err = toApiError(await createPage(client).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).apiMessage).toBe(msg);
    expect(fake.hits).toHaveLength(1);
  });

  test("a persistent HTML 502 from the edge on a read → UpstreamError after the retries", async () => {
    const fake = fakeNotion({ "GET /v1/databases/:id": [() => new Response(EDGE_502, { status: 502, headers: { "content-type": "text/html" } })] });
    const { client } = notionClient(fake.url);
    const err = toApiError(await client.databases.retrieve({ database_id: DS }).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.message).toContain("notion databases.retrieve: 502 — HTML error page from an edge proxy");
    expect(err.attempts).toBe(3);
    expect(fake.hits).toHaveLength(3);
  });

  test("a 200 that is not JSON → MalformedResponseError", async () => {
    const fake = fakeNotion({ "GET /v1/databases/:id": [() => new Response("<html>captive</html>", { headers: { "content-type": "text/html" } })] });
    const { client } = notionClient(fake.url);
    const err = toApiError(await client.databases.retrieve({ database_id: DS }).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect(err.message).toContain("body is not JSON (text/html)");
  });
});

describe("toApiError maps the SDK's own errors", () => {
  test("APIResponseError and UnknownHTTPResponseError from a client used without the gate", async () => {
    const fake = fakeNotion({
      "POST /v1/pages": [json(notionError(401, "unauthorized", "API token is invalid."), 401)],
      "GET /v1/databases/:id": [() => new Response(EDGE_502, { status: 502, headers: { "content-type": "text/html" } })],
    });
    const plain = new Client({ auth: TOKEN, baseUrl: fake.url, retry: false, logger: () => undefined });
    const unauthorized = toApiError(await createPage(plain).catch((e: unknown) => e), "pages.create");
    expect(unauthorized).toBeInstanceOf(UnauthorizedError);
    expect(unauthorized.message).toBe(
      "notion pages.create: 401 unauthorized — API token is invalid. Check NOTION_TOKEN (see docs/SECRET_ROTATION.md)",
    );
    const edge = toApiError(await plain.databases.retrieve({ database_id: DS }).catch((e: unknown) => e), "databases.retrieve");
    expect(edge).toBeInstanceOf(UpstreamError);
    expect((edge as UpstreamError).html).toBe(true);
  });

  test.each([
    ["RequestTimeoutError", new RequestTimeoutError(), TimeoutError],
    ["InvalidPathParameterError", new InvalidPathParameterError(), ValidationError],
    ["SyntaxError", new SyntaxError("Unexpected token <"), MalformedResponseError],
    ["anything else", new Error(`boom Bearer ${TOKEN}`), ApiError],
  ])("%s", (_l, thrown, cls) => {
    const err = toApiError(thrown, "pages.update");
    expect(err.constructor).toBe(cls);
    expect(err.message).toStartWith("notion pages.update:");
    expect(err.message).not.toContain(TOKEN);
  });

  test("an ApiError passes through untouched", () => {
    const original = new UnauthorizedError({ api: "notion", operation: "users.me", status: 401 });
    expect(toApiError(original)).toBe(original);
  });
});
