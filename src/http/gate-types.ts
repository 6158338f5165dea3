/**
 * Options, events and status shapes of the per-API gate.
 * @module
 */
import type { Tracer } from "@opentelemetry/api";
import type { ApiName } from "./api-name";

/** Retry budget of one call. */
export interface RetryOptions {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Time budget from the start of the first attempt; no retry is scheduled past it. */
  maxTotalMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Circuit breaker knobs. */
export interface BreakerOptions {
  /** Consecutive failed calls (after their retries) that open the breaker. Default 5. */
  failureThreshold?: number;
  /** How long it stays open before one probe call is let through. Default 60000. */
  resetTimeoutMs?: number;
}

/** The subset of pino's logger the gate uses. */
export interface GateLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** Something worth counting happened; for metrics. Never carries a secret or a URL. */
export type GateEvent =
  | { type: "retry"; api: ApiName; operation: string; attempt: number; delayMs: number; error: string; status?: number }
  | { type: "rate_limited"; api: ApiName; operation: string; retryAfterMs?: number; pausedUntil: number }
  | { type: "timeout"; api: ApiName; operation: string; attempt: number; timeoutMs: number }
  | { type: "breaker_open"; api: ApiName; consecutiveFailures: number; halfOpenInMs: number }
  | { type: "breaker_half_open"; api: ApiName }
  | { type: "breaker_closed"; api: ApiName; manual: boolean }
  /**
   * One logical call ended (after its retries). `error` is the error class name; `status` the
   * HTTP status of the last answer, if any. Readiness keeps the last outcome per API from these.
   */
  | { type: "call"; api: ApiName; operation: string; ok: boolean; attempts: number; durationMs: number; error?: string; status?: number }
  /** One attempt ended: `status` is the HTTP status, absent when no answer came (network, timeout). */
  | { type: "attempt"; api: ApiName; operation: string; attempt: number; durationMs: number; status?: number; error?: string };

export interface ApiGateOptions {
  api: ApiName;
  /** Average request rate; attempts are spread evenly at 1000/rate ms apart. */
  ratePerSecond: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Per attempt; the attempt's socket is aborted when it passes. */
  timeoutMs: number;
  retry: RetryOptions;
  breaker?: BreakerOptions;
  logger?: GateLogger;
  onEvent?: (event: GateEvent) => void;
  /** Source of jitter; tests pin it. Defaults to Math.random. */
  random?: () => number;
  /** A span per call when given (api, operation, method, route, status, attempts, waits). */
  tracer?: Tracer;
}

/** One logical call through the gate. */
export interface GateCall {
  /** e.g. "pages.create", "GET /v1/sites". Low-cardinality: no ids. */
  operation: string;
  /**
   * Whether sending it twice has the same effect as once. Only idempotent calls are re-sent after
   * they may have reached the server.
   */
  idempotent: boolean;
  /** The caller's cancellation; combined with the per-attempt timeout. */
  signal?: AbortSignal;
  /** Fewer attempts than the gate's (a readiness probe makes one: its answer is the point). */
  maxAttempts?: number;
  /** A shorter per-attempt timeout than the gate's (probes). */
  timeoutMs?: number;
  /** For the call's span: the HTTP method and the path with ids replaced (`/v1/pages/:id`). */
  method?: string;
  route?: string;
}

/** Per-call settings a client passes through to every gate call it makes (probe clients). */
export type CallOverrides = Pick<GateCall, "maxAttempts" | "timeoutMs">;

/** Breaker state for health checks, metrics and the admin API. */
export interface BreakerStatus {
  /** "half_open": the reset timeout has passed and the next call (or the one running) is the probe. */
  state: "closed" | "open" | "half_open";
  consecutiveFailures: number;
  failureThreshold: number;
  /** ISO time the breaker opened; present while it is not closed. */
  opensAt?: string;
  /** Milliseconds until a probe call is allowed: 0 when one is allowed now, null when closed or probing. */
  halfOpenInMs: number | null;
}

/** Snapshot of a gate. */
export interface GateStatus {
  api: ApiName;
  /** Attempts waiting for a slot. */
  queued: number;
  inFlight: number;
  /** Epoch ms until which the whole API is paused after a 429, or null. */
  pausedUntil: number | null;
  ratePerSecond: number;
  concurrency: number;
  breaker: BreakerStatus;
}
