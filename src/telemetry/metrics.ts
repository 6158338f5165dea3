/**
 * The service's metrics, as Prometheus sees them at GET /metrics. The three names the legacy
 * runbook's alerts and dashboard use are kept exactly (`oberaconnect_healthy`,
 * `oberaconnect_component_healthy{component}`, `oberaconnect_component_latency_ms{component}`);
 * the rest follow Prometheus naming (base units in the name, `_total` on counters, which the
 * exporter appends). Labels are bounded: sync_job (not `job`, which Prometheus sets to the scrape
 * job and would rename ours to exported_job), api, operation (the fixed operation table),
 * status class, route template, record action/state. Never a record key, page id or raw path.
 * @module
 */
import type { Attributes, Counter, Histogram, Meter, ObservableResult } from "@opentelemetry/api";
import type { HealthReport } from "../core";
import { rateLimitLabel, type ApiName, type GateEvent } from "../http";
import { type SyncReport } from "../core";


/** Prometheus names, in one place: alerts.yml, the dashboard and the tests use these. */
export const METRIC = {
  healthy: "oberaconnect_healthy",
  componentHealthy: "oberaconnect_component_healthy",
  componentLatencyMs: "oberaconnect_component_latency_ms",
  runs: "oberaconnect_sync_runs_total",
  records: "oberaconnect_sync_records_total",
  runDuration: "oberaconnect_sync_run_duration_seconds",
  apiRequests: "oberaconnect_api_requests_total",
  rateLimited: "oberaconnect_rate_limited_total",
  rateLimitWait: "oberaconnect_rate_limit_wait_seconds_total",
  apiCallDuration: "oberaconnect_api_call_duration_seconds",
  circuitState: "oberaconnect_circuit_state",
  ledgerRecords: "oberaconnect_ledger_records",
  quarantined: "oberaconnect_quarantined_records",
  lastSuccess: "oberaconnect_last_success_timestamp_seconds",
  jobInterval: "oberaconnect_job_interval_seconds",
  backlog: "oberaconnect_write_backlog",
  ledgerSize: "oberaconnect_ledger_size_bytes",
  httpDuration: "oberaconnect_http_request_duration_seconds",
  buildInfo: "oberaconnect_build_info",
  notionCreatesRefused: "oberaconnect_notion_creates_refused",
  pendingRecords: "oberaconnect_pending_records",
  oldestPending: "oberaconnect_oldest_pending_seconds",
  notionRateLimitPaused: "oberaconnect_notion_rate_limit_paused_seconds",
  webhookDeliveries: "oberaconnect_webhook_deliveries",
  webhookLastAge: "oberaconnect_webhook_last_delivery_age_seconds",
} as const;

/** The instrument name is the Prometheus name without the `_total` the exporter appends. */
const counterName = (n: string) => n.replace(/_total$/, "");

/** Where the readings at scrape time come from (the service fills these in). */
export interface MetricSources {
  /** The readiness report of this scrape (run just before it). */
  health?: () => HealthReport | null;
  /** Per API, the duration of its last call in ms (the latency the runbook's HighLatency means). */
  apiLatencyMs?: (api: ApiName) => number | null;
  circuits?: () => Partial<Record<ApiName, "closed" | "half_open" | "open">>;
  records?: () => Record<string, Record<string, number>>;
  quarantined?: () => number | null;
  lastSuccess?: () => Record<string, number | null>;
  /** Per job, its scheduled interval (a cron job: the shortest gap of its pattern). */
  intervals?: () => Record<string, number>;
  backlog?: () => { next_run: number; full_resync: number };
  ledgerBytes?: () => number | null;
  /** The writer's queue: pending changes per job and priority, and the oldest per job (ms since). */
  queue?: () => { byJob: Record<string, { byPriority: Record<number, number>; oldestSinceMs: number | null }>; nowMs?: number };
  /** Notion's limits now: creates refused (block limit), and the rate-limit pause left (s). */
  notionLimits?: () => { createsRefused: boolean; pausedSeconds: number };
  /** NinjaOne's webhook since the ledger began counting: deliveries by outcome, and the last one's time (ms). */
  webhooks?: () => { received: number; duplicates: number; rejected: number; lastMs: number | null } | null;
}

const CIRCUIT_VALUE = { closed: 0, half_open: 1, open: 2 } as const;
const statusClass = (status: number | undefined) => (status === undefined ? "none" : `${Math.floor(status / 100)}xx`);

export class ServiceMetrics {
  private readonly runs: Counter;
  private readonly records: Counter;
  private readonly runDuration: Histogram;
  private readonly apiRequests: Counter;
  private readonly rateLimited: Counter;
  private readonly rateLimitWait: Counter;
  private readonly apiCallDuration: Histogram;
  private readonly httpDuration: Histogram;
  private sources: MetricSources = {};

  constructor(meter: Meter, build: { version: string; commit: string }) {
    this.runs = meter.createCounter(counterName(METRIC.runs), { description: "Sync runs by job and outcome (succeeded, partial, aborted, failed, interrupted)" });
    this.records = meter.createCounter(counterName(METRIC.records), { description: "Records handled by sync runs, by job and action (created, updated, unchanged, archived, failed)" });
    this.runDuration = meter.createHistogram(METRIC.runDuration, {
      description: "Duration of a sync run, per job it covered",
      advice: { explicitBucketBoundaries: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200] },
    });
    this.apiRequests = meter.createCounter(counterName(METRIC.apiRequests), { description: "Outbound request attempts by api, operation and status class (none: no answer)" });
    this.rateLimited = meter.createCounter(counterName(METRIC.rateLimited), { description: "429 and Notion 529 answers by api and reason (connection_limit, workspace_limit, service_overload, unspecified, other)" });
    this.rateLimitWait = meter.createCounter(counterName(METRIC.rateLimitWait), { description: "Seconds every request of an api was held by rate-limit pauses (Retry-After), by api and the reason that set the pause" });
    this.apiCallDuration = meter.createHistogram(METRIC.apiCallDuration, {
      description: "Outbound calls (retries included), by api and outcome",
      advice: { explicitBucketBoundaries: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] },
    });
    // Zero series from the start, so alerts and dashboards see "no 429s" rather than no data.
    const zero: [string, string][] = [["notion", "connection_limit"], ["notion", "workspace_limit"], ["notion", "service_overload"], ["notion", "unspecified"], ["unifi", "unspecified"], ["ninjaone", "unspecified"]];
    for (const [api, reason] of zero) {
      this.rateLimited.add(0, { api, reason });
      this.rateLimitWait.add(0, { api, reason });
    }
    this.httpDuration = meter.createHistogram(METRIC.httpDuration, {
      description: "Inbound HTTP requests by method, route template and status",
      advice: { explicitBucketBoundaries: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5] },
    });

    const gauge = (name: string, description: string, read: (r: ObservableResult) => void) =>
      meter.createObservableGauge(name, { description }).addCallback((r) => {
        try {
          read(r);
        } catch {
          /* a source that cannot answer now (ledger closing) leaves the series out of this scrape */
        }
      });
    gauge(METRIC.buildInfo, "Always 1; the labels say which build runs", (r) => r.observe(1, { version: build.version, commit: build.commit }));
    gauge(METRIC.healthy, "1 when /ready would answer 200, else 0", (r) => {
      const h = this.sources.health?.();
      if (h) r.observe(h.healthy ? 1 : 0);
    });
    gauge(METRIC.componentHealthy, "1 when the component is healthy, per /ready component", (r) => {
      for (const [component, c] of Object.entries(this.sources.health?.()?.components ?? {})) r.observe(c.healthy ? 1 : 0, { component });
    });
    gauge(METRIC.componentLatencyMs, "Per component: the last call's duration for the APIs, the check's own time for the rest (ms)", (r) => {
      for (const [component, c] of Object.entries(this.sources.health?.()?.components ?? {})) {
        const api = /^(notion|unifi|ninjaone)_api$/.exec(component)?.[1] as ApiName | undefined;
        const last = api ? this.sources.apiLatencyMs?.(api) : null;
        r.observe(last ?? c.latency_ms, { component });
      }
    });
    gauge(METRIC.circuitState, "Circuit breaker per api: 0 closed, 1 half-open, 2 open", (r) => {
      for (const [api, state] of Object.entries(this.sources.circuits?.() ?? {})) r.observe(CIRCUIT_VALUE[state], { api });
    });
    gauge(METRIC.ledgerRecords, "Ledger records by job and state (synced, failed, pending_create, archived, blocked)", (r) => {
      for (const [job, states] of Object.entries(this.sources.records?.() ?? {})) {
        for (const state of ["synced", "failed", "pending_create", "archived", "blocked"]) r.observe(states[state] ?? 0, { sync_job: job, state });
      }
    });
    gauge(METRIC.quarantined, "Source records the last run could not use (malformed)", (r) => {
      const q = this.sources.quarantined?.();
      if (q !== null && q !== undefined) r.observe(q);
    });
    gauge(METRIC.lastSuccess, "Unix time of the last successful (or partial) run, per job", (r) => {
      for (const [job, at] of Object.entries(this.sources.lastSuccess?.() ?? {})) if (at !== null) r.observe(at / 1000, { sync_job: job });
    });
    gauge(METRIC.jobInterval, "Scheduled interval per job (cron: its shortest gap); SyncStale compares with it", (r) => {
      for (const [job, seconds] of Object.entries(this.sources.intervals?.() ?? {})) r.observe(seconds, { sync_job: job });
    });
    gauge(METRIC.backlog, "Writes owed: next_run (failed, unfinished, invalidated) and full_resync (every live page)", (r) => {
      const b = this.sources.backlog?.();
      if (b) for (const [kind, n] of Object.entries(b)) r.observe(n, { kind });
    });
    gauge(METRIC.notionCreatesRefused, "1 while Notion refuses new pages for the whole workspace (block limit); the blocked records wait in the ledger", (r) => {
      const n = this.sources.notionLimits?.();
      if (n) r.observe(n.createsRefused ? 1 : 0);
    });
    gauge(METRIC.notionRateLimitPaused, "Seconds left of the rate-limit pause every Notion request waits for (0: none)", (r) => {
      const n = this.sources.notionLimits?.();
      if (n) r.observe(n.pausedSeconds);
    });
    gauge(METRIC.pendingRecords, "Changes the writer still owes Notion, per job and priority (0 alerts and customer status … 3 archives)", (r) => {
      const q = this.sources.queue?.();
      if (!q) return;
      for (const job of ["customers", "sites", "devices", "alerts"]) {
        for (const p of ["0", "1", "2", "3"]) r.observe(q.byJob[job]?.byPriority[Number(p)] ?? 0, { sync_job: job, priority: p });
      }
    });
    gauge(METRIC.oldestPending, "Age of the oldest change the writer still owes Notion, per job (0: in sync): the freshness SLI", (r) => {
      const q = this.sources.queue?.();
      if (!q) return;
      const now = q.nowMs ?? Date.now();
      for (const job of ["customers", "sites", "devices", "alerts"]) {
        const since = q.byJob[job]?.oldestSinceMs ?? null;
        r.observe(since === null ? 0 : Math.max(0, (now - since) / 1000), { sync_job: job });
      }
    });
    gauge(METRIC.webhookDeliveries, "NinjaOne webhook deliveries by outcome: received (acted on), duplicate (already seen), rejected (no or a wrong secret, not an activity)", (r) => {
      const w = this.sources.webhooks?.();
      if (!w) return;
      r.observe(w.received, { outcome: "received" });
      r.observe(w.duplicates, { outcome: "duplicate" });
      r.observe(w.rejected, { outcome: "rejected" });
    });
    gauge(METRIC.webhookLastAge, "Seconds since the last NinjaOne webhook delivery was received (absent before the first)", (r) => {
      const w = this.sources.webhooks?.();
      if (w?.lastMs != null) r.observe(Math.max(0, (Date.now() - w.lastMs) / 1000));
    });
    gauge(METRIC.ledgerSize, "Ledger file size including its WAL", (r) => {
      const n = this.sources.ledgerBytes?.();
      if (n !== null && n !== undefined) r.observe(n);
    });
  }

  /** The readings' sources; set by the service (a CLI process has only the counters). */
  setSources(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** One finished run: its outcome, records per action and duration, for every job it covered. */
  recordRun(report: Pick<SyncReport, "status" | "durationMs" | "jobs">): void {
    for (const j of report.jobs) {
      this.runs.add(1, { sync_job: j.job, outcome: report.status });
      for (const action of ["created", "updated", "unchanged", "archived", "failed", "blocked"] as const) {
        const n = j.counts[action];
        if (n) this.records.add(n, { sync_job: j.job, action });
      }
      this.runDuration.record((j.durationMs ?? report.durationMs) / 1000, { sync_job: j.job });
    }
  }

  /** One write of the service's writer (created, updated, archived, failed, blocked...). */
  recordWrite(job: string, outcome: string): void {
    this.records.add(1, { sync_job: job, action: outcome });
  }

  /** Outbound traffic from the gates' events. */
  recordGate(e: GateEvent): void {
    if (e.type === "attempt") this.apiRequests.add(1, { api: e.api, operation: e.operation, status_class: statusClass(e.status) });
    else if (e.type === "rate_limited") {
      const reason = rateLimitLabel(e.reason);
      this.rateLimited.add(1, { api: e.api, reason });
      if (e.addedPauseMs > 0) this.rateLimitWait.add(e.addedPauseMs / 1000, { api: e.api, reason });
    } else if (e.type === "call") {
      this.apiCallDuration.record(e.durationMs / 1000, { api: e.api, outcome: e.ok ? "ok" : "error" });
    }
  }

  recordHttp(attrs: Attributes & { method: string; route: string; status: number }, seconds: number): void {
    this.httpDuration.record(seconds, { method: attrs.method, route: attrs.route, status: String(attrs.status) });
  }
}
