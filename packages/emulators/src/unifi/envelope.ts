/**
 * The UniFi Site Manager wire envelope. Every answer, success or error, carries `httpStatusCode`
 * and a 32-hex `traceId` (developer.ui.com/site-manager/v1.0.0/responseformat); errors add `code`
 * and `message`. Error codes are lowercase in real captures except `NOT_FOUND` (go-unifi
 * testdata/errors, docs example), and the emulator keeps that inconsistency on purpose.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorDialect } from "../common/faults";
import { randHex, type Rng } from "@oberaconnect/common/random";

/** How the end of a list is marked: all three forms occur in real captures. */
export type EndStyle = "missing" | "empty" | "null";

/** Draws trace ids from the emulator's seeded stream so a run replays byte for byte. */
export class TraceIds {
  constructor(private readonly rng: Rng) {}
  next(): string {
    return randHex(this.rng, 32);
  }
}

/** Success: `{data, httpStatusCode, traceId}` plus `nextToken` in the requested end form. */
export function ok(
  c: Context,
  trace: TraceIds,
  data: unknown,
  page?: { nextToken: string } | { end: EndStyle },
): Response {
  const body: Record<string, unknown> = { data, httpStatusCode: 200, traceId: trace.next() };
  if (page && "nextToken" in page) body.nextToken = page.nextToken;
  else if (page?.end === "empty") body.nextToken = "";
  else if (page?.end === "null") body.nextToken = null;
  return c.json(body, 200);
}

/** Error envelope `{code, httpStatusCode, message, traceId}`. */
export function fail(
  c: Context,
  trace: TraceIds,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  return c.json({ code, httpStatusCode: status, message, traceId: trace.next() }, status, headers);
}

/** 400 as go-unifi testdata/errors/parameter_invalid.json. */
export const invalidParameter = (c: Context, trace: TraceIds, message: string) =>
  fail(c, trace, 400, "parameter_invalid", message);

/**
 * What each route's 500 says. "failed to list hosts" is the captured message (go-unifi
 * server_error.json); the others follow the same wording.
 */
function serverErrorMessage(path: string): string {
  if (/\/hosts\/?$/.test(path)) return "failed to list hosts";
  if (/\/hosts\/[^/]+$/.test(path)) return "failed to get host";
  if (/\/sites\/?$/.test(path)) return "failed to list sites";
  if (/\/devices\/?$/.test(path)) return "failed to list devices";
  if (path.includes("/isp-metrics")) return "failed to get isp metrics";
  return "internal server error";
}

/** Fault-layer errors in the UniFi envelope; nothing in this API writes, the query POST included. */
export function unifiDialect(trace: TraceIds): ErrorDialect {
  return {
    serverError(c, status) {
      if (status === 500) return fail(c, trace, 500, "server_error", serverErrorMessage(c.req.path));
      // No 503 body has been captured; this one follows the same envelope (inferred).
      return fail(c, trace, 503, "service_unavailable", "service unavailable");
    },
    rateLimited(c, retryAfterSeconds) {
      // Body as go-unifi errors/rate_limit.json; the message uses Go's duration format, which for
      // whole seconds is "6s". Retry-After is integer seconds "following the RFC" (LCD gettingstarted).
      return fail(c, trace, 429, "rate_limit", `rate limit exceeded, retry after ${retryAfterSeconds}s`, {
        "Retry-After": String(retryAfterSeconds),
      });
    },
    isWrite: () => false,
  };
}
