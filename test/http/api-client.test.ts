import { afterEach, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { z } from "zod";
import { serveOnLoopback, type RunningServer } from "@oberaconnect/emulators/common/serve";
import { ApiClient } from "../../src/http/api-client";
import { ApiGate } from "../../src/http/gate";
import { ForbiddenError, MalformedResponseError, NotFoundError, UnauthorizedError } from "../../src/http/errors";
import ninja401 from "../../packages/common/fixtures/api-samples/ninjaone/error-401.json";
import ninjaScope from "../../packages/common/fixtures/api-samples/ninjaone/token-error-invalid-scope.json";
import unifi404 from "../../packages/common/fixtures/api-samples/unifi/error-404.json";

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const gateFor = (api: "unifi" | "ninjaone") =>
  new ApiGate({
    api,
    ratePerSecond: 200,
    concurrency: 4,
    timeoutMs: 1000,
    retry: { maxAttempts: 3, maxTotalMs: 2000, baseDelayMs: 5, maxDelayMs: 20 },
  });

const Sites = z.object({ data: z.array(z.object({ siteId: z.string(), meta: z.object({ name: z.string() }) })) });

describe("ApiClient", () => {
  test("builds the URL (arrays as repeated keys, nulls skipped) and sends the API's headers", async () => {
    const app = new Hono();
    app.get("/v1/devices", (c) =>
      c.json({
        hostIds: c.req.queries("hostIds"),
        pageSize: c.req.query("pageSize"),
        skipped: c.req.query("nextToken") ?? null,
        key: c.req.header("x-api-key"),
        accept: c.req.header("accept"),
      }),
    );
    server = serveOnLoopback(app);
    const client = new ApiClient({ api: "unifi", baseUrl: `${server.url}/`, gate: gateFor("unifi"), headers: () => ({ "X-API-Key": "uk-1" }) });
    const res = await client.request({
      operation: "GET /v1/devices",
      path: "/v1/devices",
      query: { hostIds: ["h1", "h2"], pageSize: 200, nextToken: null },
      schema: z.object({ hostIds: z.array(z.string()), pageSize: z.string(), skipped: z.null(), key: z.string(), accept: z.string() }),
    });
    expect(res).toEqual({ hostIds: ["h1", "h2"], pageSize: "200", skipped: null, key: "uk-1", accept: "application/json" });
  });

  test("a body that fails the schema is a MalformedResponseError naming the field, never the data", async () => {
    const app = new Hono();
    app.get("/v1/sites", (c) =>
      c.json({ data: [{ siteId: "s1", meta: { name: "Acme" } }, { siteId: "s2", meta: { name: 42, desc: "Top Secret Customer" } }] }),
    );
    server = serveOnLoopback(app);
    const client = new ApiClient({ api: "unifi", baseUrl: server.url, gate: gateFor("unifi"), headers: () => ({}) });
    const err = await client.request({ operation: "GET /v1/sites", path: "/v1/sites", schema: Sites }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as MalformedResponseError).fieldPath).toBe("data[1].meta.name");
    expect((err as Error).message).toStartWith("unifi GET /v1/sites: malformed response —");
    expect((err as Error).message).not.toContain("Top Secret Customer");
  });

  test("an HTML page with status 200 is a MalformedResponseError, not a crash", async () => {
    const app = new Hono();
    app.get("/v1/sites", (c) => c.html("<html><body>Please log in to the Wi-Fi</body></html>"));
    server = serveOnLoopback(app);
    const client = new ApiClient({ api: "unifi", baseUrl: server.url, gate: gateFor("unifi"), headers: () => ({}) });
    const err = await client.request({ operation: "GET /v1/sites", path: "/v1/sites", schema: Sites }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toContain("HTML page instead of JSON (text/html)");
  });

  test("UniFi's NOT_FOUND envelope becomes a NotFoundError with the API's message and trace id", async () => {
    const app = new Hono();
    app.get("/v1/hosts/:id", (c) => c.json(unifi404, 404));
    server = serveOnLoopback(app);
    const client = new ApiClient({ api: "unifi", baseUrl: server.url, gate: gateFor("unifi"), headers: () => ({}) });
    const err = await client.request({ operation: "GET /v1/hosts/:id", path: "/v1/hosts/abc", schema: z.unknown() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("NOT_FOUND");
    expect((err as NotFoundError).requestId).toBe(unifi404.traceId);
    expect((err as Error).message).toContain("unifi GET /v1/hosts/:id: 404 NOT_FOUND — thing not found");
  });

  test("NinjaOne 401: onUnauthorized refreshes the token once, the request is re-sent with it", async () => {
    const app = new Hono();
    const seen: string[] = [];
    app.get("/v2/organizations", (c) => {
      const auth = c.req.header("authorization") ?? "";
      seen.push(auth);
      return auth === "Bearer fresh-token-2222" ? c.json([{ id: 1, name: "Acme" }]) : c.json(ninja401, 401);
    });
    server = serveOnLoopback(app);
    let token = "stale-token-1111";
    let refreshes = 0;
    const client = new ApiClient({
      api: "ninjaone",
      baseUrl: server.url,
      gate: gateFor("ninjaone"),
      headers: () => ({ Authorization: `Bearer ${token}` }),
      onUnauthorized: () => {
        refreshes++;
        token = "fresh-token-2222";
        return true;
      },
    });
    const orgs = await client.request({ operation: "GET /v2/organizations", path: "/v2/organizations", schema: z.array(z.object({ id: z.number(), name: z.string() })) });
    expect(orgs).toEqual([{ id: 1, name: "Acme" }]);
    expect(refreshes).toBe(1);
    expect(seen).toEqual(["Bearer stale-token-1111", "Bearer fresh-token-2222"]);
  });

  test("headers() may fetch a token through the same gate without deadlocking, even at concurrency 1", async () => {
    const app = new Hono();
    app.post("/ws/oauth/token", (c) => c.json({ access_token: "tok-1", token_type: "Bearer", expires_in: 3600, scope: "monitoring" }));
    app.get("/v2/locations", (c) => c.json(c.req.header("authorization") === "Bearer tok-1" ? [] : [{ id: -1 }]));
    server = serveOnLoopback(app);
    const events: string[] = [];
    const gate = new ApiGate({
      api: "ninjaone",
      ratePerSecond: 200,
      concurrency: 1,
      timeoutMs: 500,
      retry: { maxAttempts: 2, maxTotalMs: 1000, baseDelayMs: 5, maxDelayMs: 5 },
      onEvent: (e) => events.push(e.type),
    });
    // The token endpoint takes no bearer token: its own client, but the same gate (same API).
    const tokenClient = new ApiClient({ api: "ninjaone", baseUrl: server.url, gate, headers: () => ({}) });
    let cached: string | undefined;
    const client = new ApiClient({
      api: "ninjaone",
      baseUrl: server.url,
      gate,
      headers: async () => {
        cached ??= (
          await tokenClient.request({
            operation: "POST /ws/oauth/token",
            method: "POST",
            path: "/ws/oauth/token",
            form: { grant_type: "client_credentials" },
            schema: z.object({ access_token: z.string() }),
            // The token request does not create anything: a re-send is harmless.
            idempotent: true,
          })
        ).access_token;
        return { Authorization: `Bearer ${cached}` };
      },
    });
    const empty = client.request({ operation: "GET /v2/locations", path: "/v2/locations", schema: z.array(z.unknown()) });
    expect(await empty).toEqual([]);
    // A slot held while waiting for another slot would only come free by timing out.
    expect(events.filter((e) => e !== "attempt" && e !== "call")).toEqual([]);
  });

  test("a 401 that survives the refresh is an UnauthorizedError with the NinjaOne hint and no token in it", async () => {
    const app = new Hono();
    let calls = 0;
    app.get("/v2/devices", (c) => {
      calls++;
      return c.json({ ...ninja401, error_description: `Invalid credentials for ${c.req.header("authorization")}` }, 401);
    });
    server = serveOnLoopback(app);
    const client = new ApiClient({
      api: "ninjaone",
      baseUrl: server.url,
      gate: gateFor("ninjaone"),
      headers: () => ({ Authorization: "Bearer tok-abcdef-998877" }),
      onUnauthorized: () => true,
    });
    const err = await client.request({ operation: "GET /v2/devices", path: "/v2/devices", schema: z.unknown() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(calls).toBe(2);
    const text = `${(err as UnauthorizedError).describe()} ${JSON.stringify(err)}`;
    expect(text).toContain("Check NINJAONE_CLIENT_ID / NINJAONE_CLIENT_SECRET (see docs/SECRET_ROTATION.md)");
    expect(text).not.toContain("tok-abcdef-998877");
  });

  test("form posts (OAuth token request) are url-encoded; an invalid_scope refusal never echoes the secret", async () => {
    const app = new Hono();
    let received: Record<string, string | File> = {};
    app.post("/ws/oauth/token", async (c) => {
      received = await c.req.parseBody();
      return c.json({ ...ninjaScope, error_description: `Invalid scope for client_secret=${String(received.client_secret)}` }, 400);
    });
    server = serveOnLoopback(app);
    const client = new ApiClient({ api: "ninjaone", baseUrl: server.url, gate: gateFor("ninjaone"), headers: () => ({}) });
    const err = await client
      .request({
        operation: "POST /ws/oauth/token",
        method: "POST",
        path: "/ws/oauth/token",
        form: { grant_type: "client_credentials", client_id: "cid", client_secret: "very-secret-value", scope: "monitoring" },
        schema: z.unknown(),
      })
      .catch((e: unknown) => e);
    expect(received).toMatchObject({ grant_type: "client_credentials", client_secret: "very-secret-value", scope: "monitoring" });
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(JSON.stringify(err) + (err as Error).message).not.toContain("very-secret-value");
  });
});
