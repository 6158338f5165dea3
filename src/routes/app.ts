import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { ComponentCheck } from "../health/checks";
import type { Clock } from "../lib/clock";
import type { Logger } from "../telemetry/logger";
import { registerAdmin } from "./admin";
import type { AdminDeps } from "./admin/deps";
import type { App, AppEnv } from "./env";
import { handleError, notFound } from "./errors";
import { registerHealth } from "./health";
import { registerMetrics, type MetricsRouteDeps } from "./metrics";
import { registerReady } from "./ready";
import { tracing } from "./tracing";
import type { Telemetry } from "../telemetry/otel";

/** Everything the HTTP shell needs, built once at boot and injected (tests pass their own). */
export interface AppDeps {
  version: string;
  startedAt: number;
  clock: Clock;
  logger: Logger;
  /** Components /ready reports on, each answering from cached state. */
  readiness: ComponentCheck[];
  readyTimeoutMs: number;
  /** The admin API; absent in tests of the probes alone. */
  admin?: AdminDeps;
  /** Inbound spans and the request histogram, and GET /metrics. */
  telemetry?: Telemetry;
  metrics?: Omit<MetricsRouteDeps, "telemetry">;
}

/** The HTTP app without a server: `serve` binds it, tests call `app.request()`. */
export function createApp(deps: AppDeps): App {
  const app: App = new Hono<AppEnv>();
  // Accept a caller's id (up to 255 safe chars) so a curl and a log line can be matched.
  app.use("*", requestId({ headerName: "x-request-id" }));
  if (deps.telemetry) app.use("*", tracing(deps.telemetry.tracer, deps.telemetry.metrics));
  registerHealth(app, deps);
  registerReady(app, deps);
  if (deps.telemetry && deps.metrics) registerMetrics(app, { telemetry: deps.telemetry, ...deps.metrics });
  if (deps.admin) registerAdmin(app, deps.admin);
  app.notFound(notFound(() => app.routes));
  app.onError(handleError(deps.logger));
  return app;
}
