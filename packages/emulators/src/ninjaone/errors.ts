/**
 * NinjaOne answers errors in two families (keys from stellaraf/go-ninjarmm internal/types/errors.go):
 * - OAuth style for authentication: `{"error":"not_authenticated","error_description":"Invalid
 *   credentials","error_code":10}` (homotechsual/NinjaOne #59), `insufficient_privileges` (#26),
 *   and RFC 6749 §5.2 bodies from the token endpoint (`invalid_scope`, WYRE-AI/ninjaone-mcp #87).
 * - Platform style for everything else: `{"resultCode":"FAILURE","errorMessage":"HTTP 404 Not
 *   Found","incidentId":"WEB_MGMT_SERVICE-…"}` (homotechsual/NinjaOne #3, #57; 500 in #22).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorDialect } from "../common/faults";
import { randHex, type Rng } from "@oberaconnect/common/random";

/** Makes incident ids shaped like the captured ones: service, 32 hex, epoch seconds, 8 letters. */
export class IncidentIds {
  constructor(
    private readonly rng: Rng,
    private readonly now: () => number,
  ) {}

  next(): string {
    const letters = Array.from({ length: 8 }, () => String.fromCharCode(65 + Math.floor(this.rng() * 26))).join("");
    return `WEB_MGMT_SERVICE-${randHex(this.rng, 32)}-${Math.floor(this.now() / 1000)}-${letters}`;
  }
}

/** Platform-style error body with a fresh incident id. */
export function platformError(
  c: Context,
  incidents: IncidentIds,
  status: ContentfulStatusCode,
  errorMessage: string,
): Response {
  return c.json({ resultCode: "FAILURE", errorMessage, incidentId: incidents.next() }, status);
}

/** 400 for a malformed query parameter (no capture; platform style as the other 4xx, inferred). */
export const badRequest = (c: Context, incidents: IncidentIds, message: string) =>
  platformError(c, incidents, 400, message);

/** 404 exactly as captured (homotechsual/NinjaOne #3, #57). */
export const notFound = (c: Context, incidents: IncidentIds) => platformError(c, incidents, 404, "HTTP 404 Not Found");

/** 401 for a missing, unknown or expired bearer token (homotechsual/NinjaOne #59). */
export const notAuthenticated = (c: Context) =>
  c.json({ error: "not_authenticated", error_description: "Invalid credentials", error_code: 10 }, 401);

/** 401 when the token lacks the endpoint's scope; only the `error` value is known (#26). */
export const insufficientPrivileges = (c: Context) => c.json({ error: "insufficient_privileges" }, 401);

/**
 * RFC 6749 §5.2 error from the token endpoint. Responses carry `Cache-Control: no-store` as
 * §5.1 requires of every token response.
 */
export function oauthError(c: Context, status: 400 | 401, error: string, description: string): Response {
  return c.json({ error, error_description: description }, status, { "Cache-Control": "no-store", Pragma: "no-cache" });
}

/** Fault-layer errors in platform style. Every emulated endpoint is a read except the token POST. */
export function ninjaDialect(incidents: IncidentIds): ErrorDialect {
  return {
    serverError(c, status) {
      return status === 500
        ? platformError(c, incidents, 500, "NullPointerException")
        : platformError(c, incidents, 503, "Service Unavailable");
    },
    rateLimited(c) {
      // No NinjaOne v2 rate limit, 429 body or Retry-After is documented. The body follows the
      // platform family (inferred), and Retry-After is left out: the stricter case, in which a
      // client must fall back to its own backoff.
      return platformError(c, incidents, 429, "Too Many Requests");
    },
    isWrite: (method, route) => method === "POST" && route.endsWith("/oauth/token"),
  };
}
