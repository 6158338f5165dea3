import { join } from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { parseConfig, type LoadedConfig } from "../../src/config/load";
import { ledgerRepos } from "../../src/ledger/repos";
import { openLedger, type Ledger } from "../../src/ledger/ledger";
import { createNotionEmulator, NOTION_EMULATOR_TOKEN, type NotionEmulator } from "@oberaconnect/emulators/notion";
import { serveOnLoopback, type RunningServer } from "@oberaconnect/emulators/common/serve";
import { ApiGate } from "../../src/http";
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { createNotionApi, type NotionApi } from "../../src/notion/api";
import { setupAndRegister } from "../../src/sync/databases";
import { runSync, type SyncOptions } from "../../src/sync/engine";
import { JOB_NAMES, type SourceSnapshot } from "../../src/core/snapshot";
import { silentLogger, type Logger } from "../../src/telemetry/logger";
import { type SyncReport } from "../../src/core";
import { type SourceReader } from "../../src/core";

/**
 * A Notion emulator (rate limit out of the way), a fresh temp ledger, the four databases set up,
 * and a `sync()` that runs the real engine over real HTTP. One per test.
 */
export interface SyncHarness {
  emu: NotionEmulator;
  /** Writes the harness config to `dir/config.json` and returns env + path for running CLI commands. */
  cli(): { configPath: string; env: Record<string, string> };
  server: RunningServer;
  dir: string;
  loaded: LoadedConfig;
  ledger: Ledger;
  notion: NotionApi;
  sync(snapshot: SourceSnapshot | SourceReader, opts?: Partial<SyncOptions>): Promise<SyncReport>;
  /** Live (not trashed) pages with a Sync Key, optionally of one database title. */
  pages(database?: string): LivePage[];
  /** Requests the emulator saw that changed something (page creates and updates). */
  writes(): number;
  resetStats(): Promise<void>;
  reopenLedger(): void;
  stop(): Promise<void>;
}

export async function startSyncHarness(
  opts: { config?: Record<string, unknown>; clock?: Clock; emulatorClock?: Clock; logger?: Logger; token?: string } = {},
): Promise<SyncHarness> {
  const emu = createNotionEmulator({ rateLimit: { per_second: 100_000, burst: 100_000 }, clock: opts.emulatorClock });
  const server = serveOnLoopback(emu.app);
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-sync-"));
  const loaded = parseConfig(
    { ledger: { path: "ledger.db" }, notion: { base_url: server.url }, api_timeout_seconds: 5, retry: { max_attempts: 3, max_total_seconds: 20 }, ...opts.config },
    { file: join(dir, "config.json"), env: { NOTION_TOKEN: NOTION_EMULATOR_TOKEN } },
  );
  const clock = opts.clock ?? systemClock;
  const gate = new ApiGate({
    api: "notion",
    ratePerSecond: 5000,
    concurrency: 8,
    timeoutMs: loaded.config.api_timeout_seconds * 1000,
    retry: { maxAttempts: loaded.config.retry.max_attempts, maxTotalMs: 20_000, baseDelayMs: 5, maxDelayMs: 50 },
    breaker: { failureThreshold: loaded.config.circuit_breaker.failure_threshold },
  });
  const notion = createNotionApi({ baseUrl: server.url, token: NOTION_EMULATOR_TOKEN, gate });
  // The sync may run with another token (auth failure tests); setup always uses the good one.
  const syncNotion = opts.token ? createNotionApi({ baseUrl: server.url, token: opts.token, gate }) : notion;
  const h: SyncHarness = {
    emu,
    server,
    dir,
    loaded,
    ledger: openLedger(loaded.config.ledger.path),
    notion,
    cli: () => {
      const configPath = join(dir, "config.json");
      // The emulator is not rate limited here, so the CLI may go as fast as the config allows.
      writeFileSync(configPath, JSON.stringify({ ledger: { path: "ledger.db" }, log: { level: "warn" }, sync_rate_limit_per_second: 50, notion: { base_url: server.url, parent_page_id: emu.store.rootPageId }, ...opts.config }));
      return { configPath, env: { NOTION_TOKEN: NOTION_EMULATOR_TOKEN } };
    },
    pages: (database) => livePages(emu, database),
    sync: (source, o = {}) => {
      const reader: SourceReader = "read" in source ? source : { read: async () => source };
      return runSync(
        { config: loaded.config, repos: ledgerRepos(h.ledger, () => clock.now()), notion: syncNotion, sources: reader, clock, logger: opts.logger ?? silentLogger },
        { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: 8, ...o },
      );
    },
    writes: () => emu.stats.count("POST", "/v1/pages") + emu.stats.count("PATCH", "/v1/pages/:page_id"),
    resetStats: async () => void emu.stats.reset(),
    reopenLedger: () => {
      h.ledger.close();
      h.ledger = openLedger(loaded.config.ledger.path);
    },
    stop: async () => {
      h.ledger.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await setupAndRegister({ notion, known: {}, parentPageId: emu.store.rootPageId, migrate: false }, h.ledger.db);
  return h;
}

export interface LivePage {
  pageId: string;
  database: string;
  key: string;
  props: Record<string, unknown>;
  editSeq: number;
}

/** Reads the emulator's dump into plain values (title/rich_text joined, select names, relation ids). */
export function livePages(emu: NotionEmulator, database?: string): LivePage[] {
  const dump = emu.store.dump();
  const titleOf = new Map(dump.data_sources.map((ds) => [ds.id, ds.title.map((t) => t.plain_text).join("")]));
  const out: LivePage[] = [];
  for (const page of dump.pages) {
    if (page.in_trash || page.parent.type !== "data_source_id") continue;
    const db = titleOf.get(page.parent.data_source_id) ?? "";
    if (database && db !== database) continue;
    const props: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(page.properties)) props[name] = plainValue(v);
    const key = String(props["Sync Key"] ?? "");
    if (!key) continue;
    out.push({ pageId: page.id, database: db, key, props, editSeq: page.edit_seq });
  }
  return out;
}

function plainValue(v: { type: string } & Record<string, unknown>): unknown {
  const raw = v[v.type];
  switch (v.type) {
    case "title":
    case "rich_text":
      return (raw as { plain_text: string }[]).map((t) => t.plain_text).join("");
    case "select":
      return (raw as { name: string } | null)?.name ?? null;
    case "multi_select":
      return (raw as { name: string }[]).map((o) => o.name);
    case "relation":
      return (raw as { id: string }[]).map((r) => r.id);
    case "date":
      return (raw as { start: string } | null)?.start ?? null;
    default:
      return raw;
  }
}
