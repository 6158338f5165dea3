/**
 * Typed failures of the three upstream APIs, one class per thing an on-call engineer does
 * differently. Import errors from here; errors-base.ts holds the shared base class.
 * @module
 */
import { ApiError, type ApiErrorBase, type ApiErrorInit } from "./errors-base";
import { formatSeconds, hints } from "./hints";

export { ApiError, type ApiErrorBase, type ApiErrorInit } from "./errors-base";
export type { ApiName } from "./api-name";

/** 401: the credentials were refused. Refreshing a token once may help (NinjaOne). */
export class UnauthorizedError extends ApiError {
  override name = "UnauthorizedError";
  constructor(i: ApiErrorBase) {
    super({ ...i, detail: i.detail ?? "credentials were refused", hint: hints.unauthorized(i.api), retryable: false });
  }
}

/** 403 (or a missing OAuth scope): authenticated but not allowed. */
export class ForbiddenError extends ApiError {
  override name = "ForbiddenError";
  constructor(i: ApiErrorBase) {
    super({ ...i, detail: i.detail ?? "access denied", hint: hints.forbidden(i.api), retryable: false });
  }
}

/** 404: the object does not exist or is not visible to these credentials. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
  constructor(i: ApiErrorBase) {
    super({ ...i, detail: i.detail ?? "not found", hint: hints.notFound(i.api), retryable: false });
  }
}

/** 409: a concurrent edit won (Notion `conflict_error`); the one 4xx that is worth a retry. */
export class ConflictError extends ApiError {
  override name = "ConflictError";
  constructor(i: ApiErrorBase) {
    // Notion's 409 conflict_error ("Conflict occurred while saving. Please try again.") is a
    // transient lock on the page: the gate retries it like a 5xx when re-sending is harmless
    // (a PATCH sets absolute values); a create that met it counts as an unknown outcome.
    super({ ...i, detail: i.detail ?? "conflict while saving", hint: hints.conflict(i.api), retryable: true });
  }
}

/** 429 (and Notion's 529 overload): the server refused before doing anything. */
export class RateLimitedError extends ApiError {
  override name = "RateLimitedError";
  /** From Retry-After; undefined when the server gave none (the gate then backs off). */
  readonly retryAfterMs?: number;
  /**
   * Which limit, as the API named it: Notion's `additional_data.rate_limit_reason`
   * (public_api_request_rate_limit, public_api_space_request_rate_limit, others may appear), or
   * "service_overload" for its 529. Undefined when the API said nothing.
   */
  readonly reason?: string;
  constructor(i: ApiErrorBase & { retryAfterMs?: number; reason?: string }) {
    super({
      ...i,
      detail: i.detail ?? "rate limited",
      hint: hints.rateLimited(i.api, i.retryAfterMs),
      retryable: true,
    });
    this.retryAfterMs = i.retryAfterMs;
    this.reason = i.reason;
  }
  protected override extra() {
    return { retryAfterMs: this.retryAfterMs, reason: this.reason };
  }
}

/**
 * The API asked every request to wait longer than the configured ceiling (a workspace-wide
 * limit can last minutes): the run stops here, with nothing marked failed, and is resumed once
 * the wait is over. Nothing was sent.
 */
export class RateLimitDeferredError extends ApiError {
  override name = "RateLimitDeferredError";
  readonly untilMs: number;
  readonly reason?: string;
  constructor(i: Pick<ApiErrorInit, "api" | "operation"> & { untilMs: number; reason?: string; ceilingMs: number }) {
    super({
      ...i,
      status: 429,
      summary: "deferred",
      detail: `the API asked to wait until ${new Date(i.untilMs).toISOString()}${i.reason ? ` (${i.reason})` : ""}, longer than the ${formatSeconds(i.ceilingMs)} a run waits`,
      hint: hints.deferred(i.api),
      retryable: true,
    });
    this.untilMs = i.untilMs;
    this.reason = i.reason;
  }
  protected override extra() {
    return { untilMs: this.untilMs, reason: this.reason };
  }
}

/** 400/413/422: the request itself is wrong; carries the API's message verbatim (scrubbed). */
export class ValidationError extends ApiError {
  override name = "ValidationError";
  constructor(i: ApiErrorBase) {
    super({ ...i, detail: i.detail ?? "request refused as invalid", hint: hints.validation(i.api), retryable: false });
  }
  /** The API's own explanation, e.g. Notion's "body failed validation: ...". */
  get apiMessage(): string {
    return this.detail;
  }
}

/** An attempt got no answer in time; its socket was aborted. */
export class TimeoutError extends ApiError {
  override name = "TimeoutError";
  readonly timeoutMs?: number;
  constructor(i: ApiErrorBase & { timeoutMs?: number }) {
    super({
      ...i,
      summary: i.timeoutMs === undefined ? "timed out" : `timed out after ${i.timeoutMs} ms`,
      detail: i.detail ?? "no response in time; the request was aborted",
      hint: hints.timeout(i.api),
      retryable: true,
    });
    this.timeoutMs = i.timeoutMs;
  }
  protected override extra() {
    return { timeoutMs: this.timeoutMs };
  }
}

/** The breaker for this API is open: the call was refused locally, nothing was sent. */
export class CircuitOpenError extends ApiError {
  override name = "CircuitOpenError";
  readonly retryInMs: number;
  readonly consecutiveFailures: number;
  constructor(i: Pick<ApiErrorInit, "api" | "operation"> & { retryInMs: number; consecutiveFailures: number }) {
    super({
      ...i,
      summary: "circuit open",
      detail: `${i.consecutiveFailures} calls in a row failed, so no request was sent; retry in ${formatSeconds(i.retryInMs)}`,
      hint: hints.circuitOpen(i.api, i.retryInMs),
      retryable: true,
    });
    this.retryInMs = i.retryInMs;
    this.consecutiveFailures = i.consecutiveFailures;
  }
  protected override extra() {
    return { retryInMs: this.retryInMs, consecutiveFailures: this.consecutiveFailures };
  }
}

/** 5xx, including an HTML error page from an edge proxy in front of the API. */
export class UpstreamError extends ApiError {
  override name = "UpstreamError";
  readonly html: boolean;
  constructor(i: ApiErrorBase & { html?: boolean }) {
    super({
      ...i,
      detail: i.html
        ? "HTML error page from an edge proxy (the API itself may never have seen the request)"
        : (i.detail ?? "server error"),
      hint: hints.upstream(i.api),
      retryable: true,
    });
    this.html = i.html ?? false;
  }
  protected override extra() {
    return { html: this.html || undefined };
  }
}

/** The connection failed. `beforeSend` only when the request provably never left this host. */
export class NetworkError extends ApiError {
  override name = "NetworkError";
  readonly beforeSend: boolean;
  /** The transport's error code (ECONNRESET, ENOTFOUND...), never its message: that holds the URL. */
  readonly causeCode?: string;
  constructor(i: Pick<ApiErrorInit, "api" | "operation"> & { beforeSend: boolean; causeCode?: string }) {
    super({
      ...i,
      summary: i.causeCode ? `network error ${i.causeCode}` : "network error",
      detail: i.beforeSend
        ? "could not connect, nothing was sent"
        : "the connection failed after the request was sent",
      hint: hints.network(i.api, i.causeCode),
      retryable: true,
    });
    this.beforeSend = i.beforeSend;
    this.causeCode = i.causeCode;
  }
  protected override extra() {
    return { beforeSend: this.beforeSend, causeCode: this.causeCode };
  }
}

/**
 * A non-idempotent write (e.g. Notion page create) may or may not have been applied: it timed out,
 * the connection dropped or the server answered 5xx after the request was sent. It is not
 * re-sent, because a blind re-send can duplicate the record; the caller must look it up first.
 */
export class OutcomeUnknownError extends ApiError {
  override name = "OutcomeUnknownError";
  constructor(i: Pick<ApiErrorInit, "api" | "operation"> & { cause?: ApiError; reason?: string }) {
    const why = i.cause ? i.cause.message.replace(/^\S+ \S+: /, "").split(" — ")[0] : (i.reason ?? "interrupted");
    super({
      ...i,
      summary: "outcome unknown",
      detail: `the write may have been applied (${why})`,
      hint: hints.outcomeUnknown(i.api),
      retryable: false,
      cause: i.cause,
    });
  }
}

/** A 2xx body that is not JSON or fails the response schema; names the field, never the body. */
export class MalformedResponseError extends ApiError {
  override name = "MalformedResponseError";
  readonly fieldPath?: string;
  constructor(i: ApiErrorBase & { problem: string; fieldPath?: string }) {
    super({
      ...i,
      summary: "malformed response",
      detail: i.fieldPath ? `${i.problem} at ${i.fieldPath}` : i.problem,
      hint: hints.malformed(i.api),
      retryable: false,
    });
    this.fieldPath = i.fieldPath;
  }
  protected override extra() {
    return { fieldPath: this.fieldPath };
  }
}

/** Errors the circuit breaker counts: trouble on the API's side, not a refusal of our request. */
export function isUpstreamTrouble(err: unknown): boolean {
  return (
    err instanceof UpstreamError ||
    err instanceof TimeoutError ||
    err instanceof NetworkError ||
    err instanceof OutcomeUnknownError
  );
}
