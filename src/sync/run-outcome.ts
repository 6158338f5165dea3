/**
 * How a run ends when it does not end "ok": each sets the report's status, exit code and words
 * (on the report it is given, which it returns), in one place for the engine's every way out;
 * and a dry run's plan as run counts.
 */
import type { RateLimitDeferredError } from "../http";
import type { SyncReport } from "../core";

/** A dry run's plan as run counts: creates, updates (restores too), unchanged (adoptions too), archives. */
export function plannedCounts(report: SyncReport): { created: number; updated: number; unchanged: number; archived: number } {
  const n = (kind: keyof SyncReport["jobs"][number]["planned"]) => report.jobs.reduce((sum, j) => sum + (j.planned[kind] ?? 0), 0);
  return { created: n("create"), updated: n("update"), unchanged: n("unchanged") + n("adopt"), archived: n("archive") };
}

/** Stopped by shutdown: what was done is in the ledger, the rest is done by the next run. */
export function interrupted(report: SyncReport): SyncReport {
  report.status = "interrupted";
  report.exitCode = 3;
  report.error = "interrupted by shutdown; the next run resumes from the ledger";
  return report;
}

/** Notion asked for a longer wait than a run takes: nothing failed, the next run resumes. */
export function deferred(report: SyncReport, err: RateLimitDeferredError): SyncReport {
  report.status = "deferred";
  report.exitCode = 3;
  report.resumeAt = err.untilMs;
  report.error = `${err.message}`;
  return report;
}

/** Stopped before its end for the reason given (a lost lease, a schema that does not fit). */
export function abort(report: SyncReport, message: string): SyncReport {
  report.status = "aborted";
  report.exitCode = 3;
  report.error = message;
  return report;
}
