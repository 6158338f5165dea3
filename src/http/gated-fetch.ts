/**
 * A `fetch` for @notionhq/client that routes every request through an ApiGate, so the gate, not
 * the SDK, owns timing, rate limiting and retries. Use it as
 * `new Client({ auth, fetch: createGatedFetch(gate, { api: "notion" }), retry: false, timeoutMs: <above the gate's budget> })`.
 *
 * Design: failures are THROWN as typed ApiErrors, never returned as error Responses. The SDK
 * (Client.js `executeWithRetry`) rethrows anything that is not its own NotionClientError
 * untouched, and `rejectAfterTimeout` passes a fetch rejection straight through, so the adapter
 * receives our error as is. Returning the final error Response instead would let the SDK build an
 * APIResponseError, but it would turn a timed-out or 5xx page create into a plain error and lose
 * "outcome unknown", which only the gate knows. `toApiError` (notion-errors.ts) still maps SDK
 * errors for the few failures the SDK raises itself.
 * @module
 */
import type { ApiName } from "./api-name";
import type { ApiGate, CallOverrides } from "./gate";
import { MalformedResponseError } from "./errors";
import { classifyGenericRequest, classifyNotionRequest, templatePath, type OperationInfo } from "./operations";
import { secretsFromHeaders } from "./redact";
import { errorFromResponse } from "./response-errors";

/** The part of `fetch` this layer calls; Bun's global fetch and test doubles both fit. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The request init @notionhq/client passes (its SupportedRequestInit). */
export interface GatedFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  /** Node http.Agent from the SDK; meaningless for Bun's fetch and ignored. */
  agent?: unknown;
}

export interface GatedFetchOptions {
  api: ApiName;
  /** Operation name + idempotency from method and URL; defaults to the Notion table for "notion". */
  classifyOperation?: (method: string, url: URL) => OperationInfo;
  fetch?: FetchLike;
  /** Applied to every call (a probe client: one attempt, a short timeout). */
  overrides?: CallOverrides;
}

/** A fetch-compatible function whose every call goes through the gate. */
export type GatedFetch = (url: string, init?: GatedFetchInit) => Promise<Response>;

/**
 * Builds the gated fetch. Each attempt reads the whole body inside the gate, so a connection that
 * drops mid-body is a failed attempt (and, for a create, an unknown outcome) rather than an error
 * the SDK would raise outside the gate. A 2xx body that is not JSON is a MalformedResponseError.
 */
export function createGatedFetch(gate: ApiGate, opts: GatedFetchOptions): GatedFetch {
  const classify = opts.classifyOperation ?? (opts.api === "notion" ? classifyNotionRequest : classifyGenericRequest);
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  return async (url, init = {}) => {
    const method = (init.method ?? "GET").toUpperCase();
    const { operation, idempotent } = classify(method, new URL(url));
    const secrets = secretsFromHeaders(init.headers);
    const route = templatePath(new URL(url).pathname);
    return gate.execute({ operation, idempotent, method, route, ...opts.overrides }, async (signal) => {
      const res = await doFetch(url, { method, headers: init.headers, body: init.body, signal });
      const text = await res.text();
      if (!res.ok) {
        throw errorFromResponse({ api: opts.api, operation, status: res.status, headers: res.headers, bodyText: text, secrets });
      }
      if (text !== "") {
        try {
          JSON.parse(text);
        } catch {
          const type = res.headers.get("content-type") ?? "no content-type";
          throw new MalformedResponseError({
            api: opts.api,
            operation,
            status: res.status,
            problem: `body is not JSON (${type.split(";")[0]})`,
          });
        }
      }
      // The body is already decoded text: its transfer headers no longer describe it.
      const headers = new Headers(res.headers);
      headers.delete("content-encoding");
      headers.delete("content-length");
      return new Response(text, { status: res.status, statusText: res.statusText, headers });
    });
  };
}
