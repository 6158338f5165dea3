/**
 * The service against Notion's limit, side by side with the cookbook algorithm (baseline.ts), on
 * the same generated fleet and the same emulator settings, in one run. Notion's rate R is scaled
 * up (30/s, burst 10) so a case takes a minute instead of ten; the ratios do not depend on R.
 *   write efficiency = (writes / R) ÷ wall time: 1.0 means every second of the run was a second
 *   of Notion's write budget spent on a write.
 * Scenarios: initial sync, unchanged resync, 5% of the sources changed, ledger lost (setup +
 * --full-sync). Then both at Notion's real 3/s (burst 5) on a small fleet.
 * @module
 */
import { rmSync } from "node:fs";
import { openLedger } from "../src/ledger/ledger";
import { buildRuntime } from "../src/runtime/runtime";
import { setupAndRegister } from "../src/sync/databases";
import { runSync } from "../src/sync/engine";
import { JOB_NAMES } from "../src/core/snapshot";
import { silentLogger } from "../src/telemetry/logger";
import { cookbookSync } from "./baseline";
import { stack, type BenchResult } from "./common";

type Stack = Awaited<ReturnType<typeof stack>>;

interface Measured {
  requests: number;
  reads: number;
  writes: number;
  creates: number;
  rateLimited: number;
  seconds: number;
  completed: boolean;
  note?: string;
}

function measure(s: Stack, t0: number): Omit<Measured, "completed"> {
  const st = s.emulators.notion.stats;
  const snap = st.snapshot();
  const writes = st.count("POST", "/v1/pages", 200) + st.count("PATCH", "/v1/pages/:page_id", 200);
  return {
    requests: snap.total,
    reads: snap.total - st.count("POST", "/v1/pages") - st.count("PATCH", "/v1/pages/:page_id"),
    writes,
    creates: st.count("POST", "/v1/pages", 200),
    rateLimited: snap.rate_limited,
    seconds: (performance.now() - t0) / 1000,
  };
}

const efficiency = (m: Measured, rate: number) => (m.writes === 0 ? "–" : (m.writes / rate / m.seconds).toFixed(2));

/** Ours: the product's runtime at `rate`, runs as the scheduler would start them. */
async function ours(customers: number, limit: { per_second: number; burst: number }, rate: number): Promise<Record<string, Measured>> {
  const s = await stack(customers, limit, rate);
  const out: Record<string, Measured> = {};
  try {
    const withLedger = (ledger = s.ledger) => buildRuntime(s.loaded, { ledger, logger: silentLogger });
    let rt = withLedger();
    await setupAndRegister({ notion: rt.notion(), known: {}, parentPageId: s.emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
    const run = async (label: string, mode: "incremental" | "full" = "incremental") => {
      s.emulators.notion.stats.reset();
      const t0 = performance.now();
      const r = await runSync(rt.syncDeps(), { mode, jobs: [...JOB_NAMES], dryRun: false, verbose: false, ...rt.syncOptions() });
      out[label] = { ...measure(s, t0), completed: r.exitCode === 0, ...(r.error ? { note: r.error } : {}) };
    };
    await run("initial");
    await run("unchanged");
    await fetch(`${s.emulators.unifi.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 5, fraction: 0.05 }) });
    await run("5% changed");
    // Ledger lost: a new ledger file; setup adopts the databases, --full-sync adopts the pages.
    s.ledger.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${s.loaded.config.ledger.path}${suffix}`, { force: true });
    const fresh = openLedger(s.loaded.config.ledger.path);
    s.ledger = fresh;
    rt = withLedger(fresh);
    s.emulators.notion.stats.reset();
    const t0 = performance.now();
    await setupAndRegister({ notion: rt.notion(), known: {}, parentPageId: s.emulators.notion.store.rootPageId, migrate: false }, fresh.db);
    const r = await runSync(rt.syncDeps(), { mode: "full", jobs: [...JOB_NAMES], dryRun: false, verbose: false, ...rt.syncOptions(), batchSize: 50 });
    out["ledger lost"] = { ...measure(s, t0), completed: r.exitCode === 0 };
    fresh.close();
  } finally {
    await s.close();
  }
  return out;
}

/** The cookbook: the same scenarios; it has no ledger, so "ledger lost" is just another run. */
async function cookbook(customers: number, limit: { per_second: number; burst: number }): Promise<Record<string, Measured>> {
  const s = await stack(customers, limit, 50);
  const out: Record<string, Measured> = {};
  try {
    const rt = buildRuntime(s.loaded, { ledger: s.ledger, logger: silentLogger });
    const setup = await setupAndRegister({ notion: rt.notion(), known: {}, parentPageId: s.emulators.notion.store.rootPageId, migrate: false }, s.ledger.db);
    const databases = Object.fromEntries(setup.databases.map((d) => [d.name, d.databaseId]));
    const run = async (label: string) => {
      const snapshot = await rt.sources().read();
      s.emulators.notion.stats.reset();
      const t0 = performance.now();
      const r = await cookbookSync({ baseUrl: s.emulators.notion.url, token: s.emulators.credentials.notionToken, databases, snapshot });
      out[label] = { ...measure(s, t0), completed: r.completed, ...(r.error ? { note: r.error } : {}) };
    };
    await run("initial");
    await run("unchanged");
    await fetch(`${s.emulators.unifi.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 5, fraction: 0.05 }) });
    await run("5% changed");
    await run("ledger lost");
  } finally {
    await s.close();
  }
  return out;
}

const R = 30;
const LIMIT = { per_second: R, burst: 10 };

export async function benchNotionLimit(): Promise<BenchResult> {
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 30);
  const a = await ours(customers, LIMIT, R);
  const b = await cookbook(customers, LIMIT);
  const records = a.initial!.creates;
  const figures: Record<string, string | number> = { "records (pages of the initial sync)": records, "Notion rate R": `${R}/s, burst ${LIMIT.burst}` };
  for (const scenario of ["initial", "unchanged", "5% changed", "ledger lost"]) {
    const x = a[scenario]!;
    const y = b[scenario]!;
    const row = (m: Measured) =>
      `${m.completed ? "" : "DID NOT FINISH: "}${m.requests} requests (${m.reads} reads, ${m.writes} writes, ${m.creates} creates), ${m.rateLimited}×429, ${m.seconds.toFixed(1)} s, efficiency ${efficiency(m, R)}${m.note ? ` (${m.note.slice(0, 80)})` : ""}`;
    figures[`${scenario}: ours`] = row(x);
    figures[`${scenario}: cookbook`] = row(y);
    figures[`${scenario}: ours/cookbook requests, time`] = `${(x.requests / Math.max(1, y.requests)).toFixed(3)}, ${(x.seconds / y.seconds).toFixed(3)}`;
  }
  figures["unchanged: requests per record, ours / cookbook"] = `${(a.unchanged!.requests / records).toFixed(4)} / ${(b.unchanged!.requests / records).toFixed(2)}`;
  figures["unchanged: fixed requests per run, ours"] = a.unchanged!.requests;
  const ok = a.initial!.rateLimited === 0 && a.initial!.completed && a.unchanged!.writes === 0 && a["ledger lost"]!.writes === 0;
  return {
    title: `Against Notion's limit: ours and the cookbook algorithm (R = ${R}/s)`,
    what: `A fleet of ${customers} generated customers, both algorithms against the same emulator settings in one run (fresh emulators each, same seed). Efficiency = (writes / R) ÷ wall time. The cookbook: query all pages, retrieve each page's key property, create or update every record in chunks of 10 parallel requests, client default retries; it keeps no ledger, so "ledger lost" is an ordinary run for it.`,
    figures,
    verdict: ok ? "Ours: no 429, no write when nothing changed, none after a lost ledger." : "Ours hit a 429, or wrote when nothing changed.",
    failed: !ok,
  };
}

export async function benchRealLimit(): Promise<BenchResult> {
  const limit = { per_second: 3, burst: 5 };
  const a = await ours(2, limit, 3);
  const b = await cookbook(2, limit);
  const row = (m: Measured) => `${m.completed ? "completed" : "DID NOT FINISH"}: ${m.writes} writes, ${m.requests} requests, ${m.rateLimited}×429, ${m.seconds.toFixed(1)} s${m.note ? ` (${m.note.slice(0, 100)})` : ""}`;
  return {
    title: "At Notion's real limit, 3 requests/s (burst 5), 2 customers",
    what: "The initial sync of a small fleet by each algorithm at Notion's documented average, the client at `sync_rate_limit_per_second: 3`.",
    figures: { "initial sync, ours": row(a.initial!), "initial sync, cookbook": row(b.initial!), "unchanged resync, ours": row(a.unchanged!), "unchanged resync, cookbook": row(b.unchanged!) },
    verdict: a.initial!.rateLimited === 0 && a.initial!.completed ? "Ours completes with no 429." : "Ours was rate limited.",
    failed: a.initial!.rateLimited !== 0 || !a.initial!.completed,
  };
}

