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
import { LedgerSeverityMemory } from "../db/alert-severities";
import { openLedger, type Ledger } from "../db/ledger";
import type { FetchLike, GateEvent } from "../http";
import { systemClock, type Clock } from "../lib/clock";
import { createNotionApi, type NotionApi } from "../notion/api";
import type { DatabaseName } from "../notion/templates";
import { ninjaoneFromConfig, unifiFromConfig } from "../sources/connectors";
import type { NinjaOneConnector } from "../sources/ninjaone/client";
import type { UnifiConnector } from "../sources/unifi/client";
import { SeverityResolver, type SeverityMemory } from "../sources/ninjaone/severity";
import { createSourceReader } from "../sources/reader";
import { DatabaseRegistry } from "../sync/databases";
import type { SourceReader, SyncDeps } from "../sync/engine";
import { RecordsRepo } from "../sync/records-repo";
import { RunsRepo } from "../sync/runs-repo";
import { SchemaState } from "../sync/schema-state";
import { ApiReadiness } from "../health/api-readiness";
import { createLogger, type Logger } from "../telemetry/logger";
import { createGates, type CreateGatesOptions, type Gates } from "./gates";

export interface RuntimeOptions {
  clock?: Clock;
  logger?: Logger;
  /** An already open ledger (tests); default: `ledger.path` opened and migrated. */
  ledger?: Ledger;
  /** false: no ledger (`health --check` must not create or migrate the file it checks). */
  openLedger?: boolean;
  /** Per-API changes to the gate options derived from the config (tests shorten backoffs). */
  gateOverrides?: CreateGatesOptions["overrides"];
  fetch?: FetchLike;
  /** Where alert severities are remembered; default: the ledger (or this process without one). */
  severityMemory?: SeverityMemory;
}

/** One per process. */
export class Runtime {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly gates: Gates;
  readonly startedAt: number;
  /** The last Notion schema check, from sync runs and the admin API (readiness reads it). */
  readonly schema = new SchemaState();
  /** Each API's last call outcome, from the first call of the process on (readiness reads it). */
  readonly apiHealth: ApiReadiness;
  private readonly listeners = new Set<(e: GateEvent) => void>();
  private readonly ownsLedger: boolean;
  private readonly ledgerHandle: Ledger | null;
  private cache: { notion?: NotionApi; unifi?: UnifiConnector | null; ninjaone?: NinjaOneConnector | null; sources?: SourceReader; repos?: Repos } = {};

  constructor(
    private current: LoadedConfig,
    private readonly opts: RuntimeOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.logger = opts.logger ?? createLogger({ level: current.config.log.level, file: current.config.log.file, secrets: current.secrets.values() });
    this.ownsLedger = !opts.ledger && opts.openLedger !== false;
    this.ledgerHandle = opts.ledger ?? (opts.openLedger === false ? null : openMigrated(current, this.logger));
    this.gates = createGates(current.config, {
      logger: this.logger,
      onEvent: (e) => {
        for (const fn of this.listeners) fn(e);
      },
      ...(opts.gateOverrides ? { overrides: opts.gateOverrides } : {}),
    });
    this.apiHealth = new ApiReadiness(this);
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
  get repos(): Repos {
    if (!this.cache.repos) {
      const db = this.ledger.db;
      const iso = () => new Date(this.clock.now()).toISOString();
      this.cache.repos = { registry: new DatabaseRegistry(db, iso), records: new RecordsRepo(db, iso), runs: new RunsRepo(db, iso) };
    }
    return this.cache.repos;
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
  sources(): SourceReader {
    if (!this.cache.sources) {
      const unifi = this.unifi();
      const ninjaone = this.ninjaone();
      const memory = this.opts.severityMemory ?? (this.ledgerHandle ? new LedgerSeverityMemory(this.ledgerHandle.db) : undefined);
      const severity = new SeverityResolver({ clock: this.clock, ...(memory ? { memory } : {}) });
      this.cache.sources = createSourceReader({ config: this.config, unifi, ninjaone, logger: this.logger, severity });
    }
    return this.cache.sources;
  }

  /** What one sync run needs, taken from this runtime. */
  syncDeps(extra: Pick<SyncDeps, "progress"> = {}): SyncDeps {
    return {
      config: this.config,
      ledger: this.ledger,
      notion: this.notion(),
      sources: this.sources(),
      clock: this.clock,
      logger: this.logger,
      onSchemaChecked: (problems) => this.schema.set(problems, this.clock.now()),
      ...extra,
    };
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
    if (this.ownsLedger) this.ledgerHandle?.close();
  }
}

export interface Repos {
  registry: DatabaseRegistry;
  records: RecordsRepo;
  runs: RunsRepo;
}

/** Builds the runtime of a process. */
export function buildRuntime(loaded: LoadedConfig, opts: RuntimeOptions = {}): Runtime {
  return new Runtime(loaded, opts);
}

/** Opens and migrates the ledger, logging what the migration did. */
function openMigrated(loaded: LoadedConfig, logger: Logger): Ledger {
  const ledger = openLedger(loaded.config.ledger.path);
  const { applied, total } = ledger.migration;
  logger.info(
    { ledger: ledger.path, applied, total },
    applied ? `ledger migrated: ${applied} migration(s) applied` : "ledger up to date",
  );
  return ledger;
}
