/**
 * The span of one gated call (the API, the operation, the route template) and what it reports
 * when the call ends: its attempts, its wait in the queue and for rate limits, its last status.
 * @module
 */
import { SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
import type { ApiName } from "./api-name";
import type { GateCall } from "./gate-types";
import { clip } from "./redact";

/** What a call's span reports once it ends. */
export interface CallStats {
  attempts: number;
  firstStart: number | null;
  lastStatus: number | undefined;
  rateLimitWaitMs: number;
}

export function callSpanAttributes(api: ApiName, call: GateCall, breakerState: string): Attributes {
  return {
    "oberaconnect.api": api,
    "oberaconnect.operation": call.operation,
    ...(call.method ? { "http.request.method": call.method } : {}),
    ...(call.route ? { "url.template": call.route } : {}),
    "oberaconnect.breaker_state": breakerState,
  };
}

/** Ends the span (none when tracing is off) with the call's figures, and its error if it failed. */
export function endCallSpan(span: Span | null, startedMs: number, stats: CallStats, failed?: { err: unknown }): void {
  if (!span) return;
  span.setAttributes({
    "oberaconnect.attempts": stats.attempts,
    "oberaconnect.queue_wait_ms": (stats.firstStart ?? Date.now()) - startedMs,
    "oberaconnect.rate_limit_wait_ms": stats.rateLimitWaitMs,
    ...(stats.lastStatus !== undefined ? { "http.response.status_code": stats.lastStatus } : {}),
  });
  if (failed) {
    const e = failed.err instanceof Error ? failed.err : new Error(String(failed.err));
    span.setAttribute("error.type", e.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: clip(e.message, 300) });
  }
  span.end();
}
