import { loadConfig, type LoadedConfig } from "../config/load";
import { openLedger, type Ledger } from "../db/ledger";
import { createLogger, type Logger } from "../telemetry/logger";
import { stringFlag } from "./args";
import type { CommandContext } from "./command";

/** Config from --config / $OBERACONNECT_CONFIG / ./config.secure.json, parsed once. */
export function configFromArgs(ctx: CommandContext): LoadedConfig {
  return loadConfig({ path: stringFlag(ctx.args, "config"), env: ctx.io.env, cwd: ctx.io.cwd });
}

export function loggerFor(loaded: LoadedConfig): Logger {
  return createLogger({
    level: loaded.config.log.level,
    file: loaded.config.log.file,
    secrets: loaded.secrets.values(),
  });
}

/** Opens and migrates the ledger, logging what the migration did. */
export function ledgerFor(loaded: LoadedConfig, logger: Logger): Ledger {
  const ledger = openLedger(loaded.config.ledger.path);
  const { applied, total } = ledger.migration;
  logger.info(
    { ledger: ledger.path, applied, total },
    applied ? `ledger migrated: ${applied} migration(s) applied` : "ledger up to date",
  );
  return ledger;
}
