import { LockBusyError } from "../core/errors";
import { hostname } from "node:os";
import { eq } from "drizzle-orm";
import type { LedgerDb } from "./ledger";
import { locks } from "./schema";

export { LockBusyError } from "../core/errors";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The leases this process holds now, by owner. A row naming this process that is not among them
 * was left by a release that failed (a full disk): it is this process's to take back at once,
 * not a lease to wait ten minutes for.
 */
const holding = new Set<string>();

/**
 * A lease in the ledger. Taken in one IMMEDIATE transaction so two processes cannot both win.
 * It can be taken over when it has expired, at once when its holder was on this host and that
 * process is gone (a sync killed with SIGKILL must not block the next one for minutes), and at
 * once by this process when its own release failed.
 */
export interface Lease {
  /** Extends the lease; throws LeaseLostError when another process has taken it over. */
  renew(): void;
  /**
   * Lets the lease go. Never throws: on an unwritable ledger the row stays (false), this process
   * takes it back at its next acquire and any other once it expires.
   */
  release(): boolean;
}

/** The lease expired and another sync took it: this run must stop writing at once. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

export function acquireLease(db: LedgerDb, name: string, ttlMs: number, nowMs: () => number): Lease {
  const owner = `${hostname()}:${process.pid}:${nowMs()}`;
  const host = hostname();
  const expires = () => new Date(nowMs() + ttlMs).toISOString();
  db.transaction(
    (tx) => {
      const held = tx.select().from(locks).where(eq(locks.name, name)).get();
      if (held) {
        const expired = Date.parse(held.expiresAt) <= nowMs();
        const orphaned = held.host === host && (held.pid === process.pid ? !holding.has(held.owner) : !alive(held.pid));
        if (!expired && !orphaned) throw new LockBusyError(held);
        tx.delete(locks).where(eq(locks.name, name)).run();
      }
      tx.insert(locks).values({ name, owner, pid: process.pid, host, acquiredAt: new Date(nowMs()).toISOString(), expiresAt: expires() }).run();
    },
    { behavior: "immediate" },
  );
  holding.add(owner);
  return {
    renew: () => {
      const kept = db.update(locks).set({ expiresAt: expires() }).where(eq(locks.owner, owner)).returning({ name: locks.name }).all();
      if (kept.length === 0) throw new LeaseLostError("the sync lease expired and another sync took it over; stopping this run");
    },
    release: () => {
      holding.delete(owner);
      try {
        db.delete(locks).where(eq(locks.owner, owner)).run();
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Who holds the lease now (GET /admin/status), or null. An expired row still shows, marked so. */
export function leaseHolder(db: LedgerDb, name: string, nowMs: number): { owner: string; pid: number; host: string; acquired_at: string; expires_at: string; expired: boolean } | null {
  const row = db.select().from(locks).where(eq(locks.name, name)).get();
  if (!row) return null;
  return { owner: row.owner, pid: row.pid, host: row.host, acquired_at: row.acquiredAt, expires_at: row.expiresAt, expired: Date.parse(row.expiresAt) <= nowMs };
}
