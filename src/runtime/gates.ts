/**
 * The three API gates of a process, built from the config. Everything that talks to an API
 * (sync, health checks, setup) must share that API's gate: the rate limit, the 429 pause and the
 * circuit breaker describe the API, so two gates for one API would each think they own the budget.
 * @module
 */
import type { Tracer } from "@opentelemetry/api";
import type { Config } from "../config/schema";
import type { Clock } from "@oberaconnect/common/clock";
import { ApiGate, type ApiGateOptions, type ApiName, type GateEvent, type GateLogger } from "../http";

/** One gate per upstream API. */
export interface Gates {
  notion: ApiGate;
  unifi: ApiGate;
  ninjaone: ApiGate;
}

export interface CreateGatesOptions {
  logger?: GateLogger;
  onEvent?: (event: GateEvent) => void;
  /** A span per outbound call. */
  tracer?: Tracer;
  /** The process's clock: rate-limit pauses, backoffs and retry budgets run on it. */
  clock?: Clock;
  /** Per-API overrides of the derived options (tests shorten backoffs; the demo changes rates). */
  overrides?: Partial<Record<ApiName, Partial<ApiGateOptions>>>;
}

/**
 * Requests in flight at once per API. Notion: 3, its documented average rate per second, so
 * a slow response does not eat into the budget while the rate limiter still spaces the starts.
 * UniFi and NinjaOne: 4, enough to read the hosts, sites and devices lists (or organizations,
 * locations, devices and alerts) side by side; each paged list is sequential by nature.
 */
export const GATE_CONCURRENCY: Readonly<Record<ApiName, number>> = { notion: 3, unifi: 4, ninjaone: 4 };

/**
 * First backoff step and its cap. The config sets attempts and the total budget; the shape of
 * the backoff is ours: 1 s doubling to 30 s with jitter follows what the UniFi docs advise
 * ("exponential backoff" on 429 and 5xx) and what @notionhq/client does (1 s initial delay).
 */
export const BACKOFF = { baseDelayMs: 1000, maxDelayMs: 30_000 } as const;

/** The options of one API's gate, derived from the config (exported for tests and the docs). */
export function gateOptions(config: Config, api: ApiName): ApiGateOptions {
  const ratePerSecond =
    api === "notion"
      ? config.sync_rate_limit_per_second
      : api === "unifi"
        ? config.unifi.rate_limit_per_second
        : config.ninjaone.rate_limit_per_second;
  return {
    api,
    ratePerSecond,
    concurrency: GATE_CONCURRENCY[api],
    timeoutMs: Math.round(config.api_timeout_seconds * 1000),
    retry: {
      maxAttempts: config.retry.max_attempts,
      maxTotalMs: Math.round(config.retry.max_total_seconds * 1000),
      ...BACKOFF,
    },
    breaker: {
      failureThreshold: config.circuit_breaker.failure_threshold,
      resetTimeoutMs: Math.round(config.circuit_breaker.reset_timeout_seconds * 1000),
    },
    ...(api === "notion"
      ? {
          maxRateLimitWaitMs: Math.round(config.notion.max_rate_limit_wait_minutes * 60_000),
          // Set even when absent: a reload that removes the budget must remove it from the gate.
          windowBudget: config.notion.request_budget
            ? { requests: config.notion.request_budget.requests, windowMs: Math.round(config.notion.request_budget.window_seconds * 1000) }
            : undefined,
        }
      : {}),
  };
}

/** Builds the gates of a process; create them once and share them. */
export function createGates(config: Config, opts: CreateGatesOptions = {}): Gates {
  const make = (api: ApiName) =>
    new ApiGate({ ...gateOptions(config, api), logger: opts.logger, onEvent: opts.onEvent, ...(opts.tracer ? { tracer: opts.tracer } : {}), ...(opts.clock ? { clock: opts.clock } : {}), ...opts.overrides?.[api] });
  return { notion: make("notion"), unifi: make("unifi"), ninjaone: make("ninjaone") };
}
