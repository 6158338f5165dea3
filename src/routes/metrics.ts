import type { Telemetry } from "../telemetry/otel";
import { OPENMETRICS_TYPE, PROMETHEUS_TYPE, toOpenMetrics, wantsOpenMetrics } from "../telemetry/exposition";
import { adminAuth } from "./admin/auth";
import { errorBody } from "./errors";
import type { App } from "./env";

export interface MetricsRouteDeps {
  telemetry: Telemetry;
  /** `metrics.require_token`: put /metrics behind the admin token. */
  requireToken: () => boolean;
  adminToken: () => string | undefined;
  /** Brings the readings up to date (the readiness report the health gauges show). */
  beforeScrape?: () => Promise<void>;
}

/**
 * Scrapes that come while a rendering is under way share it (and REUSE_MS after). Past
 * FLOOD_PER_SECOND scrapes in a second, each further one waits about FLOOD_WAIT_MS and is answered
 * 429 (Retry-After: 1) with a few bytes: a flood then slows itself to (its concurrency / 0.2 s)
 * requests a second and moves no registry text (20 KB each), so /health, on the same event loop,
 * keeps its pace. Prometheus asks every 15 s; an HA pair and an operator's curl stay far below.
 */
const FLOOD_PER_SECOND = 5;
const FLOOD_WAIT_MS = 200;
/**
 * A rendering also serves the scrapes of the next few milliseconds: a burst that lands in one
 * turn of the loop would otherwise render once per scrape, back to back (~3 ms each), while a
 * scrape after a change (tests, an operator's curl) still sees it.
 */
const REUSE_MS = 50;

/** GET /metrics: Prometheus text, or OpenMetrics when `Accept` asks for it. */
export function registerMetrics(app: App, d: MetricsRouteDeps): void {
  const auth = adminAuth(d.adminToken);
  let last: { text: Promise<string>; at: number; done: boolean } | null = null;
  let second = { start: 0, scrapes: 0 };
  /** Whether this scrape is one too many this second. */
  const flooding = (): boolean => {
    const now = performance.now();
    if (now - second.start >= 1000) second = { start: now, scrapes: 0 };
    return ++second.scrapes > FLOOD_PER_SECOND;
  };
  const render = (): Promise<string> => {
    const now = performance.now();
    if (last && (!last.done || now - last.at < REUSE_MS)) return last.text;
    const text = (async () => {
      await d.beforeScrape?.();
      return d.telemetry.scrape();
    })();
    const entry = { text, at: now, done: false };
    last = entry;
    text.then(
      () => void (entry.done = true),
      () => void (last === entry && (last = null)), // a failed rendering is not reused
    );
    return text;
  };
  app.get("/metrics", async (c, next) => (d.requireToken() ? auth(c, next) : next()), async (c) => {
    if (flooding()) {
      // Spread over ±25 %: the waits of a burst end in many turns of the loop, not one.
      await new Promise((r) => setTimeout(r, FLOOD_WAIT_MS * (0.75 + Math.random() / 2)));
      // Answered here rather than thrown: no stack to capture, a few bytes to send.
      const body = errorBody("too_many_requests", `more than ${FLOOD_PER_SECOND} scrapes a second; scrape less often`, c.get("requestId") as string);
      return c.json(body, 429, { "retry-after": "1" });
    }
    const text = await render();
    const open = wantsOpenMetrics(c.req.header("accept"));
    return c.body(open ? toOpenMetrics(text) : text, 200, { "content-type": open ? OPENMETRICS_TYPE : PROMETHEUS_TYPE });
  });
}
