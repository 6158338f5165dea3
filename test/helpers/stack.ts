import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, type LoadedConfig } from "../../src/config/load";
import { openLedger, type Ledger } from "../../src/ledger/ledger";
import { startEmulators, type RunningEmulators } from "@oberaconnect/emulators";
import { ApiGate, type ApiGateOptions, type ApiName } from "../../src/http";
import type { Clock } from "@oberaconnect/common/clock";
import type { NotionApi } from "../../src/notion/api";
import { buildRuntime, type Runtime } from "../../src/runtime/runtime";
import { setupAndRegister } from "../../src/sync/databases";
import { runSync, type SyncOptions } from "../../src/sync/engine";
import { JOB_NAMES } from "../../src/core/snapshot";
import { silentLogger, type Logger } from "../../src/telemetry/logger";
import { type SyncReport } from "../../src/core";
import { type SourceReader } from "../../src/core";
import { runCli } from "../../src/cli";
import { captureIO } from "./temp";

const FAST = { per_second: 100_000, burst: 100_000 };

/** Gate settings fast enough that the test measures the code, not a rate limit. */
export const FAST_GATE: Partial<ApiGateOptions> = { ratePerSecond: 5000, concurrency: 8, timeoutMs: 5000, retry: { maxAttempts: 4, maxTotalMs: 20_000, baseDelayMs: 5, maxDelayMs: 50 } };
export const FAST_GATES = { notion: FAST_GATE, unifi: FAST_GATE, ninjaone: FAST_GATE };

/** A gate fast enough that the test measures the code, not a rate limit. */
export const fastGate = (api: ApiName) =>
  new ApiGate({ api, ratePerSecond: 5000, concurrency: 8, timeoutMs: 5000, retry: { maxAttempts: 4, maxTotalMs: 20_000, baseDelayMs: 5, maxDelayMs: 50 } });

/**
 * The whole product against the three emulators: generated dataset, temp ledger, databases set
 * up in the emulated Notion, the real connectors and engine. `configFile()` writes a config
 * for spawning the CLI against the same emulators.
 */
export interface Stack {
  emulators: RunningEmulators;
  dir: string;
  loaded: LoadedConfig;
  env: Record<string, string>;
  /** The process's runtime, on fast gates and the stack's ledger (rebuilt by reopenLedger). */
  rt: Runtime;
  ledger: Ledger;
  notion: NotionApi;
  sources: SourceReader;
  sync(opts?: Partial<SyncOptions>): Promise<SyncReport>;
  configFile(extra?: Record<string, unknown>): string;
  reopenLedger(): void;
  stop(): Promise<void>;
}

export async function startStack(opts: { customers: number; seed?: number; env?: Record<string, string>; config?: Record<string, unknown>; setup?: boolean; clock?: Clock; logger?: Logger }): Promise<Stack> {
  const emulators = await startEmulators({ customers: opts.customers, seed: opts.seed ?? 1, rateLimits: { notion: FAST, unifi: FAST, ninjaone: FAST } });
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-stack-"));
  const c = emulators.credentials;
  const env = { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret, ...opts.env };
  const raw = {
    ledger: { path: "ledger.db" },
    log: { level: "warn" },
    notion: { base_url: emulators.notion.url, parent_page_id: emulators.notion.store.rootPageId },
    unifi: { base_url: emulators.unifi.url },
    ninjaone: { base_url: emulators.ninjaone.url },
    ...opts.config,
  };
  const loaded = parseConfig(raw, { file: join(dir, "config.json"), env });
  const runtime = (ledger: Ledger) => buildRuntime(loaded, { ledger, env, logger: opts.logger ?? silentLogger, gateOverrides: FAST_GATES, ...(opts.clock ? { clock: opts.clock } : {}) });
  const first = runtime(openLedger(loaded.config.ledger.path));
  const s: Stack = {
    emulators,
    dir,
    loaded,
    env,
    rt: first,
    ledger: first.ledger,
    notion: first.notion(),
    sources: first.sources(),
    sync: (o = {}) =>
      runSync(s.rt.syncDeps(), { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: 8, ...o }),
    configFile: (extra = {}) => {
      const file = join(dir, "config.json");
      // The CLI builds its gates from the config: as fast as the schema allows.
      writeFileSync(file, JSON.stringify({ ...raw, sync_rate_limit_per_second: 50, unifi: { ...raw.unifi, rate_limit_per_second: 150 }, ninjaone: { ...raw.ninjaone, rate_limit_per_second: 100 }, ...extra }));
      return file;
    },
    reopenLedger: () => {
      s.ledger.close();
      s.rt = runtime(openLedger(loaded.config.ledger.path));
      s.ledger = s.rt.ledger;
      s.notion = s.rt.notion();
      s.sources = s.rt.sources();
    },
    stop: async () => {
      s.ledger.close();
      await emulators.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (opts.setup !== false) await setupAndRegister({ notion: s.notion, known: {}, parentPageId: emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
  return s;
}

/**
 * Runs a CLI command in-process as a separate process would: its own config file, its own ledger
 * handle (the stack's is closed first, and reopened after unless `reopen` is false: a test that
 * compares the ledger's bytes must not have it opened again).
 */
export async function cliIn(stack: Stack, config: Record<string, unknown>, args: string[], opts: { reopen?: boolean } = {}) {
  const file = stack.configFile(config);
  stack.ledger.close();
  const cap = captureIO(stack.dir, stack.env);
  const code = await runCli([...args, "--config", file], cap.io);
  if (opts.reopen !== false) stack.reopenLedger();
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}
