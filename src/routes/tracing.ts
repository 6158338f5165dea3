/**
 * A span per inbound request (continuing the caller's `traceparent`), named by the route
 * template once routing is known, and the request-duration histogram by method, route template
 * and status. Unmatched paths are labelled "unmatched": a raw path would be an unbounded label.
 * The probes get the histogram but no span: a load balancer asks every few seconds, so their
 * spans would drown the traces an operator looks for, and building one is most of a probe's
 * CPU (BENCHMARKS.md, "/health while a sync plans and writes").
 * @module
 */
import { context, SpanKind, SpanStatusCode, trace, type Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { ServiceMetrics } from "../telemetry/metrics";
import type { AppEnv } from "./env";

// Used directly rather than through a global propagator: nothing here is global but the context manager.
const w3c = new W3CTraceContextPropagator();
const getter = {
  keys: (h: Headers) => [...h.keys()],
  get: (h: Headers, key: string) => h.get(key) ?? undefined,
};

/** Answered without a span (the histogram still counts them). */
const PROBES: ReadonlySet<string> = new Set(["/health", "/ready", "/metrics"]);

export function tracing(tracer: Tracer, metrics: ServiceMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    if (PROBES.has(c.req.path)) {
      try {
        await next();
      } finally {
        metrics.recordHttp({ method: c.req.method, route: c.req.path, status: c.res.status }, (performance.now() - started) / 1000);
      }
      return;
    }
    const parent = w3c.extract(context.active(), c.req.raw.headers, getter);
    const span = tracer.startSpan(`HTTP ${c.req.method}`, { kind: SpanKind.SERVER, attributes: { "http.request.method": c.req.method } }, parent);
    try {
      await context.with(trace.setSpan(parent, span), () => next());
    } finally {
      let route = "unmatched";
      try {
        const r = routePath(c, -1);
        if (r && r !== "*" && !r.endsWith("/*")) route = r;
      } catch {
        /* no route matched */
      }
      const status = c.res.status;
      span.updateName(`HTTP ${c.req.method} ${route}`);
      span.setAttributes({ "http.route": route, "http.response.status_code": status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      metrics.recordHttp({ method: c.req.method, route, status }, (performance.now() - started) / 1000);
    }
  };
}
