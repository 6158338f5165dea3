import { json } from "../helpers/http";
import { describe, expect, test } from "bun:test";
import { createApp, type AppDeps } from "../../src/routes/app";
import { AppError } from "../../src/routes/errors";
import { FakeClock } from "@oberaconnect/common/clock";
import { silentLogger } from "../../src/telemetry/logger";
import type { ComponentCheck } from "../../src/health/checks";

function deps(overrides: Partial<AppDeps> = {}): AppDeps {
  const clock = new FakeClock();
  return {
    version: "9.9.9",
    startedAt: clock.now() - 42_500,
    clock,
    logger: silentLogger,
    readiness: [{ name: "ledger", run: async () => ({ healthy: true, detail: "migrated (1/1)" }) }],
    readyTimeoutMs: 200,
    ...overrides,
  };
}

const uuid = /^[0-9a-f-]{36}$/;

describe("GET /health", () => {
  test("200 with status, version and whole seconds of uptime", async () => {
    const res = await createApp(deps()).request("/health");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok", version: "9.9.9", uptime_s: 42 });
    expect(res.headers.get("x-request-id")).toMatch(uuid);
  });
});

describe("GET /ready", () => {
  test("200 ready when every component is healthy, with latency per component", async () => {
    const res = await createApp(deps()).request("/ready");
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe("ready");
    expect(body.components.ledger).toEqual({ healthy: true, detail: "migrated (1/1)", latency_ms: 0 });
  });

  test.each<[string, ComponentCheck]>([
    ["unhealthy", { name: "notion_api", run: async () => ({ healthy: false, detail: "401 unauthorized" }) }],
    ["throwing", { name: "notion_api", run: async () => { throw new Error("socket closed"); } }],
    ["hanging", { name: "notion_api", run: () => new Promise(() => {}) }],
  ])("503 not_ready when a component is %s", async (_, bad) => {
    const d = deps();
    const res = await createApp({ ...d, readiness: [...d.readiness, bad] }).request("/ready");
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body.status).toBe("not_ready");
    expect(body.components.ledger.healthy).toBe(true);
    expect(body.components.notion_api.healthy).toBe(false);
    expect(body.components.notion_api.detail.length).toBeGreaterThan(0);
  });
});

describe("error body", () => {
  test("404 for an unknown route", async () => {
    const res = await createApp(deps()).request("/nope", { method: "POST" });
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("POST /nope");
    expect(body.error.request_id).toBe(res.headers.get("x-request-id") as string);
  });

  test("a caller's x-request-id is not taken as the request's id (the server makes its own)", async () => {
    const res = await createApp(deps()).request("/nope", { headers: { "x-request-id": "curl-123" } });
    const id = (await json(res)).error.request_id;
    expect(id).toMatch(uuid);
    expect(res.headers.get("x-request-id")).toBe(id);
  });

  test("AppError maps to its status; unknown errors become a generic 500", async () => {
    const app = createApp(deps());
    app.get("/bad", () => {
      throw new AppError("bad_request", "job: expected one of customers, sites");
    });
    app.get("/boom", () => {
      throw new Error("internal detail that must not leak");
    });
    const bad = await app.request("/bad");
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ code: "bad_request", message: "job: expected one of customers, sites" });
    const boom = await app.request("/boom");
    expect(boom.status).toBe(500);
    const body = await json(boom);
    expect(body.error.code).toBe("internal_error");
    expect(JSON.stringify(body)).not.toContain("internal detail");
  });
});
