/**
 * Turns a non-2xx HTTP response of any of the three APIs into a typed ApiError. The bodies come in
 * four families (see the api-samples): Notion `{object:"error",status,code,message,request_id}`,
 * the UniFi envelope `{code,httpStatusCode,message,traceId}`, NinjaOne's OAuth style
 * `{error,error_description}` and its platform style `{resultCode,errorMessage,incidentId}`, plus
 * HTML pages from edge proxies. All families are tried for every API: an edge or a gateway may
 * answer in a shape the API itself never uses.
 * @module
 */
import type { ZodError } from "zod";
import type { ApiName } from "./api-name";
import {
  ApiError,
  ConflictError,
  ForbiddenError,
  MalformedResponseError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UpstreamError,
  ValidationError,
  type ApiErrorBase,
} from "./errors";
import { hints } from "./hints";
import { clip, redact } from "./redact";
import { parseRetryAfter, retryAfterFromMessage } from "./retry-timing";

/** What the error body said, whichever family it came in. */
export interface ParsedErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
  /** Notion's `additional_data.rate_limit_reason` on a 429: which limit was hit. */
  rateLimitReason?: string;
  html: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Reads code, message and request id out of any of the known error-body families. */
export function parseErrorBody(bodyText: string, contentType: string | null): ParsedErrorBody {
  const trimmed = bodyText.trimStart();
  if ((contentType ?? "").includes("html") || trimmed.startsWith("<")) return { html: true };
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { html: false, message: trimmed === "" ? undefined : trimmed };
  }
  if (typeof body === "string") return { html: false, message: str(body) };
  if (typeof body !== "object" || body === null) return { html: false };
  const o = body as Record<string, unknown>;
  // NinjaOne's platform errorMessage may be an object {code, params}.
  const em = o.errorMessage;
  const emCode = typeof em === "object" && em !== null ? str((em as Record<string, unknown>).code) : undefined;
  const extra = typeof o.additional_data === "object" && o.additional_data !== null ? (o.additional_data as Record<string, unknown>) : {};
  const reason = str(extra.rate_limit_reason);
  return {
    html: false,
    ...(reason ? { rateLimitReason: clip(reason, 80) } : {}),
    code: str(o.code) ?? str(o.error) ?? emCode,
    message: str(o.message) ?? str(o.error_description) ?? str(em) ?? emCode,
    requestId: str(o.request_id) ?? str(o.traceId) ?? str(o.incidentId),
  };
}

/** OAuth token-endpoint codes that mean "these client credentials are wrong" (RFC 6749 §5.2). */
const CREDENTIAL_CODES = new Set(["invalid_client", "unauthorized_client", "invalid_grant", "not_authenticated"]);
/** Codes that mean "authenticated, but the app lacks a scope": NinjaOne sends them as 401 / 400. */
const SCOPE_CODES = new Set(["insufficient_privileges", "invalid_scope"]);

/** A non-2xx response, as read inside the attempt. */
export interface ErrorResponseInput {
  api: ApiName;
  operation: string;
  status: number;
  headers: Headers;
  bodyText: string;
  /** Exact secret values (from the request headers) to scrub from the API's message. */
  secrets?: readonly string[];
  nowMs?: number;
}

/**
 * Maps status + body to the error class. Codes are compared case-insensitively (UniFi sends both
 * `not_found` and `NOT_FOUND`), but reported as the API spelled them.
 */
export function errorFromResponse(r: ErrorResponseInput): ApiError {
  const parsed = parseErrorBody(r.bodyText, r.headers.get("content-type"));
  const code = parsed.code?.toLowerCase();
  const message = parsed.message === undefined ? undefined : clip(redact(parsed.message, r.secrets));
  const base: ApiErrorBase = {
    api: r.api,
    operation: r.operation,
    status: r.status,
    code: parsed.code === undefined ? undefined : clip(redact(parsed.code, r.secrets), 60),
    detail: message,
    requestId: parsed.requestId,
  };
  const s = r.status;
  if (s === 429 || s === 529) {
    // 529 is Notion's service_overload: like 429 the server refused before doing anything and
    // asks to come back later, so it pauses the API the same way (the Notion SDK retries both).
    const retryAfterMs =
      parseRetryAfter(r.headers.get("retry-after"), r.nowMs ?? Date.now()) ?? retryAfterFromMessage(parsed.message);
    const reason = s === 529 ? (code ?? "service_overload") : parsed.rateLimitReason;
    return new RateLimitedError({ ...base, retryAfterMs, ...(reason ? { reason } : {}) });
  }
  if (code !== undefined && SCOPE_CODES.has(code)) return new ForbiddenError(base);
  if (s === 401 || (s === 400 && code !== undefined && CREDENTIAL_CODES.has(code))) return new UnauthorizedError(base);
  if (s === 403) return new ForbiddenError(base);
  if (s === 404) return new NotFoundError(base);
  if (s === 409) return new ConflictError(base);
  if (s === 400 || s === 413 || s === 422) return new ValidationError(base);
  if (s >= 500) return new UpstreamError({ ...base, html: parsed.html });
  return new ApiError({
    ...base,
    detail: message ?? (parsed.html ? "HTML page instead of an API answer" : `unexpected HTTP status ${s}`),
    hint: hints.unexpected(r.api),
    retryable: false,
  });
}

/** "data[3].meta.name" from a zod issue path. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(body)" : out;
}

/**
 * A schema failure as an error naming the first offending field and zod's description of it;
 * never the received value or the body, which may hold customer data.
 */
export function malformedFromZod(api: ApiName, operation: string, error: ZodError): MalformedResponseError {
  const first = error.issues[0];
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : "";
  return new MalformedResponseError({
    api,
    operation,
    problem: `${first?.message ?? "schema check failed"}${more}`,
    fieldPath: formatFieldPath(first?.path ?? []),
  });
}
