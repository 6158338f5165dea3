/**
 * One attempt of a gated call: its own timeout, and every way it can fail turned into an
 * ApiError (a timeout, a transport failure), except the caller's abort and bugs.
 * @module
 */
import type { ApiName } from "./api-name";
import { ApiError, TimeoutError } from "./errors";
import type { GateCall, GateEvent, GateLogger } from "./gate-types";
import { isTransportFailure, raceAbort, toNetworkError } from "./transport";

/** The HTTP status of a successful attempt's value, when it is a Response or carries one. */
export function okStatus(value: unknown): number | undefined {
  if (value instanceof Response) return value.status;
  const s = (value as { status?: unknown } | null)?.status;
  return typeof s === "number" && s >= 100 && s < 600 ? s : undefined;
}

export interface AttemptContext {
  api: ApiName;
  /** The gate's timeout; a call may ask for less, never more. */
  timeoutMs: number;
  logger?: GateLogger | undefined;
  emit: (event: GateEvent) => void;
}

export async function runAttempt<T>(ctx: AttemptContext, call: GateCall, attempt: (s: AbortSignal) => Promise<T>, n: number): Promise<T> {
  const timeoutMs = Math.min(call.timeoutMs ?? ctx.timeoutMs, ctx.timeoutMs);
  const timeout = AbortSignal.timeout(timeoutMs);
  const started = Date.now();
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  ctx.logger?.debug({ api: ctx.api, operation: call.operation, attempt: n }, "request attempt");
  const ended = (status?: number, error?: string) =>
    ctx.emit({ type: "attempt", api: ctx.api, operation: call.operation, attempt: n, durationMs: Date.now() - started, ...(status !== undefined ? { status } : {}), ...(error ? { error } : {}) });
  try {
    const value = await raceAbort(attempt(signal), signal);
    ended(okStatus(value));
    return value;
  } catch (raw) {
    if (call.signal?.aborted) throw call.signal.reason;
    if (timeout.aborted) {
      ended(undefined, "TimeoutError");
      ctx.emit({ type: "timeout", api: ctx.api, operation: call.operation, attempt: n, timeoutMs });
      throw new TimeoutError({ api: ctx.api, operation: call.operation, timeoutMs });
    }
    if (raw instanceof ApiError) {
      ended(raw.status, raw.name);
      throw raw;
    }
    if (isTransportFailure(raw)) {
      const err = toNetworkError(raw, ctx.api, call.operation);
      ended(undefined, err.name);
      throw err;
    }
    throw raw;
  }
}
