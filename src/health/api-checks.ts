/**
 * Readiness of the three upstream APIs, each with the cheapest call that proves the credentials
 * work: Notion `GET /v1/users/me`, UniFi `GET /v1/hosts?pageSize=1`, NinjaOne a token request.
 * Every call goes through that API's gate, so a probe counts against the same rate budget as the
 * sync; wrap these in `cachedCheck` where something polls them. Results never hold a secret: a
 * missing one is named ("NOTION_TOKEN is not set"), a refused one is described by the API error,
 * which names the setting to check and is scrubbed of the values sent.
 * @module
 */
import type { LoadedConfig } from "../config/load";
import type { SecretName } from "../config/secrets";
import { ApiError, redact, type FetchLike } from "../http";
import { systemClock, type Clock } from "../lib/clock";
import { createNotionApi } from "../notion/api";
import type { Gates } from "../runtime/gates";
import { NinjaTokenProvider } from "../sources/ninjaone/auth";
import { UnifiConnector } from "../sources/unifi/client";
import { cachedCheck, type CheckResult, type ComponentCheck } from "./checks";
import { diskCheck, memoryCheck } from "./system-checks";

export interface ApiCheckDeps {
  loaded: LoadedConfig;
  gates: Gates;
  clock?: Clock;
  fetch?: FetchLike;
}

/** An unhealthy result whose error is the failure, scrubbed of every known secret. */
export function failed(loaded: LoadedConfig, what: string, err: unknown): CheckResult {
  const raw = err instanceof ApiError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const error = redact(raw, loaded.secrets.values());
  return { healthy: false, detail: `${what} failed`, error };
}

/** The names of the secrets that are missing, or undefined when all are set. */
function missing(loaded: LoadedConfig, names: SecretName[]): CheckResult | undefined {
  const unset = names.filter((n) => loaded.secrets.get(n) === undefined);
  if (unset.length === 0) return undefined;
  const error = `${unset.join(" and ")} ${unset.length > 1 ? "are" : "is"} not set`;
  return { healthy: false, detail: error, error };
}

/** `notion_api`: the integration token is accepted (GET /v1/users/me). */
export function notionApiCheck(deps: ApiCheckDeps): ComponentCheck {
  const { loaded } = deps;
  return {
    name: "notion_api",
    async run() {
      const unset = missing(loaded, ["NOTION_TOKEN"]);
      if (unset) return unset;
      const api = createNotionApi({
        baseUrl: loaded.config.notion.base_url,
        token: loaded.secrets.get("NOTION_TOKEN") as string,
        gate: deps.gates.notion,
        fetch: deps.fetch,
      });
      try {
        const me = await api.me();
        return { healthy: true, detail: `token accepted (bot ${me.name ?? me.id})` };
      } catch (err) {
        return failed(loaded, "GET /v1/users/me", err);
      }
    },
  };
}

/** `unifi_api`: the API key is accepted (one host read); healthy and idle when UniFi is disabled. */
export function unifiApiCheck(deps: ApiCheckDeps): ComponentCheck {
  const { loaded } = deps;
  return {
    name: "unifi_api",
    async run(signal) {
      if (!loaded.config.unifi.enabled) return { healthy: true, detail: "disabled (unifi.enabled is false)" };
      const unset = missing(loaded, ["UNIFI_API_KEY"]);
      if (unset) return unset;
      const unifi = new UnifiConnector({
        baseUrl: loaded.config.unifi.base_url,
        apiKey: loaded.secrets.get("UNIFI_API_KEY") as string,
        gate: deps.gates.unifi,
        pageSize: 1,
        fetch: deps.fetch,
      });
      try {
        await unifi.ping(signal);
        return { healthy: true, detail: "API key accepted (GET /v1/hosts)" };
      } catch (err) {
        return failed(loaded, "GET /v1/hosts", err);
      }
    },
  };
}

/** `ninjaone_api`: a token is issued for the configured scope; healthy and idle when disabled. */
export function ninjaoneApiCheck(deps: ApiCheckDeps): ComponentCheck {
  const { loaded } = deps;
  return {
    name: "ninjaone_api",
    async run(signal) {
      const { ninjaone } = loaded.config;
      if (!ninjaone.enabled) return { healthy: true, detail: "disabled (ninjaone.enabled is false)" };
      const unset = missing(loaded, ["NINJAONE_CLIENT_ID", "NINJAONE_CLIENT_SECRET"]);
      if (unset) return unset;
      const auth = new NinjaTokenProvider({
        baseUrl: ninjaone.base_url,
        clientId: loaded.secrets.get("NINJAONE_CLIENT_ID") as string,
        clientSecret: loaded.secrets.get("NINJAONE_CLIENT_SECRET") as string,
        scope: ninjaone.scope,
        gate: deps.gates.ninjaone,
        clock: deps.clock ?? systemClock,
        fetch: deps.fetch,
      });
      try {
        await auth.check(signal);
        return { healthy: true, detail: `token issued (scope ${ninjaone.scope})` };
      } catch (err) {
        return failed(loaded, "POST /ws/oauth/token", err);
      }
    },
  };
}

/** The three API checks, in the order reports list them. */
export function apiChecks(deps: ApiCheckDeps): ComponentCheck[] {
  return [notionApiCheck(deps), unifiApiCheck(deps), ninjaoneApiCheck(deps)];
}

/** How long /ready reuses an API check's result: probes every few seconds must not spend Notion's ~3 requests/s. */
export const API_CHECK_TTL_MS = 30_000;

/**
 * What `serve` adds to /ready next to the ledger and config: the three API checks, each cached
 * for `ttlMs`, and the disk (ledger's filesystem) and memory checks, which cost nothing.
 */
export function readinessChecks(deps: ApiCheckDeps & { ttlMs?: number }): ComponentCheck[] {
  const clock = deps.clock ?? systemClock;
  return [
    ...apiChecks(deps).map((c) => cachedCheck(c, deps.ttlMs ?? API_CHECK_TTL_MS, clock)),
    diskCheck(deps.loaded.config.ledger.path),
    memoryCheck(),
  ];
}
