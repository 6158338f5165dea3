import { afterEach, describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import { join } from "node:path";
import { openLedger, type Ledger } from "../../src/ledger/ledger";
import { locks } from "../../src/ledger/schema";
import { acquireLease, LeaseLostError, LockBusyError } from "../../src/ledger/lease";
import { useTempDir } from "../helpers/temp";

const tmp = useTempDir();
let ledger: Ledger | undefined;
afterEach(() => ledger?.close());

describe("sync lease", () => {
  test("a second sync is refused while the first holds the lease", () => {
    ledger = openLedger(join(tmp(), "l.db"));
    let now = 1_000_000;
    const first = acquireLease(ledger.db, "sync", 60_000, () => now);
    expect(() => acquireLease(ledger!.db, "sync", 60_000, () => now)).toThrow(LockBusyError);
    first.release();
    acquireLease(ledger.db, "sync", 60_000, () => now).release();
  });

  test("an expired lease can be taken over; the old holder's next renew fails loudly", () => {
    ledger = openLedger(join(tmp(), "l.db"));
    let now = 1_000_000;
    const first = acquireLease(ledger.db, "sync", 60_000, () => now);
    now += 30_000;
    first.renew(); // still ours: extended to now + 60 s
    now += 59_000;
    expect(() => acquireLease(ledger!.db, "sync", 60_000, () => now)).toThrow(LockBusyError);
    now += 2_000;
    const second = acquireLease(ledger.db, "sync", 60_000, () => now);
    expect(() => first.renew()).toThrow(LeaseLostError);
    first.release(); // must not release the new holder's lease
    expect(() => acquireLease(ledger!.db, "sync", 60_000, () => now)).toThrow(LockBusyError);
    second.release();
  });

  test("a lease left by a dead process on this host is taken over at once", () => {
    ledger = openLedger(join(tmp(), "l.db"));
    const dead = Bun.spawnSync(["true"]).pid; // a pid that has exited
    const now = 1_000_000;
    ledger.db
      .insert(locks)
      .values({ name: "sync", owner: "crashed", pid: dead, host: hostname(), acquiredAt: "x", expiresAt: new Date(now + 600_000).toISOString() })
      .run();
    const lease = acquireLease(ledger.db, "sync", 60_000, () => now);
    lease.release();
  });
});
