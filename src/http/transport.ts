/**
 * What a thrown fetch failure means: connection never made (safe to re-send anything), or lost
 * after the request may have reached the server (a write's outcome is then unknown).
 * @module
 */
import type { ApiName } from "./api-name";
import { NetworkError } from "./errors";

/**
 * Transport codes raised before a single byte of the request left this host (Bun and Node
 * spellings). Everything else, ECONNRESET above all, is treated as "may have been sent": the
 * stricter reading, because the real servers give no way to tell.
 */
const PRE_SEND_CODES = new Set([
  "ECONNREFUSED",
  "ConnectionRefused",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "FailedToOpenSocket",
]);

/** The error code of a fetch failure: Bun puts it on the error, Node's undici on `cause`. */
function transportCode(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const own = (raw as { code?: unknown }).code;
  if (typeof own === "string") return own;
  const cause = (raw as { cause?: unknown }).cause;
  if (typeof cause === "object" && cause !== null) {
    const c = (cause as { code?: unknown }).code;
    if (typeof c === "string") return c;
  }
  return undefined;
}

/**
 * Whether a thrown value is a failed fetch rather than a bug: fetch failures carry a transport
 * code (or are undici's "fetch failed"). A code-less TypeError is a programming error and must
 * surface as itself, not be retried as a network blip.
 */
export function isTransportFailure(raw: unknown): boolean {
  if (transportCode(raw) !== undefined) return true;
  return raw instanceof TypeError && /fetch failed/i.test(raw.message);
}

/**
 * A NetworkError for a failed fetch. Only the code survives: Bun's fetch errors carry the full
 * URL, query string included, in `path` and sometimes in the message.
 */
export function toNetworkError(raw: unknown, api: ApiName, operation: string): NetworkError {
  const causeCode = transportCode(raw);
  return new NetworkError({
    api,
    operation,
    causeCode: causeCode && /^[\w.-]{1,40}$/.test(causeCode) ? causeCode : undefined,
    beforeSend: causeCode !== undefined && PRE_SEND_CODES.has(causeCode),
  });
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts, even if the
 * work behind the promise ignores the signal. The gate's timeout therefore always fires on time.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
