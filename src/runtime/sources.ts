import type { LoadedConfig } from "../config/load";
import { LedgerSeverityMemory } from "../db/alert-severities";
import type { Ledger } from "../db/ledger";
import type { Clock } from "../lib/clock";
import { connectorsFromConfig } from "../sources/connectors";
import { SeverityResolver, type SeverityMemory } from "../sources/ninjaone/severity";
import { createSourceReader } from "../sources/reader";
import type { SourceReader } from "../sync/engine";
import type { Logger } from "../telemetry/logger";
import type { Gates } from "./gates";

export interface SourcesOptions {
  /**
   * The open ledger: alert severities found by one process are remembered there for the next
   * (table alert_severities). Without it (and without `severityMemory`) they are remembered for
   * this process only, so every CLI run would ask NinjaOne again.
   */
  ledger?: Pick<Ledger, "db">;
  /** A memory of its own (tests); wins over `ledger`. */
  severityMemory?: SeverityMemory;
}

/**
 * The source reader from the config: each enabled source gets its connector behind its gate.
 * A missing secret of an enabled source is a config error (exit 2), found before any request.
 */
export function sourcesFromConfig(loaded: LoadedConfig, gates: Gates, logger: Logger, clock: Clock, opts: SourcesOptions = {}): SourceReader {
  const { unifi, ninjaone } = connectorsFromConfig(loaded, gates, { clock });
  const memory = opts.severityMemory ?? (opts.ledger ? new LedgerSeverityMemory(opts.ledger.db) : undefined);
  const severity = new SeverityResolver({ clock, ...(memory ? { memory } : {}) });
  return createSourceReader({ config: loaded.config, unifi, ninjaone, logger, severity });
}
