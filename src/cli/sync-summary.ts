import { formatProblems } from "../notion/schema-check";
import { type PlannedChange, type SyncReport } from "../core";

const show = (v: unknown) => JSON.stringify(v);

/** "update KEY: Status "Online" → "Offline"; IP → "10.0.0.2"" (old shown where Notion was read). */
export function planLine(c: PlannedChange): string {
  if (c.action === "archive") return `archive ${c.key}`;
  if (c.changes === null) return `${c.action} ${c.key}: all properties`;
  if (c.action === "create") return `create ${c.key}: ${c.changes.map((p) => p.property).join(", ")}`;
  const parts = c.changes.map((p) => `${p.property} ${p.old === undefined ? "" : `${show(p.old)} `}→ ${show(p.new)}`);
  return `${c.action} ${c.key}: ${parts.join("; ")}`;
}

/**
 * "This sync will create N pages": every page is one of the workspace's blocks, and a Free
 * workspace with more than one member has 1,000 in its lifetime, so an operator sees it coming.
 */
export function createForecast(report: SyncReport): string {
  const creates = report.jobs.reduce((n, j) => n + (j.planned.create ?? 0), 0);
  const per = report.jobs.filter((j) => j.planned.create).map((j) => `${j.job} ${j.planned.create}`);
  return creates === 0
    ? "Pages to create: none."
    : `Pages to create: ${creates.toLocaleString("en-US")} (${per.join(", ")}). Every page is one Notion block; a Free workspace with more than one member holds 1,000 blocks in its lifetime.`;
}

/** The human summary a `sync` prints at the end (the JSON log lines carry the same numbers). */
export function formatSyncReport(report: SyncReport, opts: { dryRun: boolean }): string {
  const lines: string[] = [];
  const t = report.totals;
  if (opts.dryRun) {
    lines.push("Dry run: nothing was written. Planned actions per job:");
    for (const j of report.jobs) {
      const parts = Object.entries(j.planned).map(([k, n]) => `${k} ${n}`);
      lines.push(`  ${j.job.padEnd(10)} ${parts.join(", ") || "nothing"}${j.readNotion ? "  (Notion read in full)" : ""}`);
      for (const d of j.plan ?? []) lines.push(`    ${planLine(d)}`);
    }
    lines.push(createForecast(report));
  } else {
    const blocked = t.blocked ? `, blocked ${t.blocked}` : "";
    lines.push(
      `Sync ${report.status} in ${took(report.durationMs)}: created ${t.created}, updated ${t.updated}, unchanged ${t.unchanged}, archived ${t.archived}, failed ${t.failed}, deferred ${t.deferred}${blocked}`,
      `  Notion requests: ${report.notionRequests.writes} writes, ${report.notionRequests.reads} reads${report.runId !== null ? `  (run ${report.runId})` : ""}`,
    );
    for (const j of report.jobs) {
      const c = j.counts;
      lines.push(`  ${j.job.padEnd(10)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, archived ${c.archived}, failed ${c.failed}, deferred ${c.deferred}${c.blocked ? `, blocked ${c.blocked}` : ""}`);
    }
    if (report.createsRefused) {
      lines.push(`Blocked: Notion refused new pages ("${report.createsRefused.message}"); ${t.blocked} create(s) wait, nothing else is wrong.`, `  ${report.createsRefused.advice}`);
    }
  }
  const dups = report.jobs.flatMap((j) => j.duplicates.map((k) => `${j.job}: ${k}`));
  if (dups.length) lines.push(`Duplicate pages found for ${dups.length} key(s); run \`oberaconnect-sync dedupe\`:`, ...dups.slice(0, 20).map((d) => `  ${d}`));
  if (report.quarantined) lines.push(`${report.quarantined} source record(s) quarantined (malformed); see the log's "Quarantined" lines.`);
  for (const p of report.problems) lines.push(`Problem: ${p}`);
  if (report.schemaProblems.length) lines.push("Schema problems:", ...formatProblems(report.schemaProblems).map((l) => `  ${l}`));
  if (report.error) lines.push(`${report.status === "deferred" ? "Deferred" : report.status === "interrupted" ? "Interrupted" : "Aborted"}: ${report.error}`);
  return `${lines.join("\n")}\n`;
}

/** "80 ms" under a second ("0.0 s" read as "did not run"), else "1.4 s". */
export function took(ms: number): string {
  return ms < 999.5 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
