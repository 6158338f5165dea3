/**
 * NinjaOne Public API v2 emulator: OAuth 2 client credentials at /ws/oauth/token with tokens that
 * really expire, bearer-protected /v2 endpoints answering bare JSON arrays paged by `after`, and
 * both real error families (OAuth style for auth, platform style for the rest).
 */
import { Hono, type MiddlewareHandler } from "hono";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { createRng } from "@oberaconnect/common/random";
import { registerControl } from "../common/control";
import { FaultState, faultMiddleware } from "../common/faults";
import { clockMutator, toShared, type DatasetMutator, type SharedDataset } from "../common/shared-dataset";
import { StatsRecorder } from "../common/stats";
import type { RateLimitSettings } from "../common/token-bucket";
import type { Dataset } from "../dataset/types";
import { registerAlertRoutes } from "./alert-routes";
import { IncidentIds, insufficientPrivileges, ninjaDialect, notAuthenticated, notFound } from "./errors";
import { registerInventoryRoutes } from "./inventory-routes";
import { registerOAuthRoutes } from "./oauth-routes";
import { QueryCursors } from "./query-cursors";
import { registerQueryRoutes } from "./query-routes";
import type { NinjaClient, NinjaOneState } from "./state";
import { TokenStore } from "./tokens";
import { registerWebhookRoutes, WebhookHub } from "./webhooks";

export type { NinjaClient, NinjaOneState } from "./state";

/** Client id of the default client app. Not a secret: it opens a local fake. */
export const NINJAONE_EMULATOR_CLIENT_ID = "ninjaone-emulator-client";
/** Client secret of the default client app; equally a fixed value of the fake. */
export const NINJAONE_EMULATOR_CLIENT_SECRET = "ninjaone-emulator-secret";

/** Tokens live an hour (client tests and nango's docs use expires_in 3600). */
export const NINJAONE_DEFAULT_TOKEN_TTL_SECONDS = 3600;

/**
 * NinjaOne v2 documents no rate limit at all. A moderate one is the stricter choice: with none, a
 * client that never paces itself could not be told apart from one that does.
 */
export const NINJAONE_DEFAULT_RATE_LIMIT: RateLimitSettings = { per_second: 10, burst: 20 };

/** Options of `createNinjaOneEmulator`; only `dataset` is required. */
export interface NinjaOneEmulatorOptions {
  /** A plain Dataset gets a private holder; pass a SharedDataset to share it with UniFi. */
  dataset: Dataset | SharedDataset;
  clock?: Clock;
  /** Client apps allowed to get tokens; default: one app granted monitoring, management, offline_access. */
  clients?: NinjaClient[];
  tokenTtlSeconds?: number;
  rateLimit?: RateLimitSettings;
  /** Seeds tokens, incident ids and cursor names. */
  seed?: number;
  /**
   * Used only when `dataset` is a plain Dataset (a SharedDataset brings its own); default: the
   * dataset generator's `mutate`, timed by `clock`.
   */
  mutator?: DatasetMutator;
}

/** The app to serve plus the handles tests and the demo steer it with. */
export interface NinjaOneEmulator {
  app: Hono;
  faults: FaultState;
  stats: StatsRecorder;
  state: NinjaOneState;
  /** The API client's webhook and its deliveries (webhooks.ts). */
  webhooks: WebhookHub;
}

/** Every emulated /v2 endpoint reads monitoring data, which needs the `monitoring` scope. */
const READ_SCOPE = "monitoring";

/** Builds the emulator app; serve it with `serveOnLoopback(app)`. */
export function createNinjaOneEmulator(options: NinjaOneEmulatorOptions): NinjaOneEmulator {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const faults = new FaultState(options.rateLimit ?? NINJAONE_DEFAULT_RATE_LIMIT, clock);
  const stats = new StatsRecorder(clock);
  const state: NinjaOneState = {
    shared: toShared(options.dataset, { seed, mutator: options.mutator ?? clockMutator(clock) }),
    clients: options.clients ?? [
      {
        clientId: NINJAONE_EMULATOR_CLIENT_ID,
        clientSecret: NINJAONE_EMULATOR_CLIENT_SECRET,
        scopes: ["monitoring", "management", "offline_access"],
      },
    ],
    tokens: new TokenStore(clock, seed),
    incidents: new IncidentIds(createRng(seed + 1), () => clock.now()),
    cursors: new QueryCursors(clock, seed + 2),
    clock,
    faults,
    tokenTtlSeconds: options.tokenTtlSeconds ?? NINJAONE_DEFAULT_TOKEN_TTL_SECONDS,
  };
  const dialect = ninjaDialect(state.incidents);
  const app = new Hono();

  registerControl(app, faults, stats, {
    dump: () => state.shared.current.ninjaone,
    reset: () => {
      state.shared.reset();
      // A fresh emulator knows no tokens: clients must authenticate again, as after a restart.
      state.tokens.clear();
      state.cursors.clear();
    },
    mutate: (body) => state.shared.mutate(body),
  });
  const webhooks = new WebhookHub(state.shared, () => clock.now());
  // The webhook as NinjaOne holds it, and what it delivered; faults drop or repeat deliveries.
  app.get("/_emulator/webhook", (c) => c.json({ config: webhooks.config, stats: webhooks.stats }));
  app.post("/_emulator/webhook/faults", async (c) => {
    try {
      webhooks.setFaults(await c.req.json().catch(() => ({})));
      return c.json({ ok: true });
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400);
    }
  });
  // Lets a test expire every issued token at a chosen moment, e.g. between two pages.
  app.post("/_emulator/expire-tokens", (c) => c.json({ expired: state.tokens.expireAll() }));

  const bearer: MiddlewareHandler = async (c, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("authorization") ?? "");
    const check = match?.[1] ? state.tokens.check(match[1]) : { ok: false as const };
    if (!check.ok) return notAuthenticated(c);
    if (!check.scopes.has(READ_SCOPE)) return insufficientPrivileges(c);
    await next();
  };

  for (const path of ["/v2/*", "/ws/*", "/oauth/*"]) app.use(path, faultMiddleware(faults, stats, dialect));
  app.use("/v2/*", bearer);

  registerOAuthRoutes(app, state);
  const api = new Hono();
  registerInventoryRoutes(api, state);
  registerAlertRoutes(api, state);
  registerQueryRoutes(api, state);
  registerWebhookRoutes(api, webhooks, state);
  app.route("/v2", api);

  app.notFound((c) => notFound(c, state.incidents));
  return { app, faults, stats, state, webhooks };
}
