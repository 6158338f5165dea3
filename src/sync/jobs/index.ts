import type { DatabaseName } from "../../notion/templates";
import type { DesiredRecord, JobName, PageLookup, SourceSnapshot } from "../snapshot";
import { buildAlerts } from "./alerts";
import { buildCustomers } from "./customers";
import { buildDevices } from "./devices";
import { buildSites } from "./sites";

export interface JobDefinition {
  name: JobName;
  database: DatabaseName;
  /** Relations point at earlier jobs, which is why the jobs run in this order. */
  build(snapshot: SourceSnapshot, lookup: PageLookup): DesiredRecord[];
  /** Missing once is enough to archive (resolved alerts); otherwise sync.archive_after_missed_runs. */
  archiveAtOnce?: boolean;
}

export const JOBS: JobDefinition[] = [
  { name: "customers", database: "customer_status", build: buildCustomers },
  { name: "sites", database: "sites", build: buildSites },
  { name: "devices", database: "devices", build: buildDevices },
  { name: "alerts", database: "alerts", build: buildAlerts, archiveAtOnce: true },
];

/** The job that writes a database. */
export function jobForDatabase(db: DatabaseName): JobDefinition {
  const job = JOBS.find((j) => j.database === db);
  if (!job) throw new Error(`no job writes ${db}`);
  return job;
}
