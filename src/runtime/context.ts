import type { LoadedConfig } from "../config/load";
import type { Ledger } from "../db/ledger";
import type { NotionApi } from "../notion/api";
import type { DatabaseName } from "../notion/templates";
import { DatabaseRegistry } from "../sync/databases";
import type { Logger } from "../telemetry/logger";
import { createGates, type Gates } from "./gates";
import { notionFromConfig } from "./notion";

/** What a Notion-facing command needs, built once from the config. */
export interface NotionRuntime {
  loaded: LoadedConfig;
  logger: Logger;
  ledger: Ledger;
  gates: Gates;
  notion: NotionApi;
  registry: DatabaseRegistry;
  /** Database ids known so far: the config's first, then the ledger's. */
  knownDatabases(): Partial<Record<DatabaseName, string>>;
}

export function notionRuntime(loaded: LoadedConfig, logger: Logger, ledger: Ledger): NotionRuntime {
  const gates = createGates(loaded.config, { logger });
  const registry = new DatabaseRegistry(ledger.db, () => new Date().toISOString());
  return {
    loaded,
    logger,
    ledger,
    gates,
    notion: notionFromConfig(loaded, gates.notion),
    registry,
    knownDatabases: () => {
      const out: Partial<Record<DatabaseName, string>> = {};
      for (const name of ["customer_status", "sites", "devices", "alerts"] as const) {
        const id = loaded.config.databases[name] ?? registry.get(name)?.databaseId;
        if (id) out[name] = id;
      }
      return out;
    },
  };
}
