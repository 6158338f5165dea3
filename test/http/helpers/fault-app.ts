import { Hono } from "hono";
import { systemClock } from "@oberaconnect/common/clock";
import { FaultState, FaultsSchema, faultMiddleware, type ErrorDialect } from "@oberaconnect/emulators/common/faults";
import { StatsRecorder } from "@oberaconnect/emulators/common/stats";
import { registerControl } from "@oberaconnect/emulators/common/control";
import type { RateLimitSettings } from "@oberaconnect/emulators/common/token-bucket";

const traceId = "a7dc15e0eb4527142d7823515b15f87d";

/** Errors in the UniFi Site Manager envelope (api-samples/unifi/error-*.json). */
export const unifiDialect: ErrorDialect = {
  serverError: (c, status) =>
    c.json({ code: "server_error", httpStatusCode: status, message: "failed to list hosts", traceId }, status),
  rateLimited: (c, s) =>
    c.json(
      { code: "rate_limit", httpStatusCode: 429, message: `rate limit exceeded, retry after ${s}s`, traceId },
      429,
      { "Retry-After": String(s) },
    ),
  isWrite: (method) => method !== "GET",
};

/**
 * A small UniFi-shaped API behind the shared fault layer: GET/POST /v1/items. Tests add their own
 * routes under /v1/ before serving, and they get the same rate limit, faults and stats.
 */
export function faultApp(rateLimit: RateLimitSettings = { per_second: 10_000, burst: 10_000 }) {
  const app = new Hono();
  const state = new FaultState(rateLimit, systemClock);
  const stats = new StatsRecorder(systemClock);
  const items: string[] = [];
  registerControl(app, state, stats, { dump: () => ({ items }), reset: () => void items.splice(0) });
  app.use("/v1/*", faultMiddleware(state, stats, unifiDialect));
  app.get("/v1/items", (c) => c.json({ data: items, httpStatusCode: 200, traceId }));
  app.post("/v1/items", async (c) => {
    const body = (await c.req.json()) as { name: string };
    items.push(body.name);
    return c.json({ data: { name: body.name }, httpStatusCode: 200, traceId });
  });
  return {
    app,
    state,
    stats,
    items,
    setFaults: (f: Record<string, unknown>) => state.set(FaultsSchema.parse(f)),
  };
}
