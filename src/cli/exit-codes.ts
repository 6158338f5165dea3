/** Exit codes, the same for every command (documented in the README's CLI reference). */
export const EXIT = {
  /** Everything went as asked. */
  OK: 0,
  /** Ran, but something is unhealthy or some records failed. */
  PARTIAL: 1,
  /** Bad command line or bad configuration: nothing was done. */
  USAGE: 2,
  /** A sync stopped early on purpose: auth failure, open circuit, schema mismatch, a rate-limit wait past the ceiling (deferred). */
  ABORTED: 3,
  /** A sync ran, but Notion refuses new pages (the workspace's block limit): the creates wait, nothing else is wrong. */
  BLOCKED: 4,
  /**
   * The machine refused: the ledger is read-only or its disk full, the port is taken. Nothing is
   * wrong with the command or the config, and it may pass later: systemd restarts on it (2 it does not).
   */
  ENVIRONMENT: 5,
} as const;
