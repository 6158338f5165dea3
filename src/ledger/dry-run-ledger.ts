/**
 * The ledger a dry run plans against, without writing the operator's file: a dry run writes
 * nothing, and that includes creating a ledger or migrating one. An up-to-date ledger is opened
 * as it is (nothing is written to it: a dry run takes no lease and records no run); a missing one
 * is an empty in-memory ledger; one that needs migrating is copied (`VACUUM INTO`, a consistent
 * snapshot even while a service writes) and the copy is migrated and then thrown away.
 * @module
 */
import { Database } from "bun:sqlite";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LedgerError } from "../core/errors";
import { openLedger, type Ledger } from "./ledger";
import { appliedCount, embeddedMigrations } from "./migrate";

export interface DryRunLedger {
  ledger: Ledger;
  /** What the dry run planned against, for the operator. */
  note: string | null;
  close(): void;
}

export function openDryRunLedger(path: string): DryRunLedger {
  if (!existsSync(path) || statSync(path).size === 0) {
    const ledger = openLedger(":memory:");
    return { ledger, note: `no ledger at ${path} yet: planned against an empty one (nothing was created)`, close: () => ledger.close() };
  }
  const total = embeddedMigrations().length;
  let applied: number;
  let ro: Database | undefined;
  try {
    ro = new Database(path, { readonly: true });
    applied = appliedCount(ro);
  } catch (err) {
    ro?.close();
    throw new LedgerError(`cannot read ledger ${path}: ${(err as Error).message}`);
  }
  if (applied >= total) {
    ro.close();
    const ledger = openLedger(path, { migrate: false });
    return { ledger, note: null, close: () => ledger.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-dry-run-"));
  const copy = join(dir, "ledger.db");
  try {
    ro.query("VACUUM INTO ?").run(copy);
  } finally {
    ro.close();
  }
  const ledger = openLedger(copy);
  return {
    ledger,
    note: `the ledger needs ${total - applied} migration(s) (the next sync or \`migrate\` applies them): planned against a migrated copy, the ledger itself was not changed`,
    close: () => {
      ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
