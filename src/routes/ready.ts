import type { App } from "./env";
import type { AppDeps } from "./app-deps";
import { runChecks } from "../health/checks";

/** Readiness: every component the service needs answers. 503 tells the load balancer to wait. */
export function registerReady(app: App, deps: AppDeps): void {
  app.get("/ready", async (c) => {
    const report = await runChecks(deps.readiness, deps.readyTimeoutMs, deps.clock);
    return c.json(
      { status: report.healthy ? "ready" : "not_ready", components: report.components },
      report.healthy ? 200 : 503,
    );
  });
}
