import { describe, expect, test } from "bun:test";
import { z } from "zod";
import {
  ApiError,
  CircuitOpenError,
  ConflictError,
  ForbiddenError,
  MalformedResponseError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  RateLimitedError,
  TimeoutError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
  type ApiName,
} from "../../src/http/errors";
import { errorFromResponse, malformedFromZod } from "../../src/http/response-errors";
import unifi400 from "../../packages/common/fixtures/api-samples/unifi/error-400.json";
import unifi401 from "../../packages/common/fixtures/api-samples/unifi/error-401.json";
import unifi403 from "../../packages/common/fixtures/api-samples/unifi/error-403.json";
import unifi404 from "../../packages/common/fixtures/api-samples/unifi/error-404.json";
import unifi429 from "../../packages/common/fixtures/api-samples/unifi/error-429.json";
import unifi500 from "../../packages/common/fixtures/api-samples/unifi/error-500.json";
import unifi502 from "../../packages/common/fixtures/api-samples/unifi/error-502.json";
import ninja401 from "../../packages/common/fixtures/api-samples/ninjaone/error-401.json";
import ninja401Scope from "../../packages/common/fixtures/api-samples/ninjaone/error-401-insufficient-privileges.json";
import ninja403 from "../../packages/common/fixtures/api-samples/ninjaone/error-403.json";
import ninja404 from "../../packages/common/fixtures/api-samples/ninjaone/error-404.json";
import ninja429 from "../../packages/common/fixtures/api-samples/ninjaone/error-429.json";
import ninja500 from "../../packages/common/fixtures/api-samples/ninjaone/error-500.json";
import ninjaScope from "../../packages/common/fixtures/api-samples/ninjaone/token-error-invalid-scope.json";

const EDGE_502 = "<html><head><title>502 Bad Gateway</title></head><body><center>cloudflare</center></body></html>";
const notionBody = (status: number, code: string, message: string) =>
  JSON.stringify({ object: "error", status, code, message, request_id: "8f1c2b7e-0000-4000-8000-000000000001" });

type Row = [string, ApiName, number, string, Record<string, string>, new (...a: never[]) => ApiError, boolean, string];

// [label, api, status, body, headers, class, retryable, text the message must contain]
const rows: Row[] = [
  ["notion 401", "notion", 401, notionBody(401, "unauthorized", "API token is invalid."), {}, UnauthorizedError, false, "NOTION_TOKEN"],
  ["notion 403", "notion", 403, notionBody(403, "restricted_resource", "Insufficient permissions."), {}, ForbiddenError, false, "Connections"],
  ["notion 404", "notion", 404, notionBody(404, "object_not_found", "Could not find data_source with ID: x."), {}, NotFoundError, false, "Could not find data_source"],
  ["notion 400", "notion", 400, notionBody(400, "validation_error", "body failed validation: body.properties.Name.title[0].text.content.length should be ≤ `2000`, instead was `2001`."), {}, ValidationError, false, "body failed validation"],
  ["notion 409", "notion", 409, notionBody(409, "conflict_error", "Conflict occurred while saving. Please try again."), {}, ConflictError, true, "concurrent edit"],
  ["notion 429", "notion", 429, notionBody(429, "rate_limited", "You have been rate limited."), { "retry-after": "2" }, RateLimitedError, true, "pause for 2 s"],
  ["notion 529", "notion", 529, notionBody(529, "service_overload", "Overloaded."), {}, RateLimitedError, true, "service_overload"],
  ["notion 503", "notion", 503, notionBody(503, "service_unavailable", "Notion is unavailable."), {}, UpstreamError, true, "Notion is unavailable"],
  ["notion HTML 502", "notion", 502, EDGE_502, { "content-type": "text/html" }, UpstreamError, true, "HTML error page from an edge proxy"],
  ["unifi 400", "unifi", 400, JSON.stringify(unifi400), {}, ValidationError, false, "invalid time format"],
  ["unifi 401", "unifi", 401, JSON.stringify(unifi401), {}, UnauthorizedError, false, "UNIFI_API_KEY"],
  ["unifi 403 FORBIDDEN", "unifi", 403, JSON.stringify(unifi403), {}, ForbiddenError, false, "FORBIDDEN"],
  ["unifi 404 NOT_FOUND", "unifi", 404, JSON.stringify(unifi404), {}, NotFoundError, false, "thing not found"],
  ["unifi 429", "unifi", 429, JSON.stringify(unifi429), { "Retry-After": "6" }, RateLimitedError, true, "unifi.rate_limit_per_second"],
  ["unifi 500", "unifi", 500, JSON.stringify(unifi500), {}, UpstreamError, true, "failed to list hosts"],
  ["unifi JSON 502", "unifi", 502, JSON.stringify(unifi502), {}, UpstreamError, true, "bad gateway"],
  ["ninjaone 401", "ninjaone", 401, JSON.stringify(ninja401), {}, UnauthorizedError, false, "NINJAONE_CLIENT_ID / NINJAONE_CLIENT_SECRET"],
  ["ninjaone 401 scope", "ninjaone", 401, JSON.stringify(ninja401Scope), {}, ForbiddenError, false, "scope"],
  ["ninjaone 400 invalid_scope", "ninjaone", 400, JSON.stringify(ninjaScope), {}, ForbiddenError, false, "Invalid scope"],
  ["ninjaone 403", "ninjaone", 403, JSON.stringify(ninja403), {}, ForbiddenError, false, "Access denied"],
  ["ninjaone 404", "ninjaone", 404, JSON.stringify(ninja404), {}, NotFoundError, false, "HTTP 404 Not Found"],
  ["ninjaone 429", "ninjaone", 429, JSON.stringify(ninja429), {}, RateLimitedError, true, "with backoff"],
  ["ninjaone 500", "ninjaone", 500, JSON.stringify(ninja500), {}, UpstreamError, true, "NullPointerException"],
  ["ninjaone errorMessage object", "ninjaone", 400, JSON.stringify({ resultCode: "FAILURE", errorMessage: { code: "invalid_filter", params: {} } }), {}, ValidationError, false, "invalid_filter"],
  ["unknown 418", "unifi", 418, "", {}, ApiError, false, "unexpected HTTP status 418"],
];

describe("errorFromResponse maps status and body to the error class", () => {
  test.each(rows)("%s", (_label, api, status, body, headers, cls, retryable, contains) => {
    const err = errorFromResponse({ api, operation: "op.call", status, headers: new Headers(headers), bodyText: body });
    expect(err).toBeInstanceOf(cls);
    expect(err.constructor).toBe(cls);
    expect(err.retryable).toBe(retryable);
    expect(err.status).toBe(status);
    expect(err.message.startsWith(`${api} op.call: ${status}`)).toBe(true);
    expect(err.message).toContain(contains);
    expect(err.message).toContain(err.hint);
  });

  test("the Notion 401 message reads exactly as the runbook quotes it", () => {
    const err = errorFromResponse({
      api: "notion",
      operation: "pages.create",
      status: 401,
      headers: new Headers(),
      bodyText: notionBody(401, "unauthorized", "API token is invalid."),
    });
    expect(err.message).toBe(
      "notion pages.create: 401 unauthorized — API token is invalid. Check NOTION_TOKEN (see docs/SECRET_ROTATION.md)",
    );
    expect(err.requestId).toBe("8f1c2b7e-0000-4000-8000-000000000001");
  });

  test.each([
    ["header seconds", { "retry-after": "3" }, "", 3000],
    ["header HTTP date", { "retry-after": new Date(Date.now() + 4000).toUTCString() }, "", 4000],
    ["UniFi body when the header is missing", {}, JSON.stringify(unifi429), 5373],
    ["nothing", {}, JSON.stringify(ninja429), undefined],
  ])("429 retryAfterMs from %s", (_l, headers, body, expected) => {
    const err = errorFromResponse({ api: "unifi", operation: "GET /v1/sites", status: 429, headers: new Headers(headers), bodyText: body });
    expect(err).toBeInstanceOf(RateLimitedError);
    const ms = (err as RateLimitedError).retryAfterMs;
    if (expected === undefined) expect(ms).toBeUndefined();
    else expect(Math.abs((ms ?? -1) - expected)).toBeLessThanOrEqual(1000);
  });
});

describe("secrets never reach a message, a description or the JSON", () => {
  const token = "ntn_4417a7Bq9XyZw0s2LkP3r8TtYh6Vb1Nc";
  const cases: [string, string, string[]][] = [
    ["server echoes the bearer header", JSON.stringify({ code: "unauthorized", message: `bad header Bearer ${token}` }), []],
    ["server echoes a known API key", JSON.stringify({ code: "unauthorized", message: "key k3y-Zx81-aa09-Q7 rejected" }), ["k3y-Zx81-aa09-Q7"]],
    ["server echoes a query string", JSON.stringify({ error: "bad", error_description: "GET /x?api_key=s3cr3tvalue&x=1" }), []],
    ["server echoes a JWT", JSON.stringify({ error: "not_authenticated", error_description: "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl expired" }), []],
  ];
  test.each(cases)("%s", (_l, body, secrets) => {
    const err = errorFromResponse({ api: "unifi", operation: "GET /v1/hosts", status: 401, headers: new Headers(), bodyText: body, secrets });
    const all = [err.message, err.describe(), JSON.stringify(err)].join("\n");
    for (const s of [token, "k3y-Zx81-aa09-Q7", "s3cr3tvalue", "eyJhbGciOiJIUzI1NiJ9"]) expect(all).not.toContain(s);
    expect(all).toContain("[redacted]");
  });
});

describe("errors without an HTTP status", () => {
  test.each([
    [new TimeoutError({ api: "notion", operation: "pages.update", timeoutMs: 10000 }), "notion pages.update: timed out after 10000 ms —", true],
    [new NetworkError({ api: "unifi", operation: "GET /v1/sites", beforeSend: true, causeCode: "ECONNREFUSED" }), "unifi GET /v1/sites: network error ECONNREFUSED — could not connect", true],
    [new CircuitOpenError({ api: "ninjaone", operation: "GET /v2/devices", retryInMs: 42_000, consecutiveFailures: 5 }), "ninjaone GET /v2/devices: circuit open — 5 calls in a row failed, so no request was sent; retry in 42 s", true],
    [new MalformedResponseError({ api: "unifi", operation: "GET /v1/sites", problem: "expected string", fieldPath: "data[3].siteId" }), "unifi GET /v1/sites: malformed response — expected string at data[3].siteId", false],
  ])("%#: message starts with the API, the call and what happened", (err, prefix, retryable) => {
    expect(err.message.startsWith(prefix)).toBe(true);
    expect(err.retryable).toBe(retryable);
    expect(err.toJSON()).toMatchObject({ name: err.name, api: err.api, operation: err.operation, retryable });
  });

  test("an untrusted TLS certificate points at NODE_EXTRA_CA_CERTS, not at DNS", () => {
    const err = new NetworkError({ api: "notion", operation: "users.me", beforeSend: true, causeCode: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
    expect(err.message).toContain("NODE_EXTRA_CA_CERTS");
    expect(err.message).not.toContain("Check DNS");
  });

  test("outcome unknown names its cause and tells the caller to look the record up", () => {
    const cause = new UpstreamError({ api: "notion", operation: "pages.create", status: 503, code: "service_unavailable", detail: "down" });
    const err = new OutcomeUnknownError({ api: "notion", operation: "pages.create", cause });
    expect(err.message).toContain("notion pages.create: outcome unknown — the write may have been applied (503 service_unavailable)");
    expect(err.message).toContain("Look the record up before sending it again");
    expect(err.cause).toBe(cause);
    expect(err.retryable).toBe(false);
    expect(err.toJSON().cause).toMatchObject({ name: "UpstreamError", status: 503 });
    expect(err.describe()).toContain("cause: notion pages.create: 503");
  });

  test("a schema failure names the field path, never the value", () => {
    const schema = z.object({ data: z.array(z.object({ siteId: z.string(), name: z.string() })) });
    const parsed = schema.safeParse({ data: [{ siteId: "a", name: "Acme" }, { siteId: 17, name: "Top Secret Customer" }] });
    if (parsed.success) throw new Error("expected a failure");
    const err = malformedFromZod("unifi", "GET /v1/sites", parsed.error);
    expect(err.fieldPath).toBe("data[1].siteId");
    expect(err.message).toContain("at data[1].siteId");
    expect(err.message).not.toContain("Top Secret Customer");
    expect(err.message).not.toContain("17");
  });
});
