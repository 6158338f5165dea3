/**
 * The ledger of a process, as its options ask: the one handed in (tests), none (`health --check`
 * must not create or migrate the file it checks), a dry run's (read, never written), or the
 * configured file opened and migrated, with what the migration did said once.
 * @module
 */
import type { LoadedConfig } from "../config/load";
import { openDryRunLedger } from "../ledger/dry-run-ledger";
import { openLedger, type Ledger } from "../ledger/ledger";
import type { Logger } from "../telemetry/logger";

export interface LedgerChoice {
  ledger?: Ledger;
  openLedger?: boolean;
  migrateLedger?: boolean;
  dryRun?: boolean;
}

export interface RuntimeLedger {
  ledger: Ledger | null;
  close: () => void;
  /** What a dry run's ledger is (a migrated copy, an empty one), for the operator; null otherwise. */
  note: string | null;
}

export function openRuntimeLedger(loaded: LoadedConfig, logger: Logger, o: LedgerChoice): RuntimeLedger {
  if (o.ledger) return { ledger: o.ledger, close: () => o.ledger!.close(), note: null };
  if (o.dryRun) {
    const dry = openDryRunLedger(loaded.config.ledger.path);
    return { ledger: dry.ledger, close: dry.close, note: dry.note };
  }
  if (o.openLedger === false) return { ledger: null, close: () => undefined, note: null };
  const ledger = openMigrated(loaded, logger, o.migrateLedger !== false);
  return { ledger, close: () => ledger.close(), note: null };
}

function openMigrated(loaded: LoadedConfig, logger: Logger, migrate: boolean): Ledger {
  const ledger = openLedger(loaded.config.ledger.path, { migrate });
  if (ledger.tightenedFrom !== undefined) {
    logger.warn({ ledger: ledger.path, mode: `0${ledger.tightenedFrom.toString(8)}` }, `the ledger was readable by others (mode 0${ledger.tightenedFrom.toString(8)}); it is 0600 now`);
  }
  if (!migrate) {
    logger.info({ ledger: ledger.path }, "ledger opened read-only for migrations (LiteFS replica: the primary migrates)");
    return ledger;
  }
  const { applied, total } = ledger.migration;
  logger.info({ ledger: ledger.path, applied, total }, applied ? `ledger migrated: ${applied} migration(s) applied` : "ledger up to date");
  return ledger;
}
