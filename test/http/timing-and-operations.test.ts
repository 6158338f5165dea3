import { describe, expect, test } from "bun:test";
import { backoffDelay, parseRetryAfter, retryAfterFromMessage } from "../../src/http/retry-timing";
import { classifyGenericRequest, classifyNotionRequest } from "../../src/http/operations";
import { NetworkError } from "../../src/http/errors";
import { isTransportFailure, toNetworkError } from "../../src/http/transport";

const NOW = Date.parse("2026-01-01T00:00:00Z");

describe("how long a 429 asks to wait", () => {
  test.each([
    ["5", 5000],
    ["0", 0],
    [" 2 ", 2000],
    ["1.5", 1500],
    ["Thu, 01 Jan 2026 00:00:07 GMT", 7000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0],
    ["-3", undefined],
    ["soon", undefined],
    ["", undefined],
    [null, undefined],
  ])("%p → %p ms", (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  test.each([
    ["rate limit exceeded, retry after 5.372786998s", 5373],
    ["retry after 2s", 2000],
    ["Too Many Requests", undefined],
    [undefined, undefined],
  ])("UniFi message %p → %p ms", (msg, expected) => {
    expect(retryAfterFromMessage(msg)).toBe(expected);
  });
});

describe("backoffDelay: exponential, capped, equal jitter", () => {
  const s = { baseDelayMs: 100, maxDelayMs: 1000 };
  test.each([
    [1, 0, 50],
    [1, 1, 100],
    [2, 1, 200],
    [3, 0.5, 300],
    [4, 1, 800],
    [5, 1, 1000],
    [9, 0, 500],
  ])("attempt %p with random %p → %p ms", (attempt, r, expected) => {
    expect(backoffDelay(attempt, s, () => r)).toBe(expected);
  });
});

describe("operation names and idempotency", () => {
  const id = "5c6a2821-6bb1-4a7e-b6e1-c50111515c3d";
  const bare = id.replaceAll("-", "");
  test.each([
    ["POST", "/v1/pages", "pages.create", false],
    ["PATCH", `/v1/pages/${id}`, "pages.update", true],
    ["GET", `/v1/pages/${bare}`, "pages.retrieve", true],
    ["GET", `/v1/pages/${id}/properties/title`, "GET /v1/pages/:id/properties/title", true],
    ["GET", `/v1/pages/${id}/properties/${bare}`, "pages.properties.retrieve", true],
    ["POST", "/v1/databases", "databases.create", false],
    ["GET", `/v1/databases/${id}`, "databases.retrieve", true],
    ["POST", `/v1/data_sources/${id}/query`, "dataSources.query", true],
    ["POST", "/v1/search", "search", true],
    ["PATCH", `/v1/blocks/${id}/children`, "blocks.children.append", false],
    ["GET", "/v1/users/me", "users.me", true],
    ["POST", "/v1/something_new", "POST /v1/something_new", false],
  ])("%s %s → %s (idempotent %p)", (method, path, operation, idempotent) => {
    expect(classifyNotionRequest(method, new URL(`https://api.notion.com${path}?filter_properties=x`))).toEqual({
      operation,
      idempotent,
    });
  });

  test.each([
    ["GET", "/v2/device/123/alerts", "GET /v2/device/:id/alerts", true],
    ["post", "/ws/oauth/token", "POST /ws/oauth/token", false],
    ["DELETE", "/v1/things/42", "DELETE /v1/things/:id", true],
  ])("generic %s %s → %s", (method, path, operation, idempotent) => {
    expect(classifyGenericRequest(method, new URL(`https://x.example${path}?key=secret`))).toEqual({ operation, idempotent });
  });
});

describe("transport failures", () => {
  const withCode = (code: string) => Object.assign(new TypeError(`${code}: failed http://h/x?key=secret`), { code, path: "http://h/x?key=secret" });
  test.each([
    ["ECONNREFUSED", true],
    ["ENOTFOUND", true],
    ["ECONNRESET", false],
    ["ETIMEDOUT", false],
  ])("%s: beforeSend %p, and the URL never survives", (code, beforeSend) => {
    const err = toNetworkError(withCode(code), "unifi", "GET /v1/hosts");
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.beforeSend).toBe(beforeSend);
    expect(err.causeCode).toBe(code);
    expect(JSON.stringify(err) + err.message).not.toContain("secret");
  });

  test.each([
    [withCode("ECONNRESET"), true],
    [Object.assign(new TypeError("fetch failed"), { cause: { code: "UND_ERR_SOCKET" } }), true],
    [new TypeError("x is not a function"), false],
    [new Error("boom"), false],
  ])("isTransportFailure %#", (err, expected) => {
    expect(isTransportFailure(err)).toBe(expected);
  });
});
