import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorDialect } from "../common/faults";

/** Error codes the real API sends. `missing_version` is real but unknown to the client. */
export type NotionErrorCode =
  | "unauthorized"
  | "restricted_resource"
  | "object_not_found"
  | "rate_limited"
  | "invalid_json"
  | "invalid_request_url"
  | "invalid_request"
  | "validation_error"
  | "missing_version"
  | "conflict_error"
  | "internal_server_error"
  | "service_unavailable"
  | "service_overload";

/** Thrown anywhere in a handler; the app's error handler turns it into Notion's error body. */
export class NotionError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: NotionErrorCode | (string & {}),
    message: string,
  ) {
    super(message);
    this.name = "NotionError";
  }
}

/** 400 validation_error, the answer to almost every bad request. */
export const validationError = (message: string): NotionError => new NotionError(400, "validation_error", message);

export type ObjectKind = "page" | "database" | "data_source" | "user" | "block" | "view";

/** 404 with Notion's own wording, which also covers "exists but not shared with you". */
export const notFound = (kind: ObjectKind, id: string): NotionError =>
  new NotionError(
    404,
    "object_not_found",
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );

/** Notion's wording for any edit of something in the trash (pages, and blocks in general). */
export const archivedError = (): NotionError =>
  validationError("Can't edit block that is archived. You must unarchive the block before editing.");

export const RATE_LIMITED_MESSAGE = "You have been rate limited. Please try again in a few minutes.";

/**
 * The request id of this request. Real responses carry it both as `x-notion-request-id` and in
 * every JSON body; the id middleware sets it first, this falls back for responses made earlier.
 */
export function requestIdOf(c: Context): string {
  // The shared fault layer types its context without our variables, hence the untyped lookup.
  const vars = c as unknown as { get(key: string): unknown; set(key: string, value: unknown): void };
  let id = vars.get("requestId");
  if (typeof id !== "string") {
    id = crypto.randomUUID();
    vars.set("requestId", id);
  }
  return id as string;
}

/** Notion's error envelope: `{object:"error", status, code, message, request_id}`. */
export function errorResponse(c: Context, err: NotionError, headers: Record<string, string> = {}, additionalData?: Record<string, unknown>): Response {
  const requestId = requestIdOf(c);
  return c.json(
    { object: "error", status: err.status, code: err.code, message: err.message, request_id: requestId, ...(additionalData ? { additional_data: additionalData } : {}) },
    err.status,
    { "x-notion-request-id": requestId, ...headers },
  );
}

/** Query and search are POSTs that read; everything else that is not a GET writes. */
const READ_ONLY_POSTS = new Set(["/v1/data_sources/:data_source_id/query", "/v1/search"]);

/** How the shared fault layer speaks Notion. */
export const notionDialect: ErrorDialect = {
  serverError: (c, status) =>
    status === 500
      ? errorResponse(c, new NotionError(500, "internal_server_error", "Unexpected error occurred."))
      : errorResponse(c, new NotionError(503, "service_unavailable", "Notion is unavailable, please try again later.")),
  // The reason names which limit was hit (developers.notion.com/reference/request-limits); the
  // classic token bucket, which the page no longer describes, sends none.
  rateLimited: (c, retryAfterSeconds, reason) =>
    errorResponse(c, new NotionError(429, "rate_limited", RATE_LIMITED_MESSAGE), { "Retry-After": String(retryAfterSeconds) }, reason ? { rate_limit_reason: reason } : undefined),
  // 529 service_overload with an integer Retry-After ("handle 429 and 529 alike"); the message
  // is not quoted anywhere we could read, so it says what the code says.
  overloaded: (c, retryAfterSeconds) =>
    errorResponse(c, new NotionError(529 as ContentfulStatusCode, "service_overload", "Notion is overloaded. Please try again later."), { "Retry-After": String(retryAfterSeconds) }),
  limitReasons: { connection: "public_api_request_rate_limit", workspace: "public_api_space_request_rate_limit" },
  isWrite: (method, route) => (method === "POST" && !READ_ONLY_POSTS.has(route)) || method === "PATCH" || method === "DELETE",
  // The message is the one the reference quotes for Notion's APIErrorCode.ConflictError.
  conflict: (c) => errorResponse(c, new NotionError(409, "conflict_error", "Conflict occurred while saving. Please try again.")),
};
