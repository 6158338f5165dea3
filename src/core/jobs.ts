/** The four jobs, in the order a run writes them (relations point at earlier jobs). */
export const JOB_NAMES = ["customers", "sites", "devices", "alerts"] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The four Notion databases, one per job (customers write Customer Status). */
export const DATABASE_NAMES = ["customer_status", "sites", "devices", "alerts"] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];

/**
 * The job a name means: a job's own name, or its database's where they differ ("customer_status"
 * is the customers job). Job names are what the CLI, the admin API, the metrics and the reports
 * say; the database name was printed by `dedupe` before, so it stays accepted. undefined: neither.
 */
export function jobNamed(name: string): JobName | undefined {
  if ((JOB_NAMES as readonly string[]).includes(name)) return name as JobName;
  const i = (DATABASE_NAMES as readonly string[]).indexOf(name);
  return i >= 0 ? JOB_NAMES[i] : undefined;
}
