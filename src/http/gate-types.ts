/**
 * Options, events and status shapes of the per-API gate.
 * @module
 */
import type { Tracer } from "@opentelemetry/api";
import type { ApiName } from "./api-name";
import type { Clock } from "@oberaconnect/common/clock";

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
  /**
   * A 429/529: `reason` as the API named it; `addedPauseMs` how much longer every request of the
   * API now waits (0 when the pause in force already covered it).
   */
  | { type: "rate_limited"; api: ApiName; operation: string; retryAfterMs?: number; pausedUntil: number; reason?: string; addedPauseMs: number }
  /** A call gave up waiting: the API asked for a longer wait than the ceiling. */
  | { type: "deferred"; api: ApiName; operation: string; untilMs: number; reason?: string }
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
  /**
   * A budget of requests per window, as Notion's per-connection limit is (optional): never more
   * than `requests` attempts start in any `windowMs`. With it, calls of priority > 0 skip the
   * steady pace and spend the budget at once ("a burst for what matters, then even").
   */
  windowBudget?: { requests: number; windowMs: number };
  /**
   * The longest a call waits for rate limits in all (default 15 min). A Retry-After beyond it, or
   * a pause already longer, fails the call with RateLimitDeferredError, sending nothing.
   */
  maxRateLimitWaitMs?: number;
  /** Pauses, backoffs and the retry budget run on it (default the system clock; tests move a fake one). */
  clock?: Clock;
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
  /** Higher goes first among queued calls (default 0); > 0 may burst within a window budget. */
  priority?: number;
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
  /** The limit behind that pause, as the API named it (see rate-limit-reason.ts). */
  pauseReason: string | null;
  ratePerSecond: number;
  windowBudget: { requests: number; windowMs: number } | null;
  concurrency: number;
  breaker: BreakerStatus;
}
