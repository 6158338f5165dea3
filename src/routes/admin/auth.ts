/**
 * The admin API's door: `Authorization: Bearer $ADMIN_TOKEN`. No ADMIN_TOKEN → every admin
 * route answers 503 `admin_disabled` (never open by default); no or malformed header → 401 with
 * `WWW-Authenticate`; a wrong token → 403. Tokens are compared in constant time (over their
 * SHA-256, so the length does not show either). The token is read per request, so a reload of
 * ADMIN_TOKEN_FILE takes effect without a restart.
 * @module
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

export function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="oberaconnect-sync admin"' };

export function adminAuth(token: () => string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const expected = token();
    if (expected === undefined) {
      throw new AppError("admin_disabled", "the admin API is disabled: set ADMIN_TOKEN (or ADMIN_TOKEN_FILE) and restart or reload the service");
    }
    const header = c.req.header("authorization");
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw new AppError("unauthorized", "send Authorization: Bearer <ADMIN_TOKEN>", {}, CHALLENGE);
    if (!sameToken(m[1] as string, expected)) throw new AppError("forbidden", "the admin token is not valid");
    await next();
  };
}
