/**
 * One function for the Notion adapter's catch blocks: whatever a @notionhq/client call threw,
 * get a typed ApiError. With the gated fetch most failures are already ApiErrors (the SDK passes
 * them through untouched); the SDK's own errors cover the rest: a client used without the gate,
 * its path validation, its own timeout, a 2xx body it cannot parse.
 * @module
 */
import {
  APIResponseError,
  InvalidPathParameterError,
  RequestTimeoutError,
  UnknownHTTPResponseError,
} from "@notionhq/client";
import { ApiError, MalformedResponseError, TimeoutError, ValidationError } from "./errors";
import { hints } from "./hints";
import { clip, redact } from "./redact";
import { errorFromResponse } from "./response-errors";

/** The SDK types `headers` as unknown (any fetch may be plugged in); rebuild a Headers. */
function toHeaders(h: unknown): Headers {
  if (h instanceof Headers) return h;
  const out = new Headers();
  if (typeof h === "object" && h !== null) {
    for (const [k, v] of Object.entries(h)) if (typeof v === "string") out.set(k, v);
  }
  return out;
}

/**
 * Maps anything thrown by a Notion call to an ApiError. `operation` names the call (e.g.
 * "pages.create") when the error does not carry it, which only SDK-built errors lack.
 */
export function toApiError(err: unknown, operation = "request"): ApiError {
  if (err instanceof ApiError) return err;
  if (APIResponseError.isAPIResponseError(err) || UnknownHTTPResponseError.isUnknownHTTPResponseError(err)) {
    // Both carry the raw body and headers; re-read them with the same rules as the gated path.
    return errorFromResponse({
      api: "notion",
      operation,
      status: err.status,
      headers: toHeaders(err.headers),
      bodyText: err.body,
    });
  }
  if (RequestTimeoutError.isRequestTimeoutError(err)) {
    // The SDK's own timer; it does not abort the request (see the notion-api reference, §2).
    return new TimeoutError({ api: "notion", operation, detail: "the Notion client gave up waiting" });
  }
  if (InvalidPathParameterError.isInvalidPathParameterError(err)) {
    return new ValidationError({ api: "notion", operation, detail: clip(redact(err.message)) });
  }
  if (err instanceof SyntaxError) {
    return new MalformedResponseError({ api: "notion", operation, problem: "body is not JSON" });
  }
  const detail = err instanceof Error ? `${err.name}: ${clip(redact(err.message), 200)}` : "non-error value thrown";
  return new ApiError({ api: "notion", operation, summary: "failed", detail, hint: hints.unexpected("notion"), retryable: false });
}
