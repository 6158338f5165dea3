import { existsSync } from "node:fs";
import type { CheckResult, ComponentCheck } from "../core";
import { ledgerStatus, LedgerError, openLedger, type Ledger } from "./ledger";
import type { LedgerFaults } from "./faults";

/** `ledger` of an open ledger (the running service); unhealthy while `faults` holds one. */
export function ledgerCheck(ledger: Ledger, faults?: Pick<LedgerFaults, "current">): ComponentCheck {
  return {
    name: "ledger",
    run: async () => {
      const fault = faults?.current();
      if (fault) return { healthy: false, detail: `unwritable since ${fault.since}`, error: fault.message };
      return withError(ledgerStatus(ledger));
    },
  };
}

/**
 * `ledger` for a one-shot probe: opens the file without creating or migrating it (a health check
 * must not change what it checks), reports, closes.
 */
export function ledgerFileCheck(path: string): ComponentCheck {
  return {
    name: "ledger",
    async run() {
      if (path !== ":memory:" && !existsSync(path)) {
        const error = `ledger ${path} does not exist; run \`oberaconnect-sync migrate\``;
        return { healthy: false, detail: "missing", error };
      }
      let ledger: Ledger;
      try {
        ledger = openLedger(path, { migrate: false });
      } catch (err) {
        if (!(err instanceof LedgerError)) throw err;
        return { healthy: false, detail: "unusable", error: err.message };
      }
      try {
        return withError(ledgerStatus(ledger));
      } finally {
        ledger.close();
      }
    },
  };
}

const withError = (r: CheckResult): CheckResult => (r.healthy ? r : { ...r, error: r.detail });
