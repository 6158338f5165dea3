/**
 * What every benchmark case shares: the result shape, the emulator stack, a gate fast enough to
 * measure the code rather than a rate limit, and figure formatting.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/config/load";
import { openLedger } from "../src/ledger/ledger";
import { startEmulators } from "@oberaconnect/emulators";
import { ApiGate, type ApiName } from "../src/http";

export interface BenchResult {
  title: string;
  what: string;
  figures: Record<string, string | number>;
  verdict?: string;
  failed?: boolean;
}

export const UNLIMITED = { per_second: 1_000_000, burst: 1_000_000 };
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
export const ms = (t0: number) => Math.round(performance.now() - t0);
export const BENCH_GATE = { ratePerSecond: 100_000, concurrency: 16, timeoutMs: 30_000, retry: { maxAttempts: 3, maxTotalMs: 60_000, baseDelayMs: 10, maxDelayMs: 100 } };
export const fastGate = (api: ApiName) =>
  new ApiGate({ api, ratePerSecond: 100_000, concurrency: 16, timeoutMs: 30_000, retry: { maxAttempts: 3, maxTotalMs: 60_000, baseDelayMs: 10, maxDelayMs: 100 } });

/** Emulators + config + ledger + databases, for the cases that sync. */
export async function stack(customers: number, notionLimit?: { per_second: number; burst: number }, rate = 50) {
  const emulators = await startEmulators({ customers, seed: 1, rateLimits: { notion: notionLimit ?? UNLIMITED, unifi: UNLIMITED, ninjaone: UNLIMITED } });
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-bench-"));
  const c = emulators.credentials;
  const loaded = parseConfig(
    {
      ledger: { path: "ledger.db" },
      sync_rate_limit_per_second: rate,
      notion: { base_url: emulators.notion.url },
      unifi: { base_url: emulators.unifi.url, rate_limit_per_second: 150 },
      ninjaone: { base_url: emulators.ninjaone.url, rate_limit_per_second: 100, page_size: 1000 },
    },
    { file: join(dir, "config.json"), env: { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret } },
  );
  const ledger = openLedger(loaded.config.ledger.path);
  return {
    emulators,
    loaded,
    ledger,
    raw: {
      ledger: { path: "ledger.db" },
      sync_rate_limit_per_second: rate,
      notion: { base_url: emulators.notion.url },
      unifi: { base_url: emulators.unifi.url, rate_limit_per_second: 150 },
      ninjaone: { base_url: emulators.ninjaone.url, rate_limit_per_second: 100, page_size: 1000 },
    },
    env: { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret },
    async close() {
      ledger.close();
      await emulators.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

