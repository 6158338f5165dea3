import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, type LoadedConfig } from "../../src/config/load";
import { openLedger, type Ledger } from "../../src/db/ledger";
import { startEmulators, type RunningEmulators } from "../../src/emulators";
import { ApiGate, type ApiName } from "../../src/http";
import { systemClock } from "../../src/lib/clock";
import { createNotionApi, type NotionApi } from "../../src/notion/api";
import type { Gates } from "../../src/runtime/gates";
import { sourcesFromConfig } from "../../src/runtime/sources";
import { setupAndRegister } from "../../src/sync/databases";
import { runSync, type SourceReader, type SyncOptions, type SyncReport } from "../../src/sync/engine";
import { JOB_NAMES } from "../../src/sync/snapshot";
import { silentLogger } from "../../src/telemetry/logger";

const FAST = { per_second: 100_000, burst: 100_000 };

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
  ledger: Ledger;
  notion: NotionApi;
  sources: SourceReader;
  sync(opts?: Partial<SyncOptions>): Promise<SyncReport>;
  configFile(extra?: Record<string, unknown>): string;
  reopenLedger(): void;
  stop(): Promise<void>;
}

export async function startStack(opts: { customers: number; seed?: number }): Promise<Stack> {
  const emulators = await startEmulators({ customers: opts.customers, seed: opts.seed ?? 1, rateLimits: { notion: FAST, unifi: FAST, ninjaone: FAST } });
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-stack-"));
  const c = emulators.credentials;
  const env = { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret };
  const raw = {
    ledger: { path: "ledger.db" },
    log: { level: "warn" },
    notion: { base_url: emulators.notion.url, parent_page_id: emulators.notion.store.rootPageId },
    unifi: { base_url: emulators.unifi.url },
    ninjaone: { base_url: emulators.ninjaone.url },
  };
  const loaded = parseConfig(raw, { file: join(dir, "config.json"), env });
  const gates: Gates = { notion: fastGate("notion"), unifi: fastGate("unifi"), ninjaone: fastGate("ninjaone") };
  const notion = createNotionApi({ baseUrl: emulators.notion.url, token: c.notionToken, gate: gates.notion });
  const sources = sourcesFromConfig(loaded, gates, silentLogger, systemClock);
  const s: Stack = {
    emulators,
    dir,
    loaded,
    env,
    ledger: openLedger(loaded.config.ledger.path),
    notion,
    sources,
    sync: (o = {}) =>
      runSync(
        { config: loaded.config, ledger: s.ledger, notion, sources, clock: systemClock, logger: silentLogger },
        { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: 8, ...o },
      ),
    configFile: (extra = {}) => {
      const file = join(dir, "config.json");
      // The CLI builds its gates from the config: as fast as the schema allows.
      writeFileSync(file, JSON.stringify({ ...raw, sync_rate_limit_per_second: 50, unifi: { ...raw.unifi, rate_limit_per_second: 150 }, ninjaone: { ...raw.ninjaone, rate_limit_per_second: 100 }, ...extra }));
      return file;
    },
    reopenLedger: () => {
      s.ledger.close();
      s.ledger = openLedger(loaded.config.ledger.path);
    },
    stop: async () => {
      s.ledger.close();
      await emulators.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await setupAndRegister({ notion, known: {}, parentPageId: emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
  return s;
}
