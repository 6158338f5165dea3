/**
 * JSON client for the source APIs (UniFi Site Manager, NinjaOne): builds the URL, sends through
 * the API's gate, maps failures to typed errors and validates the body with a zod schema.
 * @module
 */
import type { ZodType } from "zod";
import type { ApiName } from "./api-name";
import type { FetchLike } from "./gated-fetch";
import type { ApiGate, CallOverrides } from "./gate";
import { MalformedResponseError, UnauthorizedError } from "./errors";
import { templatePath } from "./operations";
import { secretsFromHeaders } from "./redact";
import { errorFromResponse, malformedFromZod } from "./response-errors";

type QueryScalar = string | number | boolean;
/** Query values; arrays become repeated keys (`hostIds=a&hostIds=b`), null/undefined are skipped. */
export type QueryParams = Record<string, QueryScalar | readonly QueryScalar[] | null | undefined>;

export interface ApiClientOptions {
  api: ApiName;
  /** e.g. "https://api.ui.com"; a trailing slash is ignored. */
  baseUrl: string;
  gate: ApiGate;
  /**
   * Request headers (credentials). Resolved before each request, and again before the re-send
   * after a 401, outside the gate's slot: it may itself call the API through the same gate (the
   * NinjaOne token request) without holding a slot it would then wait for.
   */
  headers: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: FetchLike;
  /**
   * Called once per request on a 401 (e.g. NinjaOne drops its cached token). Resolving true
   * re-sends the request once with fresh headers: a 401 was refused before doing anything, so
   * even a write is safe to re-send. Without the hook, the UnauthorizedError is thrown.
   */
  onUnauthorized?: (err: UnauthorizedError) => boolean | Promise<boolean>;
}

export interface ApiRequest<T> {
  /** e.g. "GET /v1/sites"; names the call in errors, logs and metrics. */
  operation: string;
  method?: string;
  /** Path below the base URL, e.g. "/v2/devices-detailed". */
  path: string;
  query?: QueryParams;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded (OAuth token requests). */
  form?: Record<string, string>;
  schema: ZodType<T>;
  /** Defaults from the method: GET/HEAD/PUT/DELETE yes, POST/PATCH no. */
  idempotent?: boolean;
  signal?: AbortSignal;
  /** Readiness probes: one attempt, a short timeout (see CallOverrides). */
  overrides?: CallOverrides;
}

interface RawResponse {
  status: number;
  contentType: string | null;
  text: string;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** One instance per source API, sharing that API's gate with everything else that calls it. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly doFetch: FetchLike;

  constructor(private readonly opts: ApiClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.doFetch = opts.fetch ?? ((url, init) => fetch(url, init));
  }

  /** Sends the request and returns the body parsed by `schema`, or rejects with an ApiError. */
  async request<T>(req: ApiRequest<T>): Promise<T> {
    let raw: RawResponse;
    try {
      raw = await this.send(req);
    } catch (err) {
      if (!(err instanceof UnauthorizedError) || !this.opts.onUnauthorized) throw err;
      if (!(await this.opts.onUnauthorized(err))) throw err;
      raw = await this.send(req);
    }
    return this.parse(req, raw);
  }

  /** Full URL for a path and query (exposed for connectors that log or page by URL). */
  buildUrl(path: string, query?: QueryParams): string {
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === null || value === undefined) continue;
      const values: readonly QueryScalar[] = Array.isArray(value) ? value : [value as QueryScalar];
      for (const v of values) url.searchParams.append(key, String(v));
    }
    return url.toString();
  }

  private async send<T>(req: ApiRequest<T>): Promise<RawResponse> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = this.buildUrl(req.path, req.query);
    const { api } = this.opts;
    const route = templatePath(new URL(url).pathname);
    const call = { operation: req.operation, idempotent: req.idempotent ?? IDEMPOTENT.has(method), signal: req.signal, method, route, ...req.overrides };
    const headers: Record<string, string> = { accept: "application/json", ...(await this.opts.headers()) };
    let body: string | undefined;
    if (req.form !== undefined) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(req.form).toString();
    } else if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.body);
    }
    return this.opts.gate.execute(call, async (signal) => {
      const res = await this.doFetch(url, { method, headers, body, signal });
      const text = await res.text();
      if (!res.ok) {
        // Form bodies carry client secrets (OAuth): scrub them like header credentials.
        const secrets = [...secretsFromHeaders(headers), ...Object.values(req.form ?? {})];
        throw errorFromResponse({ api, operation: req.operation, status: res.status, headers: res.headers, bodyText: text, secrets });
      }
      return { status: res.status, contentType: res.headers.get("content-type"), text };
    });
  }

  private parse<T>(req: ApiRequest<T>, raw: RawResponse): T {
    const { api } = this.opts;
    let json: unknown = undefined;
    if (raw.text.trim() !== "") {
      try {
        json = JSON.parse(raw.text);
      } catch {
        const type = (raw.contentType ?? "no content-type").split(";")[0];
        const html = /html/i.test(type ?? "") || raw.text.trimStart().startsWith("<");
        throw new MalformedResponseError({
          api,
          operation: req.operation,
          status: raw.status,
          problem: html ? `HTML page instead of JSON (${type}), likely from a proxy or captive portal` : `body is not JSON (${type})`,
        });
      }
    }
    const result = req.schema.safeParse(json);
    if (!result.success) throw malformedFromZod(api, req.operation, result.error);
    return result.data;
  }
}
