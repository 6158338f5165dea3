/**
 * The narrow views of the runtime that the admin routes and the status document take: built
 * here, once per service, so neither reaches into the runtime itself.
 * @module
 */
import { API_NAMES } from "../http";
import { JOB_NAMES, type JobName, type SyncReport } from "../core";
import { redactedView } from "../config/redact";
import { leaseHolder } from "../ledger/lease";
import { failureView, recordView, runSummary } from "../ledger/views";
import type { AdminDeps } from "../routes/admin/deps";
import type { Scheduler } from "../scheduler/scheduler";
import { inMaintenanceWindow } from "../schedule/windows";
import { schemaCheck } from "../sync/databases";
import { dedupe } from "../sync/dedupe";
import type { SyncService } from "../sync/service";
import type { Role } from "./role";
import type { Runtime } from "./runtime";
import { serviceStatus, type StatusDeps } from "./status";

interface ServiceParts {
  syncs: SyncService;
  scheduler: Scheduler;
  role: () => Role;
  lastReport: () => SyncReport | null;
  /** NinjaOne's webhook: what was received (runtime/webhooks.ts). */
  webhooks?: () => object;
}

export function statusDeps(rt: Runtime, p: ServiceParts): StatusDeps {
  const { records, runs } = rt.repos;
  return {
    runsOf: (job: JobName) => {
      const last = runs.lastOf(job);
      return { last: last ? runSummary(last, rt.repos.pending.leftOf([last.id]).get(last.id) ?? 0) : null, lastSuccessAt: runs.lastOf(job, { succeeded: true })?.finishedAt ?? null };
    },
    recordCounts: () => records.counts(),
    backlog: () => records.backlog(),
    lease: () => leaseHolder(rt.ledger.db, "sync", rt.clock.now()),
    circuits: () => Object.fromEntries(API_NAMES.map((api) => [api, rt.gates[api].breakerStatus()])) as ReturnType<StatusDeps["circuits"]>,
    notionLimits: () => rt.notionLimits.status(),
    queue: () => ({ ...rt.repos.pending.stats(), nowMs: rt.clock.now() }),
    rate: () => rt.config.sync_rate_limit_per_second,
    scheduler: p.scheduler,
    syncs: p.syncs,
    role: p.role,
    lastReport: p.lastReport,
    lastMatching: () => rt.repos.state.lastMatching() ?? null,
    webhooks: p.webhooks ?? (() => null),
  };
}

export function adminDeps(rt: Runtime, p: ServiceParts): AdminDeps {
  const status = statusDeps(rt, p);
  const { records, runs } = rt.repos;
  return {
    clock: rt.clock,
    audit: (fields, message) => rt.logger.info(fields, message),
    adminToken: () => rt.loaded.secrets.get("ADMIN_TOKEN"),
    failedLoginsPerMinute: rt.config.server.admin_failed_logins_per_minute,
    inMaintenanceWindow: (nowMs) => inMaintenanceWindow(rt.config.scheduler.maintenance_windows, nowMs),
    configView: () => redactedView(rt.loaded),
    gates: rt.gates,
    ledger: {
      failures: (q) => records.failures(q).map(failureView),
      record: (job, key) => {
        const row = records.get(job, key);
        return row ? recordView(row) : undefined;
      },
      runs: (q) => {
        const rows = runs.list(q);
        const left = rt.repos.pending.leftOf(rows.map((r) => r.id));
        return rows.map((r) => runSummary(r, left.get(r.id) ?? 0));
      },
      run: (id) => {
        const row = runs.get(id);
        return row ? runSummary(row, rt.repos.pending.leftOf([id]).get(id) ?? 0) : undefined;
      },
    },
    syncs: p.syncs,
    scheduler: p.scheduler,
    role: p.role,
    status: () => serviceStatus(status),
    schemaCheck: async () => {
      const problems = await schemaCheck(rt.notion(), rt.config, rt.repos.registry);
      rt.schema.set(problems, rt.clock.now());
      return problems;
    },
    dedupe: (opts) => dedupe({ config: rt.config, notion: rt.notion(), repos: rt.repos }, { jobs: opts.jobs.length ? opts.jobs : JOB_NAMES, apply: opts.apply }),
  };
}
