/**
 * NinjaOne OAuth 2 client credentials: `POST {base}/ws/oauth/token`, form-encoded, with the
 * configured scope (homotechsual/NinjaOne Connect-NinjaOne.ps1). Client credentials bring no
 * refresh token, so a new token is requested shortly before the old one expires (SGN and
 * provectio both renew 60 s early), and once more when the API refuses a token with 401 anyway
 * (revoked, or the server's clock disagrees with ours).
 * @module
 */
import { ApiClient, type ApiGate, type CallOverrides, type FetchLike } from "../../http";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { NinjaTokenResponseSchema } from "@oberaconnect/common/wire/ninjaone";

export interface NinjaAuthOptions {
  /** Regional instance, e.g. "https://eu.ninjarmm.com". */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated, e.g. "monitoring". */
  scope: string;
  gate: ApiGate;
  clock?: Clock;
  fetch?: FetchLike;
}

/** How long before its expiry a token is replaced. */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;

interface CachedToken {
  value: string;
  /** Clock time after which the token is no longer used. */
  renewAt: number;
}

/**
 * Hands out a valid access token. Concurrent callers share one token request: after an expiry,
 * fifty parallel calls must not become fifty token requests.
 */
export class NinjaTokenProvider {
  private readonly client: ApiClient;
  private readonly clock: Clock;
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  /** Token requests sent so far (for tests and metrics). */
  requests = 0;

  constructor(private readonly opts: NinjaAuthOptions) {
    this.clock = opts.clock ?? systemClock;
    this.client = new ApiClient({ api: "ninjaone", baseUrl: opts.baseUrl, gate: opts.gate, headers: () => ({}), fetch: opts.fetch });
  }

  /**
   * A token that is not about to expire, requesting one if needed. `overrides` (a readiness
   * probe: one attempt) apply only when this call starts the token request.
   */
  async token(signal?: AbortSignal, overrides?: CallOverrides): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.renewAt) return this.cached.value;
    return (await this.fetchShared(signal, overrides)).value;
  }

  /**
   * After a 401 with `rejected`: drops it and returns a fresh token. When another caller already
   * replaced it, that newer token is returned without a new request.
   */
  async renew(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.cached && this.cached.value !== rejected && this.clock.now() < this.cached.renewAt) return this.cached.value;
    if (this.cached?.value === rejected) this.cached = undefined;
    return (await this.fetchShared(signal)).value;
  }

  /** Requests a new token now, ignoring the cache (health checks prove the credentials work). */
  async check(signal?: AbortSignal): Promise<void> {
    this.cached = undefined;
    await this.fetchShared(signal);
  }

  private fetchShared(signal?: AbortSignal, overrides?: CallOverrides): Promise<CachedToken> {
    // A shared request ignores any one caller's signal: one caller giving up must not fail the
    // others waiting on the same token.
    this.pending ??= this.request(overrides).finally(() => (this.pending = undefined));
    return signal ? raceSignal(this.pending, signal) : this.pending;
  }

  private async request(overrides?: CallOverrides): Promise<CachedToken> {
    this.requests++;
    const started = this.clock.now();
    const body = await this.client.request({
      operation: "POST /ws/oauth/token",
      method: "POST",
      path: "/ws/oauth/token",
      form: {
        grant_type: "client_credentials",
        client_id: this.opts.clientId,
        client_secret: this.opts.clientSecret,
        scope: this.opts.scope,
      },
      schema: NinjaTokenResponseSchema,
      // Asking twice only yields a second token: safe to re-send after a 5xx or a timeout.
      idempotent: true,
      ...(overrides ? { overrides } : {}),
    });
    const lifetimeMs = body.expires_in * 1000;
    // Renew 60 s early, or halfway for very short lifetimes, so a token is never used at its edge
    // and a tiny lifetime still gets reused instead of being requested before every call.
    const margin = Math.min(RENEW_BEFORE_EXPIRY_MS, lifetimeMs / 2);
    const token = { value: body.access_token, renewAt: started + lifetimeMs - margin };
    this.cached = token;
    return token;
  }
}

/** Settles with `p`, or rejects with the signal's reason when it aborts first. */
function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
