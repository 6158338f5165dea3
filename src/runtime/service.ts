/**
 * The long-running service on top of a Runtime: the SyncService (one run at a time), the
 * scheduler, cached readiness, the admin API and the HTTP server. `serve` and `demo` start it;
 * tests start it on port 0. Stopping is in named, time-bounded steps, in this order: stop
 * scheduling, let the running sync stop between requests (it ends "interrupted" and the next
 * run resumes from the ledger), stop the server (in-flight requests finish), then the caller
 * closes the ledger.
 * @module
 */
import { API_NAMES } from "../http";
import { runChecks, type HealthReport } from "../health/checks";
import { serviceReadiness } from "../health/readiness";
import { adminDeps } from "./admin-deps";
import { ledgerCheck } from "../ledger/checks";
import { wireMetrics } from "./service-metrics";
import { startFront } from "./front/front";
import type { ShutdownManager } from "../lib/shutdown";
import { createApp, type AppDeps } from "../routes/app";
import { LedgerFaults } from "../ledger/faults";
import { metricsNeedToken } from "../lib/loopback";
import { setSlicing } from "../lib/slices";
import { Scheduler } from "../scheduler/scheduler";
import { schemaCheck } from "../sync/databases";

import { SyncService } from "../sync/service";
import { ServiceWriter } from "../sync/service-writer";
import type { StatusLines } from "../sync/status-line";
import { startStatusLines } from "./status-line-loop";
import { COMMIT, VERSION } from "../version";
import { FreshnessHistory, SAMPLE_EVERY_MS } from "../sync/freshness-history";
import { webhookParts } from "./webhooks";
import { roleSource, type Role } from "./role";
import type { Runtime } from "./runtime";
import type { SyncReport } from "../core";

export interface ServiceOptions {
  /** Overrides config.server (the demo and tests pick a free port). */
  listen?: { host?: string; port?: number };
  /** LITEFS_DIR, read from the environment once at boot. */
  litefsDir?: string;
  /** Aborted when shutdown starts: the running sync stops between requests. */
  shutdownSignal: AbortSignal;
  /** For tests: a role source other than LiteFS's. */
  role?: () => Role;
  /** For tests: how long the main thread may go without a turn before /health says stalled. */
  stallAfterMs?: number;
  /** The service cannot go on (its HTTP front failed): `serve` stops and exits 1, so systemd restarts it. */
  onFatal?: (message: string) => void;
  random?: () => number;
}

export interface RunningService {
  url: string;
  port: number;
  app: ReturnType<typeof createApp>;
  syncs: SyncService;
  scheduler: Scheduler;
  /** The Sync status lines written into Notion (their write count). */
  statusLines: StatusLines;
  /** Registers the stop steps (scheduler, sync, server) with their time bounds. */
  registerShutdown(shutdown: ShutdownManager, timeoutMs: number): void;
  /** Runs the same steps at once (tests, demo). */
  stop(timeoutMs?: number): Promise<void>;
}

export async function startService(rt: Runtime, opts: ServiceOptions): Promise<RunningService> {
  // Reading and planning pause every few ms from now on: /ready, /metrics and the admin API are
  // answered in between (/health has a thread of its own: front/).
  setSlicing(true);
  const role = opts.role ?? roleSource(opts.litefsDir);
  const apis = rt.apiHealth;
  let lastReport: SyncReport | null = null;
  let shuttingDown = false;
  opts.shutdownSignal.addEventListener("abort", () => (shuttingDown = true), { once: true });

  // A read-only ledger or a full disk: said once, /ready fails, nothing starts until a write goes through.
  const faults = new LedgerFaults(rt.logger, () => rt.clock.now(), () => rt.repos.state.probeWrite());
  // The one writer of this ledger: drains what the polls queue, by priority, continuously.
  let blockedBy: () => string | null = () => null;
  const writer = new ServiceWriter({
    repos: rt.repos,
    notion: () => rt.notion(),
    config: () => rt.config,
    clock: rt.clock,
    logger: rt.logger,
    shutdown: opts.shutdownSignal,
    blocked: () => blockedBy(),
    concurrency: () => rt.syncOptions().concurrency,
    onOutcome: (job, outcome) => rt.telemetry.metrics.recordWrite(job, outcome),
    onCreatesRefused: (r) => rt.notionLimits.setCreatesRefused(r),
    tracer: rt.telemetry.tracer,
    faults,
  });
  const syncs = new SyncService({
    // A poll queues; the writer writes. Polls take the writer's lease (one holder per ledger).
    deps: () => {
      writer.newRound();
      return { ...rt.syncDeps(), repos: { ...rt.repos, acquireLease: () => writer.borrowLease() }, onQueued: () => writer.poke() };
    },
    options: () => ({ ...rt.syncOptions(), drain: false }),
    writerIdle: () => writer.idle(),
    shutdown: opts.shutdownSignal,
    logger: rt.logger,
    now: () => rt.clock.now(),
    onFinished: (_req, report) => {
      lastReport = report;
    },
    faults,
  });
  const scheduler = new Scheduler({
    config: () => rt.config,
    syncs,
    clock: rt.clock,
    logger: rt.logger,
    state: rt.repos.state,
    runs: rt.repos.runs,
    role,
    tracer: rt.telemetry.tracer,
    ...(opts.random ? { random: opts.random } : {}),
    onResume: () => writer.poke(),
    ledgerFaults: faults,
  });
  // The writer stops for a pause, a maintenance window or a replica; a scheduler that is off
  // only means no polls of its own (an admin or CLI poll still gets written).
  blockedBy = () => scheduler.writesBlockedBy();
  const readiness = serviceReadiness({ rt, ledger: ledgerCheck(rt.ledger, faults), lastSuccessAt: (job) => rt.repos.runs.lastOf(job, { succeeded: true })?.finishedAt ?? undefined, apis, scheduler, shuttingDown: () => shuttingDown });
  let lastHealth: HealthReport | null = null;
  let lastHealthAt = 0;
  wireMetrics(rt, { health: () => lastHealth, quarantined: () => lastReport?.quarantined ?? null });
  rt.telemetry.metrics.setSources({
    webhooks: () => {
      const w = webhooks.status();
      return { received: w.received, duplicates: w.duplicates, rejected: w.rejected, lastMs: w.last ? Date.parse(w.last.at) : null };
    },
  });
  // NinjaOne's webhook: a delivery starts an alerts poll (runtime/webhooks.ts).
  const webhooks = webhookParts(rt, syncs);
  // The writer's backlog over the last hours, for the status page's plot (in memory).
  const history = new FreshnessHistory();
  const sampleBacklog = () => history.add(rt.repos.pending.stats(), rt.clock.now());
  sampleBacklog();
  const sampler = setInterval(() => {
    try {
      sampleBacklog();
    } catch {
      /* an unreadable ledger shows in /ready; the plot just misses a point */
    }
  }, SAMPLE_EVERY_MS);
  sampler.unref();
  const deps: AppDeps = {
    version: VERSION,
    startedAt: rt.startedAt,
    clock: rt.clock,
    logger: rt.logger,
    readiness,
    // Every component answers from memory; this only bounds a ledger stuck on a lock.
    readyTimeoutMs: 1000,
    ledgerFaults: faults,
    admin: adminDeps(rt, { syncs, scheduler, role, lastReport: () => lastReport, webhooks: () => webhooks.status() }),
    ninjaWebhook: webhooks.route,
    statusPage: { publicRead: rt.config.status_page.public_read, history: () => history.all(), version: VERSION, commit: COMMIT, startedAt: rt.startedAt },
    telemetry: rt.telemetry,
    metrics: {
      requireToken: () => metricsNeedToken(rt.config.metrics.require_token, boundHost),
      adminToken: () => rt.loaded.secrets.get("ADMIN_TOKEN"),
      // The health gauges show what /ready would answer now (cached state: no API call).
      // At most every 5 s, whatever the scrape rate: a flood of scrapes must not become a flood
      // of checks on the event loop /ready and the admin API share (Prometheus asks every 15 s).
      beforeScrape: async () => {
        if (lastHealth && rt.clock.now() - lastHealthAt < HEALTH_FOR_METRICS_MS) return;
        lastHealthAt = rt.clock.now();
        lastHealth = await runChecks(readiness, 1000, rt.clock);
      },
    },
  };
  let boundHost = "127.0.0.1"; // set once listening, before the first request
  const app = createApp(deps);
  // The socket and /health live on a thread of their own; the rest of the app runs here.
  const server = await startFront({
    hostname: opts.listen?.host ?? rt.config.server.host,
    port: opts.listen?.port ?? rt.config.server.port,
    version: VERSION,
    uptimeMs: rt.clock.now() - rt.startedAt,
    fetch: app.fetch,
    onProbe: (method, status, seconds) => rt.telemetry.metrics.recordHttp({ method, route: "/health", status }, seconds),
    onHandlerError: (err) => rt.logger.error({ error: err.message }, "a request could not be answered"),
    onCrash: (message) => {
      rt.logger.fatal({ error: message }, "the HTTP front thread failed: the service no longer answers; stopping so the supervisor restarts it");
      opts.onFatal?.(message);
    },
    ...(opts.stallAfterMs ? { stallAfterMs: opts.stallAfterMs } : {}),
  });
  const port = server.port;
  boundHost = server.hostname;
  const host = server.hostname === "0.0.0.0" ? "127.0.0.1" : server.hostname;
  scheduler.start();
  writer.start();
  const { lines, done: statusLoop } = startStatusLines(rt, { blocked: () => blockedBy(), signal: opts.shutdownSignal });
  // A reload may switch the scheduler on (or change its intervals): look again at once.
  rt.onReload(() => {
    writer.forgetTargets();
    scheduler.start();
    scheduler.poke();
  });
  // First probes now, so /ready turns ready as soon as each API has answered once.
  for (const api of API_NAMES) apis.state(api);
  // The schema is known before the first run, so /ready can say so; 8 reads, in the background.
  if (rt.loaded.secrets.get("NOTION_TOKEN") !== undefined) {
    void schemaCheck(rt.notion(), rt.config, rt.repos.registry, { views: false })
      .then((problems) => rt.schema.set(problems, rt.clock.now()))
      // Stopped before it answered: the ledger is closed under it, which is no news for anyone.
      .catch((err: unknown) => shuttingDown || opts.shutdownSignal.aborted || rt.logger.warn({ error: (err as Error).message }, "startup schema check failed; the first sync checks again"));
  }

  const steps = (timeoutMs: number): [string, () => Promise<void>][] => [
    ["scheduler", async () => {
      clearInterval(sampler);
      await scheduler.stop();
    }],
    // Retries and waits against a slow API would hold the stop for their whole budget.
    ["api calls", async () => API_NAMES.forEach((api) => rt.gates[api].abortInFlight("shutting down"))],
    ["writer", async () => {
      await writer.stop();
      await statusLoop;
    }],
    [
      "sync",
      async () => {
        const running = syncs.current();
        if (running) rt.logger.info({ run_id: running.runId }, `waiting up to ${Math.round(timeoutMs / 1000)} s for run ${running.runId} to stop`);
        await syncs.pollsIdle();
      },
    ],
    [
      "server",
      async () => {
        await server.stop(timeoutMs);
      },
    ],
  ];
  return {
    url: `http://${host}:${port}`,
    port,
    app,
    syncs,
    scheduler,
    statusLines: lines,
    registerShutdown(shutdown, timeoutMs) {
      // The manager runs steps newest first: register in reverse so they run in the order above.
      for (const [name, fn] of steps(timeoutMs).reverse()) shutdown.add(name, fn, timeoutMs);
    },
    async stop(timeoutMs = 20_000) {
      shuttingDown = true;
      for (const [name, fn] of steps(timeoutMs)) {
        // A timer that is cleared (and never holds the process): a losing Bun.sleep kept the
        // process alive for the whole timeout after every step had finished.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const done = await Promise.race([fn().then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)))]);
        clearTimeout(timer);
        if (!done) rt.logger.warn({ step: name, timeout_ms: timeoutMs }, `shutdown step ${name} did not finish within ${Math.round(timeoutMs / 1000)} s; going on without it`);
      }
    },
  };
}

/** How long /metrics reuses the readiness it last computed. */
const HEALTH_FOR_METRICS_MS = 5000;
