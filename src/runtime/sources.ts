import type { LoadedConfig } from "../config/load";
import type { Clock } from "../lib/clock";
import { NinjaOneConnector } from "../sources/ninjaone/client";
import { createSourceReader } from "../sources/reader";
import { UnifiConnector } from "../sources/unifi/client";
import type { SourceReader } from "../sync/engine";
import type { Logger } from "../telemetry/logger";
import type { Gates } from "./gates";

/**
 * The source reader from the config: each enabled source gets its connector behind its gate.
 * A missing secret of an enabled source is a config error (exit 2), found before any request.
 */
export function sourcesFromConfig(loaded: LoadedConfig, gates: Gates, logger: Logger, clock: Clock): SourceReader {
  const { config, secrets } = loaded;
  const unifi = config.unifi.enabled
    ? new UnifiConnector({
        baseUrl: config.unifi.base_url,
        apiKey: secrets.require("UNIFI_API_KEY", "unifi.enabled is true"),
        gate: gates.unifi,
        pageSize: config.unifi.page_size,
      })
    : null;
  const ninjaone = config.ninjaone.enabled
    ? new NinjaOneConnector({
        baseUrl: config.ninjaone.base_url,
        clientId: secrets.require("NINJAONE_CLIENT_ID", "ninjaone.enabled is true"),
        clientSecret: secrets.require("NINJAONE_CLIENT_SECRET", "ninjaone.enabled is true"),
        scope: config.ninjaone.scope,
        gate: gates.ninjaone,
        pageSize: config.ninjaone.page_size,
        clock,
      })
    : null;
  return createSourceReader({ config, unifi, ninjaone, logger });
}
