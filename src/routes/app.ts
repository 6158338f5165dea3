import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { registerAdmin } from "./admin";
import type { AppDeps } from "./app-deps";

export type { AppDeps } from "./app-deps";
import type { App, AppEnv } from "./env";
import { handleError, notFound } from "./errors";
import { registerHealth } from "./health";
import { registerMetrics } from "./metrics";
import { registerReady } from "./ready";
import { tracing } from "./tracing";


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
