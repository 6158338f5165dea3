/**
 * What GET /ready of `serve` checks, every component decided from state the service already
 * has (no external call in the request path; the API components refresh themselves in the
 * background, see api-readiness.ts). Not ready (503), each reason named in `components`, when:
 * the service is shutting down; the ledger is unavailable or not migrated; a required secret is
 * missing; an API is failing or its circuit is open; the last Notion schema check failed; or a
 * job's last successful run is older than 3× its interval (after the same grace from start).
 * @module
 */
import type { SecretName } from "../config/secrets";
import { blocksSync, type JobName } from "../core";
import type { NotionLimits } from "../sync/notion-limits";
import type { SchemaState } from "../sync/schema-state";
import { periodMs } from "../scheduler/periods";
import type { Scheduler } from "../scheduler/scheduler";
import { jobSchedules } from "../schedule/config-schema";
import { formatProblems } from "../notion/schema-check";
import { refusalAdvice } from "../notion/block-limit";
import { JOB_NAMES } from "../core/snapshot";
import type { ApiCheckDeps, ApiReadiness } from "./api-readiness";
import type { CheckResult, ComponentCheck } from "./checks";
import { diskCheck, memoryCheck } from "./system-checks";

/** What readiness reads of the process (the runtime has it all; nothing here calls out). */
export interface ReadinessRuntime extends Pick<ApiCheckDeps, "clock" | "config" | "loaded"> {
  readonly startedAt: number;
  readonly schema: Pick<SchemaState, "get">;
  readonly notionLimits: Pick<NotionLimits, "createsRefused" | "rateLimit">;
}

export interface ReadinessDeps {
  rt: ReadinessRuntime;
  /** The `ledger` component (ledger/checks.ts: the open ledger's status). */
  ledger: ComponentCheck;
  /** When a job's last successful (or partial) run finished, per the ledger. */
  lastSuccessAt(job: JobName): string | undefined;
  apis: ApiReadiness;
  scheduler: Pick<Scheduler, "blockedBy">;
  shuttingDown: () => boolean;
}

/** A job is stale when its last success is older than this many of its intervals. */
export const STALE_AFTER_INTERVALS = 3;

const check = (name: string, run: () => CheckResult): ComponentCheck => ({ name, run: async () => run() });

/** The secrets an enabled part of the config needs. ADMIN_TOKEN is optional: without it the admin API is closed. */
export function requiredSecrets(rt: Pick<ReadinessRuntime, "config">): SecretName[] {
  return [
    "NOTION_TOKEN",
    ...(rt.config.unifi.enabled ? (["UNIFI_API_KEY"] as const) : []),
    ...(rt.config.ninjaone.enabled ? (["NINJAONE_CLIENT_ID", "NINJAONE_CLIENT_SECRET"] as const) : []),
  ];
}

/** Per job: last success within 3 intervals (counted from start for a fresh process). */
export function freshness(rt: ReadinessRuntime, scheduler: Pick<Scheduler, "blockedBy">, lastSuccessAt: (job: JobName) => string | undefined): CheckResult {
  const blocked = scheduler.blockedBy();
  if (blocked === "disabled" || blocked === "replica" || blocked === "paused") {
    return { healthy: true, detail: `not judged: scheduler ${blocked === "replica" ? "idle on a replica" : blocked}` };
  }
  const now = rt.clock.now();
  const schedules = jobSchedules(rt.config);
  const stale: string[] = [];
  for (const job of JOB_NAMES) {
    const limit = STALE_AFTER_INTERVALS * periodMs(schedules[job]);
    const last = lastSuccessAt(job);
    const since = Math.max(last ? Date.parse(last) : -Infinity, rt.startedAt);
    if (now - since > limit) stale.push(`${job} (last success ${last ?? "never"}, limit ${Math.round(limit / 60_000)} min)`);
  }
  if (stale.length === 0) return { healthy: true, detail: "every job synced within 3 intervals" };
  const error = `no successful run for 3× the interval: ${stale.join("; ")}`;
  return { healthy: false, detail: `stale: ${stale.length} job(s)`, error };
}

/**
 * Degraded, not unready: a rate-limit pause resolves itself, and refused creates leave every
 * existing page updated, so neither is a reason to take the service out of a load balancer;
 * both are named so the on-call sees them (the block limit with its fix).
 */
export function notionLimitsCheck(rt: Pick<ReadinessRuntime, "notionLimits">): CheckResult {
  const refused = rt.notionLimits.createsRefused;
  const pause = rt.notionLimits.rateLimit();
  if (refused) {
    const since = new Date(refused.sinceMs).toISOString();
    return { healthy: true, degraded: true, detail: `Notion refuses new pages since ${since}: ${refused.message}${pause ? `; ${pause.text}` : ""}`, error: refusalAdvice(refused) };
  }
  if (pause) return { healthy: true, degraded: true, detail: pause.text };
  return { healthy: true, detail: "no rate-limit wait, new pages accepted" };
}

export function serviceReadiness(d: ReadinessDeps): ComponentCheck[] {
  const { rt } = d;
  return [
    check("shutdown", () => (d.shuttingDown() ? { healthy: false, detail: "shutting down", error: "shutting down" } : { healthy: true, detail: "running" })),
    d.ledger,
    // No path: /ready answers anyone who can reach the port (`config` and the log name the file).
    check("config", () => ({ healthy: true, detail: "loaded and valid" })),
    check("secrets", () => {
      const unset = requiredSecrets(rt).filter((n) => rt.loaded.secrets.get(n) === undefined);
      if (unset.length === 0) return { healthy: true, detail: "every required secret is set" };
      const error = `${unset.join(", ")} not set (set the variable or NAME_FILE)`;
      return { healthy: false, detail: `${unset.length} missing`, error };
    }),
    d.apis.check("notion"),
    d.apis.check("unifi"),
    d.apis.check("ninjaone"),
    check("notion_schema", () => {
      const last = rt.schema.get();
      if (!last) return { healthy: true, detail: "not checked yet (every sync checks it first)" };
      const at = new Date(last.atMs).toISOString();
      const blocking = last.problems.filter(blocksSync);
      if (blocking.length === 0) {
        const advice = last.problems.length ? `; ${last.problems.length} to settle with setup-databases --migrate (two-way relations, on-call views)` : "";
        return { healthy: true, detail: `matches the templates (checked ${at})${advice}` };
      }
      return { healthy: false, detail: `${blocking.length} problem(s) (checked ${at})`, error: formatProblems(blocking).join(" | ") };
    }),
    check("sync", () => freshness(rt, d.scheduler, d.lastSuccessAt)),
    check("notion_limits", () => notionLimitsCheck(rt)),
    diskCheck(rt.config.ledger.path),
    memoryCheck(),
  ];
}
