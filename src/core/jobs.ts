/** The four jobs, in the order a run writes them (relations point at earlier jobs). */
export const JOB_NAMES = ["customers", "sites", "devices", "alerts"] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The four Notion databases, one per job (customers write Customer Status). */
export const DATABASE_NAMES = ["customer_status", "sites", "devices", "alerts"] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];
