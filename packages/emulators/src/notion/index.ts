import { Hono } from "hono";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { registerControl } from "../common/control";
import { FaultState, faultMiddleware } from "../common/faults";
import { StatsRecorder } from "../common/stats";
import { describe } from "../common/control";
import { WorkspacePlan } from "./block-limit";
import { z } from "zod";
import type { RateLimitSettings } from "../common/token-bucket";
import { errorResponse, NotionError, notionDialect } from "./errors";
import { authMiddleware, requestIdMiddleware } from "./http";
import { registerBlockRoutes } from "./routes/blocks";
import { registerDatabaseRoutes } from "./routes/databases";
import { registerDataSourceRoutes } from "./routes/data-sources";
import { registerPageRoutes } from "./routes/pages";
import { registerUserAndSearchRoutes } from "./routes/users-search";
import { registerViewRoutes } from "./routes/views";
import { renderPreview } from "./preview";
import { NotionStore } from "./store";

export { NotionStore, type NotionStoreOptions, type PageParentInput } from "./store";
export { SEARCH_INDEX_LAG_MS } from "./store-core";
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
  /** The workspace's plan: lifetime blocks and the Free plan's block limit. */
  plan: WorkspacePlan;
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

  // The workspace's plan: its lifetime block count (the root page is the first) and limit.
  const plan = new WorkspacePlan(clock);
  plan.created(1);
  registerControl(app, faults, stats, { dump: () => store.dump(), reset: () => store.reset() });
  app.get("/_emulator/workspace", (c) => c.json(plan.status()));
  // What the on-call team would see in Notion, as HTML (preview.ts): read-only, no token.
  app.get("/_emulator/ui", (c) => c.html(renderPreview(store, { ...(c.req.query("database") ? { databaseId: c.req.query("database")! } : {}), ...(c.req.query("view") ? { viewId: c.req.query("view")! } : {}) })));
  /** `{"block_limit": {"blocks": 1000, "grace_seconds": 259200}}`, or `{"block_limit": null}` for a paid plan. */
  app.post("/_emulator/workspace", async (c) => {
    const parsed = WorkspaceSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: describe(parsed.error) }, 400);
    plan.configure(parsed.data.block_limit);
    return c.json(plan.status());
  });
  app.use("/v1/*", requestIdMiddleware);
  app.use("/v1/*", faultMiddleware(faults, stats, notionDialect));
  const tokens = new Set(opts.tokens ?? [NOTION_EMULATOR_TOKEN]);
  app.use("/v1/*", authMiddleware(tokens));

  registerDatabaseRoutes(app, store, plan);
  registerDataSourceRoutes(app, store);
  registerPageRoutes(app, store, plan);
  registerBlockRoutes(app, store);
  registerUserAndSearchRoutes(app, store);
  registerViewRoutes(app, store);

  // Notion answers an unknown path or method with 400, not 404.
  app.notFound((c) => errorResponse(c, new NotionError(400, "invalid_request_url", "Invalid request URL.")));
  app.onError((err, c) => {
    if (err instanceof NotionError) return errorResponse(c, err);
    // Never leak internals: the real API says this and nothing more.
    return errorResponse(c, new NotionError(500, "internal_server_error", "Unexpected error occurred."));
  });
  return { app, store, faults, stats, tokens, plan };
}

const WorkspaceSchema = z
  .object({
    block_limit: z
      .object({
        blocks: z.number().int().min(1),
        grace_seconds: z.number().min(0).default(3 * 24 * 3600),
        status: z.number().int().min(400).max(599).optional(),
        code: z.string().min(1).optional(),
        message: z.string().min(1).optional(),
      })
      .strict()
      .nullable(),
  })
  .strict();
