/**
 * A sync in a process of its own, like `oberaconnect-sync sync`, but with Notion's pace lifted
 * (the config caps `sync_rate_limit_per_second` at 50, which would make a 60,000-page initial sync
 * a 20-minute benchmark): the fleet case measures this process's CPU time and peak RSS.
 *   bun bench/sync-child.ts CONFIG
 */
import { loadConfig } from "../src/config/load";
import { buildRuntime } from "../src/runtime/runtime";
import { runSync } from "../src/sync/engine";
import { JOB_NAMES } from "../src/core/snapshot";
import { silentLogger } from "../src/telemetry/logger";
import { BENCH_GATE } from "./common";

const loaded = loadConfig({ path: process.argv[2], env: process.env, cwd: process.cwd() });
const rt = buildRuntime(loaded, { logger: silentLogger, env: {}, gateOverrides: { notion: BENCH_GATE, unifi: BENCH_GATE, ninjaone: BENCH_GATE } });
const report = await runSync(rt.syncDeps(), { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, batchSize: 50, batchDelayMs: 0, concurrency: 18 });
await rt.shutdown();
console.log(JSON.stringify({ status: report.status, totals: report.totals, notionRequests: report.notionRequests }));
process.exit(report.exitCode);
