/**
 * Failures every layer names: the CLI maps them to exit codes, the admin API to 409s, the
 * scheduler waits on them. Thrown by the ledger, which is the only room that knows why.
 */

/** The ledger file cannot be used as is. Never answered by creating a new empty ledger over it. */
export class LedgerError extends Error {
  /** `cause`: the SQLite or file-system error, so a full disk is told from a corrupt file. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LedgerError";
  }
}

/** Another sync holds the lease. */
export class LockBusyError extends Error {
  constructor(readonly holder: { owner: string; pid: number; host: string; expiresAt: string }) {
    super(`another sync is running (pid ${holder.pid} on ${holder.host}, lease until ${holder.expiresAt})`);
    this.name = "LockBusyError";
  }
}

/** The service cannot start as configured (its port is taken, its address is not this host's). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}
