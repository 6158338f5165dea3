/**
 * Base of the typed failures of the three upstream APIs. Every message reads
 * `<api> <operation>: <status code | what happened> — <detail> <hint>`, e.g.
 * `notion pages.create: 401 unauthorized — API token is invalid. Check NOTION_TOKEN (see docs/SECRET_ROTATION.md)`,
 * so a single log line tells the on-call engineer which API, which call, what happened and what
 * to do. Details are scrubbed of secrets before they get here (see redact.ts).
 * @module
 */
import type { ApiName } from "./api-name";

/** What every ApiError is built from. */
export interface ApiErrorInit {
  api: ApiName;
  /** The call, e.g. "pages.create" or "GET /v1/sites". Never a URL: no ids, no query strings. */
  operation: string;
  status?: number;
  /** The API's own error code, e.g. Notion `validation_error`, UniFi `NOT_FOUND`. */
  code?: string;
  /** Stands in for "<status> <code>" when there is no HTTP status (timeouts, network...). */
  summary?: string;
  /** What happened, in the API's words where it gave any. */
  detail: string;
  hint: string;
  /** Worth trying again later without changing anything. */
  retryable: boolean;
  /** The API's request / trace / incident id, for support tickets. */
  requestId?: string;
  cause?: ApiError;
}

/** Fields shared by the subclasses' constructors. */
export type ApiErrorBase = Pick<ApiErrorInit, "api" | "operation" | "status" | "code" | "requestId"> & {
  detail?: string;
};

/** Base of every upstream failure; usable directly for the odd status no subclass covers. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly api: ApiName;
  readonly operation: string;
  readonly status?: number;
  readonly code?: string;
  readonly retryable: boolean;
  readonly hint: string;
  readonly detail: string;
  readonly requestId?: string;
  /** How many attempts the gate made before giving up (set by the gate). */
  attempts?: number;

  constructor(init: ApiErrorInit) {
    super(formatMessage(init), init.cause ? { cause: init.cause } : undefined);
    this.api = init.api;
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.retryable = init.retryable;
    this.hint = init.hint;
    this.detail = init.detail;
    this.requestId = init.requestId;
  }

  /** Subclass-specific fields for logs. */
  protected extra(): Record<string, unknown> {
    return {};
  }

  /** A plain object for structured logs; holds nothing the message does not already say safely. */
  toJSON(): Record<string, unknown> {
    const cause = this.cause instanceof ApiError ? this.cause.toJSON() : undefined;
    return dropUndefined({
      name: this.name,
      message: this.message,
      api: this.api,
      operation: this.operation,
      status: this.status,
      code: this.code,
      retryable: this.retryable,
      hint: this.hint,
      requestId: this.requestId,
      attempts: this.attempts,
      ...this.extra(),
      cause,
    });
  }

  /** One line for humans: the message plus attempts and the cause, if any. */
  describe(): string {
    const parts = [this.message];
    if (this.attempts !== undefined && this.attempts > 1) parts.push(`(after ${this.attempts} attempts)`);
    if (this.requestId) parts.push(`[request ${this.requestId}]`);
    if (this.cause instanceof ApiError) parts.push(`cause: ${this.cause.describe()}`);
    return parts.join(" ");
  }
}

function formatMessage(init: ApiErrorInit): string {
  const head =
    init.status !== undefined ? [init.status, init.code].filter((p) => p !== undefined).join(" ") : init.summary;
  const detail = /[.!?…]$/.test(init.detail) ? init.detail : `${init.detail}.`;
  return `${init.api} ${init.operation}: ${head ?? "failed"} — ${detail} ${init.hint}`;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
