import type { LoadedConfig } from "../config/load";
import type { Clock } from "../lib/clock";
import { connectorsFromConfig } from "../sources/connectors";
import { createSourceReader } from "../sources/reader";
import type { SourceReader } from "../sync/engine";
import type { Logger } from "../telemetry/logger";
import type { Gates } from "./gates";

/**
 * The source reader from the config: each enabled source gets its connector behind its gate.
 * A missing secret of an enabled source is a config error (exit 2), found before any request.
 */
export function sourcesFromConfig(loaded: LoadedConfig, gates: Gates, logger: Logger, clock: Clock): SourceReader {
  const { unifi, ninjaone } = connectorsFromConfig(loaded, gates, { clock });
  return createSourceReader({ config: loaded.config, unifi, ninjaone, logger });
}
