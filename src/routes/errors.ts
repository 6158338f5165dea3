import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "../telemetry/logger";

/** Error codes of the JSON API, each with its HTTP status. */
const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal_error: 500,
  not_ready: 503,
} as const satisfies Record<string, ContentfulStatusCode>;
export type AppErrorCode = keyof typeof STATUS;

/** Thrown by routes; `onError` turns it into the one error body shape. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function errorBody(code: string, message: string, requestId: string) {
  return { error: { code, message, request_id: requestId } };
}

/**
 * One place maps every failure to `{error:{code,message,request_id}}`. Unknown errors are
 * logged with their stack and answered with a generic message: internals never leak.
 */
export function handleError(logger: Logger) {
  return (err: Error, c: Context) => {
    const requestId = c.get("requestId") as string;
    if (err instanceof AppError) return c.json(errorBody(err.code, err.message, requestId), STATUS[err.code]);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      const code = status === 400 ? "bad_request" : status === 401 ? "unauthorized" : status === 404 ? "not_found" : "error";
      return c.json(errorBody(code, err.message || "request failed", requestId), status);
    }
    logger.error({ err, request_id: requestId, path: c.req.path }, "unhandled error in request");
    return c.json(errorBody("internal_error", "internal error; see the service log for this request_id", requestId), 500);
  };
}

export function notFound(c: Context) {
  const requestId = c.get("requestId") as string;
  return c.json(errorBody("not_found", `no route for ${c.req.method} ${c.req.path}`, requestId), 404);
}
