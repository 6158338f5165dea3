/**
 * The status page's login sessions: the admin token, typed once into a form, buys a session
 * cookie (HttpOnly, SameSite=Strict, Secure over https) and a CSRF token its buttons post back.
 * In memory (one process serves the page; a restart logs everyone out), at most MAX_SESSIONS,
 * each for SESSION_TTL_MS.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { sameToken } from "../admin/auth";

export const COOKIE = "oc_status";
export const SESSION_TTL_MS = 12 * 3600_000;
const MAX_SESSIONS = 200;

export interface Session {
  id: string;
  csrf: string;
  expiresMs: number;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();

  constructor(private readonly now: () => number) {}

  create(): Session {
    const s: Session = { id: randomBytes(32).toString("base64url"), csrf: randomBytes(24).toString("base64url"), expiresMs: this.now() + SESSION_TTL_MS };
    this.byId.set(s.id, s);
    // Oldest first out, past the cap: a flood of logins cannot grow this without bound.
    while (this.byId.size > MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value!);
    return s;
  }

  /** The request's live session, if its cookie names one. */
  of(c: Context): Session | undefined {
    const id = getCookie(c, COOKIE);
    if (!id) return undefined;
    const s = this.byId.get(id);
    if (!s) return undefined;
    if (s.expiresMs <= this.now()) {
      this.byId.delete(id);
      return undefined;
    }
    return s;
  }

  drop(id: string): void {
    this.byId.delete(id);
  }

  /** Whether a posted CSRF token is the session's (constant time). */
  static csrfOk(s: Session, posted: unknown): boolean {
    return typeof posted === "string" && posted.length > 0 && sameToken(posted, s.csrf);
  }
}

/** Set-Cookie attributes: Secure when the request came over https (directly or via a proxy). */
export function cookieOptions(c: Context) {
  const https = c.req.url.startsWith("https:") || c.req.header("x-forwarded-proto") === "https";
  return { httpOnly: true, sameSite: "Strict" as const, path: "/", secure: https, maxAge: SESSION_TTL_MS / 1000 };
}
