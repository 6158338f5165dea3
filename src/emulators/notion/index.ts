import { Hono } from "hono";
import { systemClock, type Clock } from "../../lib/clock";
import { registerControl } from "../common/control";
import { FaultState, faultMiddleware } from "../common/faults";
import { StatsRecorder } from "../common/stats";
import type { RateLimitSettings } from "../common/token-bucket";
import { errorResponse, NotionError, notionDialect } from "./errors";
import { authMiddleware, requestIdMiddleware } from "./http";
import { registerBlockRoutes } from "./routes/blocks";
import { registerDatabaseRoutes } from "./routes/databases";
import { registerDataSourceRoutes } from "./routes/data-sources";
import { registerPageRoutes } from "./routes/pages";
import { registerUserAndSearchRoutes } from "./routes/users-search";
import { NotionStore } from "./store";

export { NotionStore, type NotionStoreOptions, type PageParentInput } from "./store";
export { SEARCH_INDEX_LAG_MS } from "./query";
export type { NotionDump, DumpedPage } from "./store-dump";
export { NOTION_VERSION, MAX_BODY_BYTES } from "./http";

/** The token the emulator accepts unless told otherwise. Not a secret: it opens nothing real. */
export const NOTION_EMULATOR_TOKEN = "secret_emulator_notion_token";

/**
 * Notion documents "an average of three requests per second" with "some bursts allowed" and no
 * burst size. We allow 5 back to back (under two seconds of budget): the cookbook's pattern of
 * ten parallel creates then trips the limit, as users report it does against the real API.
 */
export const NOTION_DEFAULT_RATE_LIMIT: RateLimitSettings = { per_second: 3, burst: 5 };

export interface NotionEmulatorOptions {
  clock?: Clock;
  /** Accepted bearer tokens; default [NOTION_EMULATOR_TOKEN]. */
  tokens?: string[];
  rateLimit?: RateLimitSettings;
  /** Seed for every id the store makes (default 1). */
  seed?: number;
  /** Rows one query may return along its cursor chain (default 10,000, as Notion). */
  queryResultLimit?: number;
  /** How long new pages and data sources stay out of search (default SEARCH_INDEX_LAG_MS, 60 s). */
  searchIndexLagMs?: number;
}

export interface NotionEmulator {
  app: Hono;
  store: NotionStore;
  faults: FaultState;
  stats: StatsRecorder;
  /**
   * The bearer tokens accepted now. Live: a test rotating NOTION_TOKEN adds the new one and
   * deletes the old, as refreshing an integration's secret in Notion does.
   */
  tokens: Set<string>;
}

/**
 * The Notion API (2025-09-03) as @notionhq/client 5.26 speaks it, plus the shared control API
 * under /_emulator (stats, dump, reset, faults; no mutate: nothing upstream changes Notion).
 */
export function createNotionEmulator(opts: NotionEmulatorOptions = {}): NotionEmulator {
  const clock = opts.clock ?? systemClock;
  const store = new NotionStore({
    clock,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.queryResultLimit !== undefined ? { queryResultLimit: opts.queryResultLimit } : {}),
    ...(opts.searchIndexLagMs !== undefined ? { searchIndexLagMs: opts.searchIndexLagMs } : {}),
  });
  const faults = new FaultState(opts.rateLimit ?? NOTION_DEFAULT_RATE_LIMIT, clock);
  const stats = new StatsRecorder(clock);
  const app = new Hono();

  registerControl(app, faults, stats, { dump: () => store.dump(), reset: () => store.reset() });
  app.use("/v1/*", requestIdMiddleware);
  app.use("/v1/*", faultMiddleware(faults, stats, notionDialect));
  const tokens = new Set(opts.tokens ?? [NOTION_EMULATOR_TOKEN]);
  app.use("/v1/*", authMiddleware(tokens));

  registerDatabaseRoutes(app, store);
  registerDataSourceRoutes(app, store);
  registerPageRoutes(app, store);
  registerBlockRoutes(app, store);
  registerUserAndSearchRoutes(app, store);

  // Notion answers an unknown path or method with 400, not 404.
  app.notFound((c) => errorResponse(c, new NotionError(400, "invalid_request_url", "Invalid request URL.")));
  app.onError((err, c) => {
    if (err instanceof NotionError) return errorResponse(c, err);
    // Never leak internals: the real API says this and nothing more.
    return errorResponse(c, new NotionError(500, "internal_server_error", "Unexpected error occurred."));
  });
  return { app, store, faults, stats, tokens };
}
