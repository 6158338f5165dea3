import type { DatabaseName } from "../../notion/templates";
import type { DesiredRecord, JobName, PageLookup, SourceSnapshot } from "../../core/snapshot";
import { alertsRecords } from "./alerts";
import { customersRecords } from "./customers";
import { devicesRecords } from "./devices";
import { sitesRecords } from "./sites";

export interface JobDefinition {
  name: JobName;
  database: DatabaseName;
  /**
   * The job's records, one at a time: a run hashes and compares each and keeps only the ones to
   * write. Relations point at earlier jobs, which is why the jobs run in this order.
   */
  records(snapshot: SourceSnapshot, lookup: PageLookup): Iterable<DesiredRecord>;
  /** All of them at once (checks, benchmarks). */
  build(snapshot: SourceSnapshot, lookup: PageLookup): DesiredRecord[];
  /** Missing once is enough to archive (resolved alerts); otherwise sync.archive_after_missed_runs. */
  archiveAtOnce?: boolean;
}

const job = (def: Omit<JobDefinition, "build">): JobDefinition => ({ ...def, build: (s, l) => [...def.records(s, l)] });

export const JOBS: JobDefinition[] = [
  job({ name: "customers", database: "customer_status", records: customersRecords }),
  job({ name: "sites", database: "sites", records: sitesRecords }),
  job({ name: "devices", database: "devices", records: devicesRecords }),
  job({ name: "alerts", database: "alerts", records: alertsRecords, archiveAtOnce: true }),
];

/** The job that writes a database. */
export function jobForDatabase(db: DatabaseName): JobDefinition {
  const job = JOBS.find((j) => j.database === db);
  if (!job) throw new Error(`no job writes ${db}`);
  return job;
}
