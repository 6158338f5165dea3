import { z } from "zod";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Clock } from "@oberaconnect/common/clock";
import { createRng, type Rng } from "@oberaconnect/common/random";
import { TokenBucket, type RateLimitSettings } from "./token-bucket";
import type { StatsRecorder } from "./stats";

const rate = z.number().min(0).max(1);

/** Which requests a fault applies to. Omitted fields match everything. */
export const FaultMatchSchema = z
  .object({
    methods: z.array(z.string().toUpperCase()).optional(),
    /** Matched against the route pattern, e.g. "/v1/pages" or "/v1/pages/:page_id". */
    routes: z.array(z.string()).optional(),
    /** Matched against the request path itself, e.g. one page's "/v1/pages/<id>". */
    paths: z.array(z.string()).optional(),
  })
  .strict();
export type FaultMatch = z.infer<typeof FaultMatchSchema>;

export const RateLimitSchema = z
  .object({ per_second: z.number().positive(), burst: z.number().int().min(1) })
  .strict();

/** Body of POST /_emulator/faults. It replaces the whole fault set; omitted knobs are off. */
export const FaultsSchema = z
  .object({
    seed: z.number().int().default(1),
    /** 500 / 503 with the API's own JSON error body. */
    error_rate: rate.default(0),
    /** 502 with an HTML page, as an edge proxy sends it (no JSON at all). */
    edge_502_rate: rate.default(0),
    /** Never answers; the request stays open until the client gives up. */
    hang_rate: rate.default(0),
    /** Added before the handler runs, uniformly in [min, max]. */
    latency_ms: z.tuple([z.number().min(0), z.number().min(0)]).default([0, 0]),
    /**
     * Writes only: this share of writes waits `late_write_ms` before it is applied, whether or
     * not the client is still there (killed, or given up after its timeout): a server finishes
     * a request whose client is gone, so a write can land after a later one.
     */
    late_write_rate: rate.default(0),
    late_write_ms: z.tuple([z.number().min(0), z.number().min(0)]).default([1000, 4000]),
    /** Writes only: the change is applied, then the connection is closed with no response. */
    commit_then_drop_rate: rate.default(0),
    /**
     * Writes only, on emulators whose API has such an answer (Notion's 409 conflict_error,
     * "Conflict occurred while saving. Please try again."): refused before anything is saved.
     */
    conflict_rate: rate.default(0),
    /**
     * Writes only: parked, not answered, until `POST /_emulator/release`, then applied whether or
     * not the client is still there. Any server may finish a request whose client is gone (a
     * killed process, a client-side timeout) and Notion has no conditional writes; this makes
     * that moment deterministic for tests (the timed version is `latency_ms`, which also runs
     * before the handler and does not watch the client).
     */
    hold_writes: z.boolean().default(false),
    match: FaultMatchSchema.optional(),
    /** Replaces the emulator's rate limit; omitted means back to its start-up setting. */
    rate_limit: RateLimitSchema.optional(),
    /**
     * Notion's per-connection limit (developers.notion.com/reference/request-limits): a fixed
     * budget of requests per window, per token, "spent at any pace within the window"; past it,
     * 429 with Retry-After = the seconds until the window resets. Refused requests count too (a
     * client that keeps sending while limited only digs deeper: the stricter reading).
     */
    window_budget: z.object({ requests: z.number().int().min(1), window_seconds: z.number().positive() }).strict().optional(),
    /**
     * Notion's per-workspace limit: at this chance per request a workspace-wide block starts, and
     * for `workspace_block_seconds` every request of every token gets 429 with the time left
     * (its Retry-After "can be longer than a minute").
     */
    workspace_block_rate: rate.default(0),
    workspace_block_seconds: z.tuple([z.number().min(1), z.number().min(1)]).default([90, 180]),
    /** 529 service_overload with an integer Retry-After in this range (Notion: "handle 429 and 529"). */
    overload_rate: rate.default(0),
    overload_retry_after_seconds: z.tuple([z.number().int().min(1), z.number().int().min(1)]).default([1, 5]),
    /** NinjaOne only: lifetime of newly issued access tokens. */
    token_ttl_seconds: z.number().int().positive().optional(),
  })
  .strict();
export type Faults = z.infer<typeof FaultsSchema>;

/** How one emulator speaks its errors; the fault layer is shared, the wire shapes are not. */
export interface ErrorDialect {
  serverError(c: Context, status: 500 | 503): Response;
  /** `reason`: which limit, for APIs that name it (Notion's rate_limit_reason). */
  rateLimited(c: Context, retryAfterSeconds: number, reason?: string): Response;
  /** The API's "overloaded, come back later" answer, if it has one (Notion: 529 service_overload). */
  overloaded?(c: Context, retryAfterSeconds: number): Response;
  /** The names the API gives its window and workspace limits (Notion's rate_limit_reason values). */
  limitReasons?: { connection: string; workspace: string };
  /** Whether a request changes state (only those can be committed then dropped). */
  isWrite(method: string, route: string): boolean;
  /** The API's "concurrent edit, try again" refusal, if it has one (Notion: 409 conflict_error). */
  conflict?(c: Context): Response;
}

const EDGE_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

/** Live fault state of one emulator: the knobs, the seeded stream they draw from, the limiter. */
export class FaultState {
  faults: Faults;
  rng: Rng;
  readonly bucket: TokenBucket;
  private held: (() => void)[] = [];
  /** Per token: the current window of `window_budget`. */
  private windows = new Map<string, { startMs: number; count: number }>();
  /** When the workspace-wide block in force ends. */
  private blockUntilMs: number | null = null;

  constructor(
    private readonly baseRateLimit: RateLimitSettings,
    readonly clock: Clock,
  ) {
    this.faults = FaultsSchema.parse({});
    this.rng = createRng(this.faults.seed);
    this.bucket = new TokenBucket(baseRateLimit, clock);
  }

  set(faults: Faults): void {
    this.faults = faults;
    this.rng = createRng(faults.seed);
    this.bucket.configure(faults.rate_limit ?? this.baseRateLimit);
    if (!faults.window_budget) this.windows.clear();
    if (faults.workspace_block_rate === 0) this.blockUntilMs = null;
  }

  /**
   * The request limits of the current API text, checked before anything else: a workspace-wide
   * block in force (or starting now), then this token's window budget. Returns the wait to
   * answer with, or null when the request may go on.
   */
  requestLimit(token: string): { retryAfterSeconds: number; limit: "workspace" | "connection" } | null {
    const f = this.faults;
    const now = this.clock.now();
    if (this.blockUntilMs !== null && now >= this.blockUntilMs) this.blockUntilMs = null;
    if (this.blockUntilMs === null && this.roll(f.workspace_block_rate)) {
      const [lo, hi] = f.workspace_block_seconds;
      this.blockUntilMs = now + Math.round((lo + this.rng() * (hi - lo)) * 1000);
    }
    if (this.blockUntilMs !== null) return { retryAfterSeconds: Math.max(1, Math.ceil((this.blockUntilMs - now) / 1000)), limit: "workspace" };
    const b = f.window_budget;
    if (!b) return null;
    const windowMs = b.window_seconds * 1000;
    let w = this.windows.get(token);
    if (!w || now >= w.startMs + windowMs) this.windows.set(token, (w = { startMs: now, count: 0 }));
    w.count++;
    if (w.count <= b.requests) return null;
    return { retryAfterSeconds: Math.max(1, Math.ceil((w.startMs + windowMs - now) / 1000)), limit: "connection" };
  }

  /** A 529's Retry-After when this request is to be refused as overload, else null. */
  overload(): number | null {
    const f = this.faults;
    if (!this.roll(f.overload_rate)) return null;
    const [lo, hi] = f.overload_retry_after_seconds;
    return Math.round(lo + this.rng() * (hi - lo));
  }

  reset(): void {
    this.set(FaultsSchema.parse({}));
    this.release();
  }

  /** Writes parked by `hold_writes` right now. */
  get heldWrites(): number {
    return this.held.length;
  }

  /** Parks one write until `release` (or the hang bound). */
  hold(clock: Clock): Promise<void> {
    return new Promise((resolve) => {
      this.held.push(resolve);
      clock.sleep(MAX_HANG_MS).then(resolve, resolve);
    });
  }

  /** Lets every parked write through, in arrival order; returns how many. */
  release(): number {
    const held = this.held;
    this.held = [];
    for (const r of held) r();
    return held.length;
  }

  matches(method: string, route: string, path = route): boolean {
    const m = this.faults.match;
    if (!m) return true;
    if (m.methods && !m.methods.includes(method)) return false;
    if (m.routes && !m.routes.includes(route)) return false;
    if (m.paths && !m.paths.includes(path)) return false;
    return true;
  }

  roll(p: number): boolean {
    return p > 0 && this.rng() < p;
  }
}

/** A response whose body errors before any byte is written: the client sees the socket close. */
function droppedConnection(): Response {
  return new Response(
    new ReadableStream({
      pull(controller) {
        controller.error(undefined); // undefined: close silently, no server-side stack trace
      },
    }),
  );
}

/** Upper bound on a hang so no request loop is unbounded even if the client never disconnects. */
const MAX_HANG_MS = 10 * 60_000;

/**
 * Rate limit, stats and injected faults for every real-API request of an emulator. Mounted after
 * the control routes, so /_emulator/* is never limited, counted or broken.
 */
export function faultMiddleware(state: FaultState, stats: StatsRecorder, dialect: ErrorDialect): MiddlewareHandler {
  return async (c, next) => {
    // Limits are per connection (token); the token itself is never logged or shown.
    const token = c.req.header("authorization") ?? c.req.header("x-api-key") ?? "";
    stats.arrive(token);
    const method = c.req.method;
    let route = c.req.path;
    try {
      route = routePath(c, -1);
    } catch {
      /* unmatched path: keep the raw path */
    }
    const finish = (res: Response) => {
      stats.finish(method, route, res.status);
      return res;
    };

    const limited = state.requestLimit(token);
    if (limited) {
      stats.answeredLimited(token, limited.retryAfterSeconds);
      const reason = dialect.limitReasons?.[limited.limit];
      return finish(dialect.rateLimited(c, limited.retryAfterSeconds, reason));
    }
    const taken = state.bucket.take();
    if (!taken.ok) {
      stats.answeredLimited(token, taken.retryAfterSeconds);
      return finish(dialect.rateLimited(c, taken.retryAfterSeconds));
    }
    const overload = dialect.overloaded ? state.overload() : null;
    if (overload !== null && dialect.overloaded) {
      stats.answeredLimited(token, overload);
      return finish(dialect.overloaded(c, overload));
    }

    const f = state.faults;
    const applies = state.matches(method, route, c.req.path);
    const write = dialect.isWrite(method, route);
    const arrived = state.clock.now();
    // Read (and cached for the handler) before anything waits: the write log shows what came.
    const body = write ? (await c.req.text().catch(() => "")).slice(0, 400) : "";
    const logWrite = (status: number) => {
      if (write) stats.logWrite({ method, path: c.req.path, arrived_ms: arrived, done_ms: state.clock.now(), status, client_gone: c.req.raw.signal.aborted, body });
    };
    if (applies) {
      const [lo, hi] = f.latency_ms;
      if (hi > 0) await state.clock.sleep(lo + state.rng() * (hi - lo));
      if (state.roll(f.hang_rate)) {
        await hang(c.req.raw.signal, state.clock);
        return finish(dialect.serverError(c, 503));
      }
      if (state.roll(f.edge_502_rate)) {
        return finish(new Response(EDGE_502, { status: 502, headers: { "content-type": "text/html" } }));
      }
      if (state.roll(f.error_rate)) return finish(dialect.serverError(c, state.rng() < 0.5 ? 500 : 503));
      if (dialect.conflict && write && state.roll(f.conflict_rate)) return finish(dialect.conflict(c));
      if (write && state.roll(f.late_write_rate)) {
        const [lo, hi] = f.late_write_ms;
        await state.clock.sleep(lo + state.rng() * (hi - lo));
      }
      if (write && f.hold_writes) await state.hold(state.clock);
    }

    await next();
    const res = c.res;
    logWrite(res.status);
    if (applies && res.status < 300 && write && state.roll(f.commit_then_drop_rate)) {
      stats.droppedAfterCommit();
      stats.finish(method, route, res.status);
      c.res = undefined as unknown as Response; // Hono needs the slot cleared before replacing it
      c.res = droppedConnection();
      return;
    }
    finish(res);
  };
}

function hang(signal: AbortSignal, clock: Clock): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
    clock.sleep(MAX_HANG_MS).then(resolve, resolve);
  });
}
