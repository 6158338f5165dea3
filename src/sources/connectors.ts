/**
 * The UniFi and NinjaOne connectors built from the config, on the process's gates. An enabled
 * source must have its credentials: a missing one is a ConfigError (exit 2) found before any
 * request, not a failed run every interval.
 * @module
 */
import type { LoadedConfig } from "../config/load";
import type { ApiGate, FetchLike } from "../http";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { NinjaOneConnector } from "./ninjaone/client";
import { UnifiConnector } from "./unifi/client";

export interface SourceConnectors {
  /** null when `unifi.enabled` is false. */
  unifi: UnifiConnector | null;
  /** null when `ninjaone.enabled` is false. */
  ninjaone: NinjaOneConnector | null;
}

export interface ConnectorOptions {
  /** NinjaOne token expiry is judged on this clock. */
  clock?: Clock;
  fetch?: FetchLike;
}

/** Builds the enabled connectors; throws ConfigError when an enabled source lacks a secret. */
export function connectorsFromConfig(
  loaded: LoadedConfig,
  gates: { unifi: ApiGate; ninjaone: ApiGate },
  opts: ConnectorOptions = {},
): SourceConnectors {
  return { unifi: unifiFromConfig(loaded, gates.unifi, opts), ninjaone: ninjaoneFromConfig(loaded, gates.ninjaone, opts) };
}

/** The UniFi connector, or null when `unifi.enabled` is false. */
export function unifiFromConfig(loaded: LoadedConfig, gate: ApiGate, opts: ConnectorOptions = {}): UnifiConnector | null {
  const { config, secrets } = loaded;
  if (!config.unifi.enabled) return null;
  return new UnifiConnector({
    baseUrl: config.unifi.base_url,
    apiKey: secrets.require("UNIFI_API_KEY", "unifi.enabled is true"),
    gate,
    pageSize: config.unifi.page_size,
    fetch: opts.fetch,
  });
}

/** The NinjaOne connector, or null when `ninjaone.enabled` is false. */
export function ninjaoneFromConfig(loaded: LoadedConfig, gate: ApiGate, opts: ConnectorOptions & { scope?: string } = {}): NinjaOneConnector | null {
  const { config, secrets } = loaded;
  if (!config.ninjaone.enabled) return null;
  return new NinjaOneConnector({
    baseUrl: config.ninjaone.base_url,
    clientId: secrets.require("NINJAONE_CLIENT_ID", "ninjaone.enabled is true"),
    clientSecret: secrets.require("NINJAONE_CLIENT_SECRET", "ninjaone.enabled is true"),
    scope: opts.scope ?? config.ninjaone.scope,
    gate,
    pageSize: config.ninjaone.page_size,
    clock: opts.clock ?? systemClock,
    fetch: opts.fetch,
  });
}
