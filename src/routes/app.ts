import { Hono } from "hono";
import { registerAdmin } from "./admin";
import { FailedLogins } from "./admin/auth";
import { registerStatusPage } from "./status-page";
import { registerNinjaWebhook } from "./webhooks/ninjaone";
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
  // The id is the server's own (a caller's could be reused to blur one request into another in
  // the audit); a caller's x-request-id (up to 255 safe characters) is kept beside it.
  app.use("*", async (c, next) => {
    const theirs = c.req.header("x-request-id");
    if (theirs && theirs.length <= 255 && /^[\w\-=.:]+$/.test(theirs)) c.set("callerRequestId", theirs);
    const id = crypto.randomUUID();
    c.set("requestId", id);
    c.header("x-request-id", id);
    return next();
  });
  if (deps.telemetry) app.use("*", tracing(deps.telemetry.tracer, deps.telemetry.metrics));
  registerHealth(app, deps);
  registerReady(app, deps);
  if (deps.telemetry && deps.metrics) registerMetrics(app, { telemetry: deps.telemetry, ...deps.metrics });
  // One throttle for both doors: a token guessed through the page's form counts as through the header.
  const logins = new FailedLogins(deps.admin?.failedLoginsPerMinute);
  if (deps.admin) registerAdmin(app, deps.admin, logins);
  if (deps.admin && deps.statusPage) registerStatusPage(app, { ...deps.statusPage, admin: deps.admin, logins });
  if (deps.ninjaWebhook) registerNinjaWebhook(app, { ...deps.ninjaWebhook, logins });
  app.notFound(notFound(() => app.routes));
  app.onError(handleError(deps.logger, deps.ledgerFaults));
  return app;
}
