/**
 * Readiness of the three APIs without calling them in the request path. Each API's state is the
 * outcome of the last real call through its gate (every sync call reports one), refreshed by a
 * background probe when it is older than 30 s: one attempt, a short timeout, through the same
 * gate (it counts against the rate budget and the breaker like any call), at most one per API in
 * flight and one per 30 s. /ready therefore answers in milliseconds, and a thousand probes of it
 * cost at most one outbound request per API per 30 s.
 * @module
 */
import type { SecretName } from "../config/secrets";
import { ApiError, type ApiName, type CallOverrides, type GateEvent } from "../http";
import { createNotionApi } from "../notion/api";
import type { Clock } from "@oberaconnect/common/clock";
import type { LoadedConfig } from "../config/load";
import type { Config } from "../config/schema";
import type { ApiGate } from "../http";
import type { NinjaOneConnector } from "../sources/ninjaone/client";
import type { UnifiConnector } from "../sources/unifi/client";
import type { CheckResult, ComponentCheck } from "./checks";

/** A probe's answer is the point: one attempt, and it must come quickly. */
export const PROBE_CALL: CallOverrides = { maxAttempts: 1, timeoutMs: 3000 };
/** How old the last outcome may be before a background probe refreshes it. */
export const PROBE_INTERVAL_MS = 30_000;

const SECRETS: Record<ApiName, SecretName[]> = {
  notion: ["NOTION_TOKEN"],
  unifi: ["UNIFI_API_KEY"],
  ninjaone: ["NINJAONE_CLIENT_ID", "NINJAONE_CLIENT_SECRET"],
};

/** Failures that prove the API answered and accepted our credentials: it is up. */
const ANSWERED = new Set(["ValidationError", "NotFoundError", "ConflictError", "RateLimitedError"]);

/** Why a call failed, in a few words an operator can act on (no message: it may be long). */
const REASONS: Record<string, string> = {
  UnauthorizedError: "credentials refused",
  ForbiddenError: "permission refused",
  UpstreamError: "server error",
  NetworkError: "unreachable",
  TimeoutError: "no answer within the timeout",
  OutcomeUnknownError: "no answer to a write (timeout or dropped connection)",
  CircuitOpenError: "circuit open",
  MalformedResponseError: "answered in an unexpected format",
};

interface Outcome {
  atMs: number;
  durationMs: number;
  ok: boolean;
  operation: string;
  error?: string;
  status?: number;
}

/** What the API checks need of the process: its clock, config, secrets, gates and connectors (the runtime has them all). */
export interface ApiCheckDeps {
  readonly clock: Clock;
  readonly config: Config;
  readonly loaded: Pick<LoadedConfig, "secrets" | "file">;
  readonly gates: Record<ApiName, ApiGate>;
  onGateEvent(fn: (e: GateEvent) => void): () => void;
  unifi(): UnifiConnector | null;
  ninjaone(): NinjaOneConnector | null;
}

export class ApiReadiness {
  private readonly last = new Map<ApiName, Outcome>();
  private readonly probing = new Set<ApiName>();
  private readonly probedAt = new Map<ApiName, number>();
  private readonly unsubscribe: () => void;

  constructor(private readonly rt: ApiCheckDeps) {
    this.unsubscribe = rt.onGateEvent((e) => this.record(e));
  }

  stop(): void {
    this.unsubscribe();
  }

  private record(e: GateEvent): void {
    if (e.type !== "call") return;
    const ok = e.ok || ANSWERED.has(e.error ?? "");
    this.last.set(e.api, { atMs: this.rt.clock.now(), durationMs: e.durationMs, ok, operation: e.operation, ...(e.error ? { error: e.error } : {}), ...(e.status !== undefined ? { status: e.status } : {}) });
  }

  /** How long the API's last call took (retries included), or null before the first. */
  lastDurationMs(api: ApiName): number | null {
    return this.last.get(api)?.durationMs ?? null;
  }

  /** The `<api>_api` component of /ready: decided from cached state, never waiting on the API. */
  check(api: ApiName): ComponentCheck {
    return { name: `${api}_api`, run: async () => this.state(api) };
  }

  state(api: ApiName): CheckResult {
    const settled = unusable(this.rt, api);
    if (settled) return settled;
    const breaker = this.rt.gates[api].breakerStatus();
    if (breaker.state === "open") {
      const inS = Math.ceil((breaker.halfOpenInMs ?? 0) / 1000);
      const error = `circuit open after ${breaker.consecutiveFailures} consecutive failed calls; next try in ${inS} s`;
      return { healthy: false, detail: "circuit open", error };
    }
    const now = this.rt.clock.now();
    const last = this.last.get(api);
    if (!last || now - last.atMs >= PROBE_INTERVAL_MS) this.kick(api);
    if (!last) return { healthy: false, detail: "not checked yet (a probe is on its way)", error: "not checked yet" };
    const age = `${Math.round((now - last.atMs) / 1000)} s ago`;
    if (last.ok) return { healthy: true, detail: `answering (last call ${last.operation}, ${age})` };
    const reason = `${REASONS[last.error ?? ""] ?? last.error ?? "failed"}${last.status !== undefined ? ` (HTTP ${last.status})` : ""}`;
    return { healthy: false, detail: `last call failed ${age}`, error: `${last.operation}: ${reason}` };
  }

  /** Starts a background probe unless one is in flight or one started within the interval. */
  private kick(api: ApiName): void {
    const now = this.rt.clock.now();
    if (this.probing.has(api) || now - (this.probedAt.get(api) ?? -Infinity) < PROBE_INTERVAL_MS) return;
    this.probing.add(api);
    this.probedAt.set(api, now);
    // The outcome arrives through the gate's call event; here only the bookkeeping.
    probeApi(this.rt, api, AbortSignal.timeout(PROBE_CALL.timeoutMs ?? 3000))
      .catch(() => undefined)
      .finally(() => this.probing.delete(api));
  }
}

/** Disabled (healthy, nothing to do) or missing a secret (unhealthy, naming it); null otherwise. */
export function unusable(rt: Pick<ApiCheckDeps, "config" | "loaded">, api: ApiName): CheckResult | null {
  if (api !== "notion" && !rt.config[api].enabled) return { healthy: true, detail: `disabled (${api}.enabled is false)` };
  const unset = SECRETS[api].filter((n) => rt.loaded.secrets.get(n) === undefined);
  if (unset.length === 0) return null;
  const error = `${unset.join(" and ")} ${unset.length > 1 ? "are" : "is"} not set`;
  return { healthy: false, detail: error, error };
}

/**
 * One probe of an API with the cheapest call that proves the credentials work: Notion
 * `GET /v1/users/me`, UniFi `GET /v1/hosts?pageSize=1`, NinjaOne `GET /v2/organizations?pageSize=1`
 * (with the cached token). Resolves with a verdict; `health --check` awaits it, /ready does not.
 */
export async function probeApi(rt: ApiCheckDeps, api: ApiName, signal: AbortSignal, overrides: CallOverrides = PROBE_CALL): Promise<CheckResult> {
  const settled = unusable(rt, api);
  if (settled) return settled;
  try {
    if (api === "notion") {
      const probe = createNotionApi({ baseUrl: rt.config.notion.base_url, token: rt.loaded.secrets.require("NOTION_TOKEN", "needed to reach Notion"), gate: rt.gates.notion, overrides });
      const me = await probe.me();
      return { healthy: true, detail: `token accepted (bot ${me.name ?? me.id})` };
    }
    if (api === "unifi") {
      const unifi = rt.unifi();
      if (!unifi) return { healthy: true, detail: "disabled (unifi.enabled is false)" };
      await unifi.ping(signal, overrides);
      return { healthy: true, detail: "API key accepted (GET /v1/hosts)" };
    }
    const ninjaone = rt.ninjaone();
    if (!ninjaone) return { healthy: true, detail: "disabled (ninjaone.enabled is false)" };
    await ninjaone.ping(signal, overrides);
    return { healthy: true, detail: `token accepted (scope ${rt.config.ninjaone.scope})` };
  } catch (err) {
    const message = err instanceof ApiError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { healthy: false, detail: `${api} probe failed`, error: message };
  }
}
