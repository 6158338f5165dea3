/**
 * What the service's metrics read at scrape time (the ledger, the gates, the config, this
 * process): wired once at start, read only when Prometheus asks, so a scrape costs no query
 * until then.
 */
import { existsSync, statSync } from "node:fs";
import { API_NAMES } from "../http";
import type { MetricSources } from "../telemetry/metrics";
import { JOB_NAMES } from "../core/snapshot";
import { jobSchedules } from "../schedule/config-schema";
import { periodMs } from "../scheduler/periods";
import { owedWrites } from "./status";
import type { Runtime } from "./runtime";

/** The readings the metrics take from the ledger, the gates and this service at scrape time. */
export function wireMetrics(rt: Runtime, live: Pick<MetricSources, "health" | "quarantined">): void {
  const fileSize = (p: string) => (existsSync(p) ? statSync(p).size : 0);
  rt.telemetry.metrics.setSources({
    ...live,
    apiLatencyMs: (api) => rt.apiHealth.lastDurationMs(api),
    circuits: () => Object.fromEntries(API_NAMES.map((api) => [api, rt.gates[api].breakerStatus().state])),
    records: () => rt.repos.records.counts(),
    lastSuccess: () =>
      Object.fromEntries(
        JOB_NAMES.map((job) => {
          const at = rt.repos.runs.lastOf(job, { succeeded: true })?.finishedAt;
          return [job, at ? Date.parse(at) : null];
        }),
      ),
    backlog: () => owedWrites(rt.repos.records.backlog()),
    intervals: () => {
      const schedules = jobSchedules(rt.config);
      return Object.fromEntries(JOB_NAMES.map((job) => [job, periodMs(schedules[job]) / 1000]));
    },
    ledgerBytes: () => (rt.ledger.path === ":memory:" ? null : fileSize(rt.ledger.path) + fileSize(`${rt.ledger.path}-wal`)),
    queue: () => ({ ...rt.repos.pending.stats(), nowMs: rt.clock.now() }),
    notionLimits: () => {
      const until = rt.gates.notion.status().pausedUntil;
      return { createsRefused: rt.notionLimits.createsRefused !== null, pausedSeconds: until === null ? 0 : Math.max(0, (until - Date.now()) / 1000) };
    },
  });
}
