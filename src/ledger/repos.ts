import type { Ledger } from "./ledger";
import { DatabaseRegistry } from "./database-registry";
import { acquireLease, type Lease } from "./lease";
import { PendingRepo } from "./pending-repo";
import { RecordsRepo } from "./records-repo";
import { RunsRepo } from "./runs-repo";
import { ServiceStateRepo } from "./service-state";

/**
 * Everything a sync keeps in the ledger, over one open file and one clock: the records, the
 * runs, the database registry, the service's small state and the sync lease. Built once per
 * process (the runtime) and handed to whoever writes the ledger; nobody else constructs a repo.
 */
export interface LedgerRepos {
  records: RecordsRepo;
  runs: RunsRepo;
  registry: DatabaseRegistry;
  state: ServiceStateRepo;
  /** The writer's queue. */
  pending: PendingRepo;
  /** Takes the named lease for `ttlMs` (LockBusyError when another live process holds it). */
  acquireLease(name: string, ttlMs: number): Lease;
}

export function ledgerRepos(ledger: Pick<Ledger, "db">, now: () => number): LedgerRepos {
  const iso = () => new Date(now()).toISOString();
  return {
    records: new RecordsRepo(ledger.db, iso),
    runs: new RunsRepo(ledger.db, iso),
    registry: new DatabaseRegistry(ledger.db, iso),
    state: new ServiceStateRepo(ledger.db, iso),
    pending: new PendingRepo(ledger.db),
    acquireLease: (name, ttlMs) => acquireLease(ledger.db, name, ttlMs, now),
  };
}
