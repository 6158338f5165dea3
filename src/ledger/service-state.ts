/**
 * Typed access to `service_state`: settings the service changes at run time and keeps across
 * restarts (the scheduler's pause).
 * @module
 */
import { eq } from "drizzle-orm";
import type { LedgerDb } from "./ledger";
import { serviceState } from "./schema";

export interface SchedulerPause {
  paused: boolean;
  /** Who or what paused it, for the status page (e.g. "admin", with the request id). */
  by?: string;
  at?: string;
}

/** Room a sync needs at least: its first batch of pending rows and run records. */
const PROBE_BYTES = 256 * 1024;

export class ServiceStateRepo {
  constructor(
    private readonly db: LedgerDb,
    private readonly now: () => string,
  ) {}

  private read<T>(key: string): T | undefined {
    const row = this.db.select().from(serviceState).where(eq(serviceState.key, key)).get();
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return undefined; // a hand-edited value that is not JSON counts as unset
    }
  }

  private write(key: string, value: unknown): void {
    const row = { key, value: JSON.stringify(value), updatedAt: this.now() };
    this.db.insert(serviceState).values(row).onConflictDoUpdate({ target: serviceState.key, set: row }).run();
  }

  /**
   * Whether the ledger takes writes again (ledger/faults.ts): a real write of PROBE_BYTES, then a
   * small one over it. A few bytes could fit in pages the file already has and call a still-full
   * disk writable, and the service would flap between the two states once a second.
   */
  probeWrite(): void {
    this.write("ledger.probe", "0".repeat(PROBE_BYTES));
    this.write("ledger.probe", this.now());
  }

  schedulerPause(): SchedulerPause {
    return this.read<SchedulerPause>("scheduler.paused") ?? { paused: false };
  }

  setSchedulerPause(pause: SchedulerPause): void {
    this.write("scheduler.paused", pause);
  }

  /**
   * The matcher's counts from the last run that read the sources (any process: a CLI sync too),
   * so /admin/status has them before this service's own first run.
   */
  lastMatching<T extends object>(): (T & { at: string }) | undefined {
    return this.read<T & { at: string }>("matching.last");
  }

  /** What the service received from NinjaOne's webhook (runtime/webhooks.ts), for `webhooks status`. */
  webhookReceipts<T extends object>(): T | undefined {
    return this.read<T>("webhooks.ninjaone");
  }

  setWebhookReceipts(snapshot: object): void {
    this.write("webhooks.ninjaone", snapshot);
  }

  setLastMatching(counts: object): void {
    this.write("matching.last", { ...counts, at: this.now() });
  }

  /** When pages edited since were last compared with the ledger, per job (sync/verify.ts). */
  verifiedAt(job: string): string | undefined {
    return this.read<string>(`verify.${job}`);
  }

  setVerifiedAt(job: string, iso: string): void {
    this.write(`verify.${job}`, iso);
  }
}
