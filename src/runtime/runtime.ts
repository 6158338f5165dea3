/**
 * The composition root: every long-lived part of a process, built once from the config and
 * shared. `serve`, `sync`, `demo`, `health`, the admin routes and the scheduler all take their
 * parts from here, so a second gate for one API in one process cannot happen by construction
 * (the gate is where the rate limit, the 429 pause and the circuit breaker of an API live).
 * Parts that need a secret (the Notion client, the connectors) are built on first use: a
 * service with a missing secret still starts, and /ready names what is missing.
 * @module
 */
import type { LoadedConfig } from "../config/load";
import type { Config } from "../config/schema";
import type { Ledger } from "../ledger/ledger";
import { openRuntimeLedger } from "./open-ledger";
import type { FetchLike, GateEvent } from "../http";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { createNotionApi, type NotionApi } from "../notion/api";
import type { DatabaseName } from "../notion/templates";
import { ninjaoneFromConfig, unifiFromConfig } from "../sources/connectors";
import type { NinjaOneConnector } from "../sources/ninjaone/client";
import type { UnifiConnector } from "../sources/unifi/client";
import { type SeverityMemory } from "../sources/ninjaone/severity";
import type { SyncDeps } from "../sync/engine";
import { ledgerRepos, type LedgerRepos } from "../ledger/repos";
import { SchemaState } from "../sync/schema-state";
import { NotionLimits } from "../sync/notion-limits";
import { ApiReadiness } from "../health/api-readiness";
import { createLogger, type Logger } from "../telemetry/logger";
import { Telemetry } from "../telemetry/otel";
import { COMMIT, VERSION } from "../version";
import { createGates, gateOptions, type CreateGatesOptions, type Gates } from "./gates";
import { API_NAMES } from "../http";
import { reloadDiff, type ReloadResult } from "./reload-diff";
import type { SourceReader } from "../core";
import type { SyncOptions } from "../sync/types";
import type { SiteMatchReport } from "../sources/matching";
import { buildSourceReader } from "./sources";

export interface RuntimeOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already open ledger (tests); default: `ledger.path` opened and migrated. */
  ledger?: Ledger;
  /** false: no ledger (`health --check` must not create or migrate the file it checks). */
  openLedger?: boolean;
  /**
   * false: open the ledger without migrating it. A LiteFS replica's copy is read-only; only the
   * primary migrates, and the replica gets the new schema by replication.
   */
  migrateLedger?: boolean;
  /** A dry run: the ledger is read, never written (not created, not migrated: a copy is). */
  dryRun?: boolean;
  /** Per-API changes to the gate options derived from the config (tests shorten backoffs). */
  gateOverrides?: CreateGatesOptions["overrides"];
  fetch?: FetchLike;
  /** Where alert severities are remembered; default: the ledger (or this process without one). */
  severityMemory?: SeverityMemory;
  /** The process environment, for the OTEL_* variables (read once, here). */
  env?: Record<string, string | undefined>;
  /** A telemetry of its own (tests); default: built from `env`. */
  telemetry?: Telemetry;
}

/** One per process. */
export class Runtime {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly gates: Gates;
  readonly startedAt: number;
  /** Traces and metrics of this process. */
  readonly telemetry: Telemetry;
  /** The last Notion schema check, from sync runs and the admin API (readiness reads it). */
  readonly schema = new SchemaState();
  /** Each API's last call outcome, from the first call of the process on (readiness reads it). */
  readonly apiHealth: ApiReadiness;
  /** Notion's rate-limit pause and block-limit state (readiness, status, metrics read it). */
  readonly notionLimits: NotionLimits;
  private readonly listeners = new Set<(e: GateEvent) => void>();
  private readonly reloadListeners = new Set<(r: ReloadResult) => void>();
  private readonly seenSecrets = new Set<string>();
  private readonly ownsLedger: boolean;
  private readonly ledgerHandle: Ledger | null;
  private cache: { notion?: NotionApi; unifi?: UnifiConnector | null; ninjaone?: NinjaOneConnector | null; sources?: SourceReader<SiteMatchReport>; repos?: LedgerRepos } = {};

  constructor(
    private current: LoadedConfig,
    private readonly opts: RuntimeOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.startedAt = this.clock.now();
    for (const v of current.secrets.values()) this.seenSecrets.add(v);
    // Every secret value this process has seen is scrubbed, the rotated-out ones included.
    this.logger = opts.logger ?? createLogger({ level: current.config.log.level, file: current.config.log.file, secrets: () => [...this.seenSecrets] });
    this.ownsLedger = !opts.ledger && opts.openLedger !== false;
    const opened = openRuntimeLedger(current, this.logger, opts);
    this.ledgerHandle = opened.ledger;
    this.closeLedger = opened.close;
    this.ledgerNote = opened.note;
    this.telemetry = opts.telemetry ?? new Telemetry({ env: opts.env ?? {}, version: VERSION, commit: COMMIT });
    for (const w of this.telemetry.settings.warnings) this.logger.warn(w);
    this.listeners.add((e) => this.telemetry.metrics.recordGate(e));
    this.gates = createGates(current.config, {
      logger: this.logger,
      clock: this.clock,
      tracer: this.telemetry.tracer,
      onEvent: (e) => {
        for (const fn of this.listeners) fn(e);
      },
      ...(opts.gateOverrides ? { overrides: opts.gateOverrides } : {}),
    });
    this.apiHealth = new ApiReadiness(this);
    this.notionLimits = new NotionLimits(() => this.gates.notion.status(), () => this.clock.now());
  }

  get loaded(): LoadedConfig {
    return this.current;
  }

  get config(): Config {
    return this.current.config;
  }

  get ledger(): Ledger {
    if (!this.ledgerHandle) throw new Error("this runtime was built without a ledger");
    return this.ledgerHandle;
  }

  get hasLedger(): boolean {
    return this.ledgerHandle !== null;
  }

  /** The ledger's repositories, sharing one clock for their timestamps. */
  get repos(): LedgerRepos {
    this.cache.repos ??= ledgerRepos(this.ledger, () => this.clock.now());
    return this.cache.repos;
  }

  /**
   * Takes a new config (SIGHUP): from now on every part built from the config uses it. The gates
   * are reconfigured in place (rate, timeouts, retries, breaker); the Notion client and the
   * connectors are rebuilt on next use, with the new secrets; the scheduler reads intervals and
   * windows at its next tick. A sync already running keeps the parts it started with and
   * finishes as it began. Listening address, ledger path and log file need a restart: they are
   * reported, not applied.
   */
  reload(next: LoadedConfig): ReloadResult {
    const result = reloadDiff(this.current, next);
    for (const v of next.secrets.values()) this.seenSecrets.add(v);
    this.current = next;
    for (const api of API_NAMES) this.gates[api].reconfigure({ ...gateOptions(next.config, api), ...this.opts.gateOverrides?.[api] });
    this.logger.level = next.config.log.level;
    this.cache = { ...(this.cache.repos ? { repos: this.cache.repos } : {}) };
    for (const fn of this.reloadListeners) fn(result);
    return result;
  }

  /** Told after every reload (the service restarts its scheduler loop when it was just enabled). */
  onReload(fn: (r: ReloadResult) => void): () => void {
    this.reloadListeners.add(fn);
    return () => this.reloadListeners.delete(fn);
  }

  /** Hears every gate event of every API (readiness, metrics); returns the unsubscribe. */
  onGateEvent(fn: (e: GateEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The Notion client on the Notion gate. ConfigError (exit 2) when NOTION_TOKEN is missing. */
  notion(): NotionApi {
    this.cache.notion ??= createNotionApi({
      baseUrl: this.config.notion.base_url,
      token: this.current.secrets.require("NOTION_TOKEN", "needed to reach Notion"),
      gate: this.gates.notion,
      ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
    });
    return this.cache.notion;
  }

  /** The UniFi connector (null when disabled). ConfigError when enabled without UNIFI_API_KEY. */
  unifi(): UnifiConnector | null {
    if (this.cache.unifi === undefined) this.cache.unifi = unifiFromConfig(this.current, this.gates.unifi, this.connectorOpts());
    return this.cache.unifi;
  }

  /** The NinjaOne connector (null when disabled). ConfigError when enabled without its client secrets. */
  ninjaone(): NinjaOneConnector | null {
    if (this.cache.ninjaone === undefined) this.cache.ninjaone = ninjaoneFromConfig(this.current, this.gates.ninjaone, this.connectorOpts());
    return this.cache.ninjaone;
  }

  private connectorOpts() {
    return { clock: this.clock, ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}) };
  }

  /** The source reader; one per process, so what it remembers (alert severities) lasts. */
  sources(): SourceReader<SiteMatchReport> {
    this.cache.sources ??= buildSourceReader({
      config: this.config,
      unifi: this.unifi(),
      ninjaone: this.ninjaone(),
      logger: this.logger,
      clock: this.clock,
      ...(this.opts.severityMemory ? { severityMemory: this.opts.severityMemory } : {}),
      ...(this.ledgerHandle ? { ledger: this.ledgerHandle } : {}),
    });
    return this.cache.sources;
  }

  /** What one sync run needs, taken from this runtime. */
  syncDeps(extra: Pick<SyncDeps, "progress"> = {}): SyncDeps {
    return {
      config: this.config,
      repos: this.repos,
      notion: this.notion(),
      sources: this.sources(),
      clock: this.clock,
      logger: this.logger,
      onSchemaChecked: (problems) => this.schema.set(problems, this.clock.now()),
      tracer: this.telemetry.tracer,
      onRunFinished: (report) => this.telemetry.metrics.recordRun(report),
      onCreatesRefused: (r) => this.notionLimits.setCreatesRefused(r),
      ...extra,
    };
  }

  /**
   * How a run of this process applies its writes: batches of sync_batch_size, and two more
   * actions in flight than Notion's gate admits, so the gate always has the next one queued.
   */
  syncOptions(): Pick<SyncOptions, "batchSize" | "batchDelayMs" | "concurrency"> {
    return { batchSize: this.config.sync_batch_size, batchDelayMs: 0, concurrency: this.gates.notion.status().concurrency + 2 };
  }

  /** Database ids known so far: the config's first (they survive a lost ledger), then the ledger's. */
  knownDatabases(): Partial<Record<DatabaseName, string>> {
    const out: Partial<Record<DatabaseName, string>> = {};
    for (const name of ["customer_status", "sites", "devices", "alerts"] as const) {
      const id = this.config.databases[name] ?? this.repos.registry.get(name)?.databaseId;
      if (id) out[name] = id;
    }
    return out;
  }

  /** Closes what this runtime opened (the ledger); the caller stops servers and runs first. */
  close(): void {
    if (this.ownsLedger) this.closeLedger();
  }

  private closeLedger: () => void;
  /** What a dry run's ledger is (a migrated copy, an empty one), for the operator; null otherwise. */
  ledgerNote: string | null = null;

  /** Sends the buffered spans (bounded), then closes the ledger: the last step of every command. */
  async shutdown(): Promise<void> {
    await this.telemetry.shutdown();
    this.close();
  }
}

/** Builds the runtime of a process. */
export function buildRuntime(loaded: LoadedConfig, opts: RuntimeOptions = {}): Runtime {
  return new Runtime(loaded, opts);
}
