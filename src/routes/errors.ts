import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "../telemetry/logger";

/** Hears an error and returns what makes the ledger unwritable, or null (ledger/faults.ts). */
export interface LedgerFaultSink {
  report(err: unknown): { message: string } | null;
}

/** Error codes of the JSON API, each with its HTTP status. */
const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** A sync runs (here, or in another process holding the lease). */
  sync_running: 409,
  /** Inside a maintenance window; pass "force": true to run anyway. */
  in_maintenance_window: 409,
  /** A LiteFS replica: the request carries fly-replay to the primary and did nothing here. */
  not_primary: 409,
  payload_too_large: 413,
  /** Too many failed admin logins from this client: wait Retry-After seconds. */
  too_many_requests: 429,
  internal_error: 500,
  /** ADMIN_TOKEN is not set: the admin API is closed, never open by default. */
  admin_disabled: 503,
  /** NINJAONE_WEBHOOK_SECRET is not set: POST /webhooks/ninjaone takes nothing. */
  webhooks_disabled: 503,
  not_ready: 503,
  /** The ledger is read-only or its disk full: nothing can be recorded, so nothing is started. */
  ledger_unwritable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;
export type AppErrorCode = keyof typeof STATUS;

/** Thrown by routes; `onError` turns it into the one error body shape. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** More fields of the error object (e.g. `run_id`, `fields`), next to code and message. */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function errorBody(code: string, message: string, requestId: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, request_id: requestId, ...extra } };
}

/**
 * One place maps every failure to `{error:{code,message,request_id}}`. Unknown errors are
 * logged with their stack and answered with a generic message: internals never leak.
 */
export function handleError(logger: Logger, faults?: LedgerFaultSink) {
  return (err: Error, c: Context) => {
    const requestId = c.get("requestId") as string;
    // A read-only ledger or a full disk: the service pauses and says so once; the caller gets why.
    const fault = faults?.report(err);
    if (fault) {
      return c.json(errorBody("ledger_unwritable", fault.message, requestId), STATUS.ledger_unwritable);
    }
    if (err instanceof AppError) return c.json(errorBody(err.code, err.message, requestId, err.extra), STATUS[err.code], err.headers);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = status === 400 ? "bad_request" : status === 401 ? "unauthorized" : status === 404 ? "not_found" : "error";
      return c.json(errorBody(code, err.message || "request failed", requestId), status);
    }
    logger.error({ err, request_id: requestId, path: c.req.path }, "unhandled error in request");
    return c.json(errorBody("internal_error", "internal error; see the service log for this request_id", requestId), 500);
  };
}

/**
 * 404 for an unknown path; 405 with `Allow` for a known path asked with another method (Hono
 * itself answers both with 404). `routes` is the app's route table (`app.routes`).
 */
export function notFound(routes: () => readonly { method: string; path: string }[]) {
  return (c: Context) => {
    const requestId = c.get("requestId") as string;
    const allowed = [...new Set(routes().filter((r) => r.method !== "ALL" && pathMatches(r.path, c.req.path)).map((r) => r.method))];
    if (allowed.length) {
      return c.json(errorBody("method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(" or ")}`, requestId), 405, {
        Allow: allowed.join(", "),
      });
    }
    return c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`, requestId), 404);
  };
}

/** Whether a route pattern ("/admin/runs/:id") matches a concrete path. */
function pathMatches(pattern: string, path: string): boolean {
  if (pattern.includes("*")) return false;
  const a = pattern.split("/");
  const b = path.replace(/\/+$/, "").split("/");
  return a.length === b.length && a.every((seg, i) => seg.startsWith(":") ? (b[i] ?? "") !== "" : seg === b[i]);
}
