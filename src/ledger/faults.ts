/**
 * When the machine, not the program, stops the ledger being written: a read-only file or mount,
 * a full disk, an I/O error. These are read from SQLite's error codes (and the file system's,
 * for what is opened by path), named in one sentence an operator can act on, and tracked while
 * they last, so the service pauses its syncs and says so once, not on every tick, and /ready
 * fails with the reason until a write goes through again.
 * @module
 */
import type { Logger } from "../telemetry/logger";

import { ledgerFaultOf, type LedgerFault } from "../core/ledger-faults";

export { ledgerFaultOf, type LedgerFault, type LedgerFaultKind } from "../core/ledger-faults";

/**
 * The service's view of its ledger: a fault is reported by whoever met it (a scheduled poll, the
 * writer, an admin call), cleared by a write that went through. Each change of state is one log
 * line; the same fault met again is silent.
 */
export class LedgerFaults {
  private fault: (LedgerFault & { since: string }) | null = null;

  constructor(
    private readonly logger: Pick<Logger, "error" | "info">,
    private readonly now: () => number,
    /** A real write that needs room (the service's: ServiceStateRepo.probeWrite). */
    private readonly probeWrite: () => void,
  ) {}

  /** The fault now, or null while the ledger takes writes. */
  current(): (LedgerFault & { since: string }) | null {
    return this.fault;
  }

  /** Records `err` if it is a ledger fault and returns the fault, else null. */
  report(err: unknown): LedgerFault | null {
    const fault = ledgerFaultOf(err);
    if (!fault) return null;
    if (this.fault?.kind !== fault.kind) {
      this.fault = { ...fault, since: new Date(this.now()).toISOString() };
      this.logger.error({ ledger_fault: fault.kind }, `ledger unwritable: ${fault.message}; scheduled syncs and writes are paused until it can be written`);
    }
    return fault;
  }

  /** A write went through: the fault, if any, is over. */
  cleared(): void {
    if (!this.fault) return;
    this.logger.info({ ledger_fault: null, since: this.fault.since }, "ledger writable again; scheduled syncs and writes resume");
    this.fault = null;
  }

  /** While faulted, tries the probe write and clears on success; whether the ledger takes writes. */
  probe(): boolean {
    if (!this.fault) return true;
    try {
      this.probeWrite();
    } catch (err) {
      if (this.report(err)) return false;
      throw err;
    }
    this.cleared();
    return true;
  }
}
