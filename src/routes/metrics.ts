import type { Telemetry } from "../telemetry/otel";
import { OPENMETRICS_TYPE, PROMETHEUS_TYPE, toOpenMetrics, wantsOpenMetrics } from "../telemetry/exposition";
import { adminAuth } from "./admin/auth";
import type { App } from "./env";

export interface MetricsRouteDeps {
  telemetry: Telemetry;
  /** `metrics.require_token`: put /metrics behind the admin token. */
  requireToken: () => boolean;
  adminToken: () => string | undefined;
  /** Brings the readings up to date (the readiness report the health gauges show). */
  beforeScrape?: () => Promise<void>;
}

/** GET /metrics: Prometheus text, or OpenMetrics when `Accept` asks for it. */
export function registerMetrics(app: App, d: MetricsRouteDeps): void {
  const auth = adminAuth(d.adminToken);
  app.get("/metrics", async (c, next) => (d.requireToken() ? auth(c, next) : next()), async (c) => {
    await d.beforeScrape?.();
    const text = await d.telemetry.scrape();
    const open = wantsOpenMetrics(c.req.header("accept"));
    return c.body(open ? toOpenMetrics(text) : text, 200, { "content-type": open ? OPENMETRICS_TYPE : PROMETHEUS_TYPE });
  });
}
