import type { DatabaseName } from "../../notion/templates";
import type { DesiredRecord, JobName, PageLookup, SourceSnapshot } from "../snapshot";
import { alertsRecords, buildAlerts } from "./alerts";
import { buildCustomers, customersRecords } from "./customers";
import { buildDevices, devicesRecords } from "./devices";
import { buildSites, sitesRecords } from "./sites";

export interface JobDefinition {
  name: JobName;
  database: DatabaseName;
  /** Relations point at earlier jobs, which is why the jobs run in this order. */
  build(snapshot: SourceSnapshot, lookup: PageLookup): DesiredRecord[];
  /** The same records, one at a time (a run keeps only those it must write). */
  records(snapshot: SourceSnapshot, lookup: PageLookup): Iterable<DesiredRecord>;
  /** Missing once is enough to archive (resolved alerts); otherwise sync.archive_after_missed_runs. */
  archiveAtOnce?: boolean;
}

export const JOBS: JobDefinition[] = [
  { name: "customers", database: "customer_status", build: buildCustomers, records: customersRecords },
  { name: "sites", database: "sites", build: buildSites, records: sitesRecords },
  { name: "devices", database: "devices", build: buildDevices, records: devicesRecords },
  { name: "alerts", database: "alerts", build: buildAlerts, records: alertsRecords, archiveAtOnce: true },
];

/** The job that writes a database. */
export function jobForDatabase(db: DatabaseName): JobDefinition {
  const job = JOBS.find((j) => j.database === db);
  if (!job) throw new Error(`no job writes ${db}`);
  return job;
}
