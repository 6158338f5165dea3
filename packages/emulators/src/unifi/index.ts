/**
 * UniFi Site Manager API emulator (api.ui.com, /v1 and /ea): static `X-API-Key` auth, the
 * `{data, httpStatusCode, traceId, nextToken?}` envelope, cursor pagination whose end comes in
 * all three real forms, and the shared fault layer speaking UniFi's error envelope.
 */
import { Hono, type MiddlewareHandler } from "hono";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { createRng } from "@oberaconnect/common/random";
import { registerControl } from "../common/control";
import { FaultState, faultMiddleware } from "../common/faults";
import { clockMutator, toShared, type DatasetMutator, type SharedDataset } from "../common/shared-dataset";
import { StatsRecorder } from "../common/stats";
import { TokenBucket, type RateLimitSettings } from "../common/token-bucket";
import type { Dataset } from "../dataset/types";
import { fail, TraceIds, unifiDialect, type EndStyle } from "./envelope";
import { registerInventoryRoutes } from "./inventory-routes";
import { registerIspRoutes } from "./isp-routes";
import { EndStyles, TokenCodec } from "./pagination";
import type { UnifiState } from "./state";

export type { UnifiState } from "./state";
export type { EndStyle } from "./envelope";

/** The key the emulator accepts unless told otherwise. Not a secret: it opens a local fake. */
export const UNIFI_EMULATOR_API_KEY = "unifi-emulator-key";

/**
 * v1 allows 10,000 requests/min (LCD gettingstarted) ≈ 166/s. The real window is per minute and
 * would take all 10,000 at once; a bucket of 100 is stricter, so a client that bursts without
 * pacing meets 429s here first.
 */
export const UNIFI_DEFAULT_RATE_LIMIT: RateLimitSettings = { per_second: 10_000 / 60, burst: 100 };

/** Early Access allows 100 requests/min (LCD gettingstarted; domalab's EA-only page). */
export const UNIFI_EA_RATE_LIMIT: RateLimitSettings = { per_second: 100 / 60, burst: 10 };

/** Options of `createUnifiEmulator`; only `dataset` is required. */
export interface UnifiEmulatorOptions {
  /** A plain Dataset gets a private holder; pass a SharedDataset to share it with NinjaOne. */
  dataset: Dataset | SharedDataset;
  clock?: Clock;
  apiKeys?: string[];
  rateLimit?: RateLimitSettings;
  eaRateLimit?: RateLimitSettings;
  /** How finished lists mark their end; "rotate" (default) cycles through all three real forms. */
  endStyle?: EndStyle | "rotate";
  /** Seeds trace ids and the cursor checksum key. */
  seed?: number;
  /**
   * Used only when `dataset` is a plain Dataset (a SharedDataset brings its own); default: the
   * dataset generator's `mutate`, timed by `clock`.
   */
  mutator?: DatasetMutator;
}

/** The app to serve plus the handles tests and the demo steer it with. */
export interface UnifiEmulator {
  app: Hono;
  faults: FaultState;
  stats: StatsRecorder;
  state: UnifiState;
}

/** Builds the emulator app; serve it with `serveOnLoopback(app)`. */
export function createUnifiEmulator(options: UnifiEmulatorOptions): UnifiEmulator {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const state: UnifiState = {
    shared: toShared(options.dataset, { seed, mutator: options.mutator ?? clockMutator(clock) }),
    trace: new TraceIds(createRng(seed)),
    tokens: new TokenCodec(`unifi-${seed}`),
    ends: new EndStyles(options.endStyle ?? "rotate"),
    clock,
    eaBucket: new TokenBucket(options.eaRateLimit ?? UNIFI_EA_RATE_LIMIT, clock),
    apiKeys: new Set(options.apiKeys ?? [UNIFI_EMULATOR_API_KEY]),
  };
  const faults = new FaultState(options.rateLimit ?? UNIFI_DEFAULT_RATE_LIMIT, clock);
  const stats = new StatsRecorder(clock);
  const dialect = unifiDialect(state.trace);
  const app = new Hono();

  registerControl(app, faults, stats, {
    dump: () => state.shared.current.unifi,
    reset: () => {
      state.shared.reset();
      state.ends.reset();
    },
    mutate: (body) => state.shared.mutate(body),
  });

  const eaLimit: MiddlewareHandler = async (c, next) => {
    const taken = state.eaBucket.take();
    if (!taken.ok) return dialect.rateLimited(c, taken.retryAfterSeconds);
    await next();
  };
  // Header names are case-insensitive (the docs write both X-API-Key and X-API-KEY).
  const auth: MiddlewareHandler = async (c, next) => {
    const key = c.req.header("x-api-key");
    if (key === undefined || !state.apiKeys.has(key)) return fail(c, state.trace, 401, "unauthorized", "unauthorized");
    await next();
  };

  for (const prefix of ["/v1", "/ea"]) app.use(`${prefix}/*`, faultMiddleware(faults, stats, dialect));
  app.use("/ea/*", eaLimit);
  for (const prefix of ["/v1", "/ea"]) app.use(`${prefix}/*`, auth);

  const api = new Hono();
  registerInventoryRoutes(api, state);
  registerIspRoutes(api, state);
  app.route("/v1", api);
  app.route("/ea", api);

  // Unknown paths: the envelope with NOT_FOUND (no capture of this case; inferred).
  app.notFound((c) => fail(c, state.trace, 404, "NOT_FOUND", `route not found: ${c.req.path}`));
  return { app, faults, stats, state };
}
