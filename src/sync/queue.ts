/**
 * What matters first: the pure rules of the writer's queue. A poll turns each record that
 * differs from its page into a queued change with a priority; the writer takes the queue
 * highest priority first, oldest first within one. Persistence is the ledger's
 * (ledger/pending-repo.ts, which follows these rules in SQL); the rules live here, tested with
 * tables.
 *
 * Priorities (lower goes first; the numbers are configurable, `writer.priorities`):
 *   P0  an alert created, changed or resolved; a customer's Status changing
 *   P1  a site's or a device's Status changing (online / offline)
 *   P2  new customers, sites and devices; every other property change
 *   P3  archives of records gone from their source
 * An alert's end is an alert change (the on-call must see it go), hence P0, not P3.
 * @module
 */
import { JOB_NAMES, type JobName, type PropMap } from "../core";

export type Priority = number;

/** What a change is, as far as its priority goes. */
export type ChangeKind = "alert" | "customer_status" | "status" | "new" | "other" | "archive";

export const DEFAULT_PRIORITIES: Readonly<Record<ChangeKind, Priority>> = {
  alert: 0,
  customer_status: 0,
  status: 1,
  new: 2,
  other: 2,
  archive: 3,
};

/** The kind of one planned change: a write (create or update) or an archive. */
export function changeKind(c: { job: JobName; action: "write" | "archive"; isNew: boolean; statusChanged: boolean }): ChangeKind {
  if (c.job === "alerts") return "alert";
  if (c.action === "archive") return "archive";
  if (c.statusChanged && !c.isNew) return c.job === "customers" ? "customer_status" : "status";
  return c.isNew ? "new" : "other";
}

/** A change waiting in the queue (the fields the rules look at). */
export interface QueuedChange {
  job: JobName;
  key: string;
  priority: Priority;
  /** When the record first differed from its page (ms). */
  sinceMs: number;
  /** The hash of the latest desired state (null for an archive). */
  hash: string | null;
}

/**
 * A new change for a record already queued: it replaces the queued one (only the latest desired
 * state is ever written), keeps the earliest `since` (the record has been stale since then) and
 * the higher priority (a customer's Status change followed by a new description is still a
 * Status change nobody has seen).
 */
export function coalesce(existing: QueuedChange | undefined, incoming: QueuedChange): QueuedChange {
  if (!existing) return incoming;
  return { ...incoming, priority: Math.min(existing.priority, incoming.priority), sinceMs: Math.min(existing.sinceMs, incoming.sinceMs) };
}

/**
 * A queued change whose record came back to what its page holds (the ledger's hash, no write in
 * doubt) is dropped with no write: Notion already shows it.
 */
export function isChangeBack(desiredHash: string, ledger: { contentHash: string | null; writeStartedAt: string | null; state: string } | undefined): boolean {
  return !!ledger && ledger.state === "synced" && ledger.writeStartedAt === null && ledger.contentHash === desiredHash;
}

const JOB_ORDER = new Map(JOB_NAMES.map((j, i) => [j, i]));

/** The writer's order: priority, then oldest change first (fairness), then job order, then key. */
export function compareQueued(a: QueuedChange, b: QueuedChange): number {
  return a.priority - b.priority || a.sinceMs - b.sinceMs || (JOB_ORDER.get(a.job) ?? 0) - (JOB_ORDER.get(b.job) ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Dependency promotion: a change that must point at records without a page yet (an alert's
 * device, a device's customer) raises the queued creates of those records to its own priority,
 * so they are written before it; its relation is then filled by the record's next write (the
 * next poll finds the page). Returns the queued changes to raise.
 */
export function promotions(priority: Priority, refs: readonly [JobName, string][], queued: (job: JobName, key: string) => QueuedChange | undefined, hasPage: (job: JobName, key: string) => boolean): QueuedChange[] {
  const out: QueuedChange[] = [];
  for (const [job, key] of refs) {
    if (hasPage(job, key)) continue;
    const q = queued(job, key);
    if (q && q.priority > priority) out.push({ ...q, priority });
  }
  return out;
}

/** The Status a record's page shows (customers, sites, devices), or null. */
export function statusOf(props: PropMap | null | undefined): string | null {
  const v = props?.Status;
  return v?.type === "select" ? v.value : null;
}
