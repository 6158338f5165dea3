/**
 * The admin API's door: `Authorization: Bearer $ADMIN_TOKEN`. No ADMIN_TOKEN → every admin
 * route answers 503 `admin_disabled` (never open by default); no or malformed header → 401 with
 * `WWW-Authenticate`; a wrong token → 403. Tokens are compared in constant time (over their
 * SHA-256, so the length does not show either). The token is read per request, so a reload of
 * ADMIN_TOKEN_FILE takes effect without a restart.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "hono/bun";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="oberaconnect-sync admin"' };

/** Failed attempts a client may make per minute before it waits (server.admin_failed_logins_per_minute). */
export const FAILURES_PER_MINUTE = 5;
/** The first wait; each further one doubles, up to MAX_BLOCK_S. */
const FIRST_BLOCK_S = 10;
const MAX_BLOCK_S = 15 * 60;

/**
 * Throttles guessing, per client address (rate-limiter-flexible, in memory: one process serves
 * the admin API). A correct token clears the client's failures; past FAILURES_PER_MINUTE failures
 * it is answered 429 with Retry-After, the wait doubling with every block (10 s, 20 s, … 15 min)
 * until an hour passes without one.
 */
export class FailedLogins {
  private readonly failures: RateLimiterMemory;
  private readonly blocks = new RateLimiterMemory({ points: 1_000, duration: 3600 });

  constructor(private readonly perMinute = FAILURES_PER_MINUTE) {
    this.failures = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  /** Seconds the client must still wait, or 0. */
  async waitOf(client: string): Promise<number> {
    const r = await this.failures.get(client);
    return r && r.consumedPoints > this.perMinute ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 0;
  }

  /** A failed attempt; the wait it starts, in seconds, or 0. */
  async failed(client: string): Promise<number> {
    try {
      await this.failures.consume(client);
      return 0;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      const strikes = (await this.blocks.consume(client)).consumedPoints;
      const seconds = Math.min(MAX_BLOCK_S, FIRST_BLOCK_S * 2 ** (strikes - 1));
      await this.failures.block(client, seconds);
      return seconds;
    }
  }

  async succeeded(client: string): Promise<void> {
    await this.failures.delete(client);
  }
}

/** The caller's address; undefined when the request came in-process (tests) or named none. */
export function clientAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

const tooMany = (seconds: number) =>
  new AppError("too_many_requests", `too many failed admin logins from this address; try again in ${seconds} s`, { retry_after_s: seconds }, { "Retry-After": String(seconds) });

export function adminAuth(token: () => string | undefined, logins = new FailedLogins()): MiddlewareHandler {
  return async (c, next) => {
    const expected = token();
    if (expected === undefined) {
      throw new AppError("admin_disabled", "the admin API is disabled: set ADMIN_TOKEN (or ADMIN_TOKEN_FILE) and restart or reload the service");
    }
    const client = clientAddress(c) ?? "unknown";
    const wait = await logins.waitOf(client);
    if (wait > 0) throw tooMany(wait);
    const header = c.req.header("authorization");
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const refused = !m
      ? new AppError("unauthorized", "send Authorization: Bearer <ADMIN_TOKEN>", {}, CHALLENGE)
      : !sameToken(m[1] as string, expected)
        ? new AppError("forbidden", "the admin token is not valid")
        : null;
    if (refused) {
      const blocked = await logins.failed(client);
      throw blocked > 0 ? tooMany(blocked) : refused;
    }
    await logins.succeeded(client);
    await next();
  };
}
