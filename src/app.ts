import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { Clock } from "./lib/clock";
import type { ComponentCheck } from "./health/checks";
import type { Logger } from "./telemetry/logger";
import { handleError, notFound } from "./routes/errors";
import { registerHealth } from "./routes/health";
import { registerReady } from "./routes/ready";

/** Everything the HTTP shell needs, built once at boot and injected (tests pass their own). */
export interface AppDeps {
  version: string;
  startedAt: number;
  clock: Clock;
  logger: Logger;
  /** Components /ready reports on: ledger, config, later the APIs. */
  readiness: ComponentCheck[];
  readyTimeoutMs: number;
}

/** The HTTP app without a server: `serve` binds it, tests call `app.request()`. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Accept a caller's id (up to 255 safe chars) so a curl and a log line can be matched.
  app.use("*", requestId({ headerName: "x-request-id" }));
  registerHealth(app, deps);
  registerReady(app, deps);
  app.notFound(notFound);
  app.onError(handleError(deps.logger));
  return app;
}
