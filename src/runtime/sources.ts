import type { LoadedConfig } from "../config/load";
import { LedgerSeverityMemory } from "../ledger/alert-severities";
import type { Ledger } from "../ledger/ledger";
import type { Clock } from "@oberaconnect/common/clock";
import { connectorsFromConfig } from "../sources/connectors";
import { SeverityResolver, type SeverityMemory } from "../sources/ninjaone/severity";
import { createSourceReader } from "../sources/reader";

import type { Logger } from "../telemetry/logger";
import type { Gates } from "./gates";
import type { SourceReader } from "../core";
import type { Config } from "../config/schema";
import type { SiteMatchReport } from "../sources/matching";
import type { NinjaOneConnector } from "../sources/ninjaone/client";
import type { UnifiConnector } from "../sources/unifi/client";

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
export function sourcesFromConfig(loaded: LoadedConfig, gates: Gates, logger: Logger, clock: Clock, opts: SourcesOptions = {}): SourceReader<SiteMatchReport> {
  const { unifi, ninjaone } = connectorsFromConfig(loaded, gates, { clock });
  return buildSourceReader({ config: loaded.config, unifi, ninjaone, logger, clock, ...opts });
}

/** The one place a source reader is put together: connectors, severity memory, matching. */
export function buildSourceReader(d: SourcesOptions & { config: Config; unifi: UnifiConnector | null; ninjaone: NinjaOneConnector | null; logger: Logger; clock: Clock }): SourceReader<SiteMatchReport> {
  const memory = d.severityMemory ?? (d.ledger ? new LedgerSeverityMemory(d.ledger.db) : undefined);
  const severity = new SeverityResolver({ clock: d.clock, ...(memory ? { memory } : {}) });
  return createSourceReader({ config: d.config, unifi: d.unifi, ninjaone: d.ninjaone, logger: d.logger, severity });
}
