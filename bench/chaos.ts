/**
 * `npm run chaos` (issue #13): the real binary against the three emulators with faults, killed
 * with SIGKILL at random moments and restarted, sources mutating between some rounds; then
 * clean runs and a check of the emulated Notion against what the sources hold now.
 *
 *   bun bench/chaos.ts [--kills 50] [--customers 12] [--seed 1] [--budget 2400] [--quiet]
 *
 * Each round draws (from the seeded stream) the faults of the three emulators, whether the
 * sources change first, `sync` or `serve` (the scheduler on a 10 s interval, or POST
 * /admin/sync), and when the child is killed: after a random delay, or after a random number of
 * Notion page writes seen in the emulator stats. Before the next child starts, the requests the
 * dead one left in flight are given a moment to finish (a restart is never instantaneous; see
 * `drainMs`). After the rounds: faults off, `sync`, `sync --retry-failed` (the failed records'
 * backoff is minutes, the runbook's way to retry now), then incremental `sync` until a run
 * writes nothing, at least archive_after_missed_runs + 1 of them; then the check (chaos/check.ts).
 *
 * The seed fixes every choice (faults, kill points, mutations); the interleaving with the
 * child's own timing is not reproducible to the request, so rerun a failure with the same seed a
 * few times. Every wait is bounded, and the whole chaos phase has a time budget.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseConfig } from "../src/config/load";
import { startEmulators, type RunningEmulators } from "@oberaconnect/emulators";
import { createRng, pick, randInt, type Rng } from "@oberaconnect/common/random";
import { buildRuntime } from "../src/runtime/runtime";
import { silentLogger } from "../src/telemetry/logger";
import { checkNotion, describeOffenders, snapshotDisagreements, type CheckResult } from "./chaos/check";
import { runToEnd, spawnChild, until, type Child } from "./chaos/child";
import { countInjected, LATE_WRITE_MAX_MS, pickRoundFaults, UNIFI_LIST_ROUTES, type FaultBody, type FaultKind } from "./chaos/faults";
import { openLedger } from "../src/ledger/ledger";
import { RecordsRepo } from "../src/ledger/records-repo";
import { JOB_NAMES } from "../src/core/snapshot";

export interface ChaosOptions {
  /** SIGKILLs to deliver before the clean phase (default 50). */
  kills?: number;
  customers?: number;
  seed?: number;
  /** Time budget of the chaos phase, seconds (default 2400); running out fails the run. */
  budgetSeconds?: number;
  /** Longest random kill delay, and most Notion writes to wait for before a kill. */
  maxKillDelayMs?: number;
  maxKillWrites?: number;
  /**
   * How long a dead child's in-flight requests may take to finish before the next starts (default
   * 0: the next child starts at once, and the dead one's late writes land while it runs).
   */
  drainMs?: number;
  /** Longest wait for a round's write-count trigger or a serve's start (default 15000). */
  roundTimeoutMs?: number;
  /** Share of `sync` rounds left to finish on their own, within `finishTimeoutMs` (default 0.1). */
  letFinishRate?: number;
  /** How long a round left to finish may run before it is killed after all (default 60000). */
  finishTimeoutMs?: number;
  /** Probability that a round changes the sources first (default 0.3; round 1 always does). */
  mutateRate?: number;
  /** Progress lines (one per round) go here; default stderr unless quiet. */
  log?: (line: string) => void;
  quiet?: boolean;
  /** Keep the temp dir (config, ledger) even when the check passes. */
  keepDir?: boolean;
}

export interface KillRecord {
  round: number;
  kind: "sync" | "serve";
  trigger: string;
  /** ms after spawn. */
  atMs: number;
  /** Notion page writes that reached the emulator while this child lived. */
  writes: number;
  signalCode: string | null;
}

export interface FaultCounts {
  /** Injected 500/503 (JSON) and 502 (HTML), all three emulators. */
  fiveXx: number;
  hangs: number;
  /** Writes committed, then the connection dropped (Notion). */
  drops: number;
  /** Writes applied late, 0.3–4 s after they arrived (Notion). */
  late: number;
  conflicts: number;
  /** 429 answers, all three emulators. */
  rateLimited: number;
  /** NinjaOne 401s for expired or revoked tokens, and the tokens issued. */
  token401: number;
  tokensIssued: number;
  /** UniFi list requests (hosts, sites, devices) that failed mid-pagination. */
  pageFailures: number;
}

export interface ChaosResult {
  ok: boolean;
  /** The one summary line. */
  line: string;
  /** Offending keys and other reasons for failure, printed before the line. */
  failures: string[];
  kills: KillRecord[];
  runs: { sync: number; serve: number };
  /** "Sync completed" lines seen from the chaos children, by status. */
  completed: Record<string, number>;
  mutations: number;
  rounds: number;
  faults: FaultCounts;
  cleanRuns: { args: string[]; code: number | null; writes: number }[];
  settled: boolean;
  check: CheckResult | null;
  disagreements: string[];
  durationMs: number;
  dir: string;
}

const FAST = { per_second: 100_000, burst: 100_000 };
const ADMIN_TOKEN = "chaos-admin-token-0123456789abcdef";
const ARCHIVE_AFTER_MISSED_RUNS = 2;

export async function runChaos(opts: ChaosOptions = {}): Promise<ChaosResult> {
  const o = {
    kills: opts.kills ?? 50,
    customers: opts.customers ?? 12,
    seed: opts.seed ?? 1,
    budgetMs: (opts.budgetSeconds ?? 2400) * 1000,
    maxKillDelayMs: opts.maxKillDelayMs ?? 4000,
    maxKillWrites: opts.maxKillWrites ?? 40,
    drainMs: opts.drainMs ?? 0,
    roundTimeoutMs: opts.roundTimeoutMs ?? 15_000,
    letFinishRate: opts.letFinishRate ?? 0.1,
    mutateRate: opts.mutateRate ?? 0.3,
    finishTimeoutMs: opts.finishTimeoutMs ?? 60_000,
  };
  const log = opts.log ?? (opts.quiet ? () => {} : (l: string) => process.stderr.write(`${l}\n`));
  const started = Date.now();
  const rng = createRng(o.seed);
  const emu = await startEmulators({ customers: o.customers, seed: o.seed, rateLimits: { notion: FAST, unifi: FAST, ninjaone: FAST } });
  const injected = { notion: countInjected(emu.notion.faults), unifi: countInjected(emu.unifi.faults), ninjaone: countInjected(emu.ninjaone.faults) };
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-chaos-"));
  const c = emu.credentials;
  const env: Record<string, string> = {
    NOTION_TOKEN: c.notionToken,
    UNIFI_API_KEY: c.unifiApiKey,
    NINJAONE_CLIENT_ID: c.ninjaoneClientId,
    NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret,
    ADMIN_TOKEN,
  };
  const base = {
    ledger: { path: "ledger.db" },
    notion: { base_url: emu.notion.url, parent_page_id: emu.notion.store.rootPageId },
    unifi: { base_url: emu.unifi.url },
    ninjaone: { base_url: emu.ninjaone.url },
    // The emulated Notion applies a write at most LATE_WRITE_MAX_MS after it arrived (its
    // "late" fault), so a settle window above that is this server's truth (the real API's
    // default is 60 s, which would only make the rounds slower).
    sync: { archive_after_missed_runs: ARCHIVE_AFTER_MISSED_RUNS, write_settle_seconds: LATE_WRITE_MAX_MS / 1000 + 1 },
  };
  const config = join(dir, "config.json");
  writeFileSync(
    config,
    JSON.stringify({
      ...base,
      log: { level: "info" },
      // As fast as the schema allows, short timeouts so a hang costs 2 s, a small retry budget.
      sync_rate_limit_per_second: 50,
      api_timeout_seconds: 2,
      retry: { max_attempts: 4, max_total_seconds: 10 },
      circuit_breaker: { failure_threshold: 5, reset_timeout_seconds: 5 },
      // Small pages, so every list is read in several requests and can fail between them.
      unifi: { ...base.unifi, rate_limit_per_second: 150, page_size: 4 },
      ninjaone: { ...base.ninjaone, rate_limit_per_second: 100, page_size: 25 },
      scheduler: { enabled: true, every_seconds: 10, jitter_seconds: 0 },
      server: { host: "127.0.0.1", port: 0 },
      shutdown_timeout_seconds: 5,
    }),
  );

  const result: ChaosResult = {
    ok: false,
    line: "",
    failures: [],
    kills: [],
    runs: { sync: 0, serve: 0 },
    completed: {},
    mutations: 0,
    rounds: 0,
    faults: { fiveXx: 0, hangs: 0, drops: 0, late: 0, conflicts: 0, rateLimited: 0, token401: 0, tokensIssued: 0, pageFailures: 0 },
    cleanRuns: [],
    settled: false,
    check: null,
    disagreements: [],
    durationMs: 0,
    dir,
  };
  const writes = () => emu.notion.stats.count("POST", "/v1/pages") + emu.notion.stats.count("PATCH", "/v1/pages/:page_id");
  let current: Child | null = null;

  try {
    const setup = await runToEnd(["setup-databases", "--config", config], env, 60_000);
    if (setup.code !== 0) throw new Error(`setup-databases failed (${setup.code}):\n${setup.tail.join("\n")}`);

    // ---- chaos rounds ----
    for (let round = 0; result.kills.length < o.kills; round++) {
      if (Date.now() - started > o.budgetMs) {
        result.failures.push(`time budget of ${o.budgetMs / 1000} s ran out after ${result.kills.length} of ${o.kills} kills`);
        break;
      }
      result.rounds++;
      const faults = pickRoundFaults(rng, round);
      await setFaults(emu, faults);
      let mutated = "";
      if (round === 1 || rng() < o.mutateRate) mutated = await mutateSources(emu, rng);
      if (mutated) result.mutations++;

      const runRound = async (k: "sync" | "serve") => {
        result.runs[k]++;
        const t0 = Date.now();
        const w0 = writes();
        let how = "";
        let args: string[];
        if (k === "sync") {
          const mode = rng();
          args = ["sync", "--config", config, ...(mode < 0.1 ? ["--full-sync"] : mode < 0.2 ? ["--retry-failed"] : [])];
          how = args.length > 3 ? ` ${args[3]}` : "";
        } else {
          args = ["serve", "--config", config, "--port", "0", "--host", "127.0.0.1"];
        }
        // When and how the child dies, drawn before it starts (the stream stays in step).
        const triggerDraw = rng();
        const delay = randInt(rng, 50, o.maxKillDelayMs);
        const writeTarget = randInt(rng, 1, o.maxKillWrites);
        const adminDraw = rng();
        const adminMode = pick(rng, ["incremental", "incremental", "incremental", "full", "retry-failed"] as const);
        const child = spawnChild(args, env, 200, join(dir, `round-${String(round).padStart(3, "0")}-${k}.log`));
        current = child;
        // Control calls made during the round; awaited before the round ends, so none lands in the next.
        const timers: ReturnType<typeof setInterval>[] = [];
        const pending: Promise<unknown>[] = [];
        if (faults.expireTokensEveryMs !== null) {
          const expire = () => pending.push(fetch(`${emu.ninjaone.url}/_emulator/expire-tokens`, { method: "POST" }).catch(() => {}));
          timers.push(setInterval(expire, faults.expireTokensEveryMs));
        }
        if (faults.liftRateLimitAfterMs !== null) {
          const { rate_limit: _burst, ...rest } = faults.notion;
          const lift = () => pending.push(post(`${emu.notion.url}/_emulator/faults`, { ...rest, seed: (rest.seed ?? 1) + 1 }));
          timers.push(setTimeout(lift, faults.liftRateLimitAfterMs));
        }
        let trigger: string;
        if (k === "serve") {
          const listening = await child.waitFor(/"msg":"listening on /, o.roundTimeoutMs);
          if (listening && adminDraw < 0.7) {
            const url = (JSON.parse(listening) as { url: string }).url;
            const res = await fetch(`${url}/admin/sync`, {
              method: "POST",
              headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
              body: JSON.stringify({ mode: adminMode }),
            }).catch(() => null);
            how = ` (admin ${adminMode}: ${res?.status ?? "no answer"})`;
          } else {
            how = listening ? " (scheduler)" : " (never listened)";
          }
        }
        // sync: 10% run to the end (bounded), otherwise killed; serve: always killed.
        if (k === "sync" && triggerDraw < o.letFinishRate) {
          trigger = "none";
          await until(() => !child.alive(), o.finishTimeoutMs, 20);
        } else if (triggerDraw < o.letFinishRate + (1 - o.letFinishRate) * 0.45) {
          trigger = `after ${delay} ms`;
          await until(() => !child.alive(), Math.max(0, delay - (Date.now() - t0)), 10);
        } else {
          trigger = `after ${writeTarget} writes`;
          // Bounded: a child that stops writing (a 429 pause, an open circuit) is killed anyway.
          const reached = await until(() => !child.alive() || writes() - w0 >= writeTarget, o.roundTimeoutMs, 2);
          if (!reached) trigger += ` (not reached in ${o.roundTimeoutMs} ms)`;
        }
        const aliveAtKill = child.alive();
        const atMs = Date.now() - t0;
        if (aliveAtKill) child.proc.kill("SIGKILL");
        const code = await child.exited;
        for (const t of timers) clearInterval(t);
        await Promise.all(pending);
        current = null;
        const completed = child.seen(/"msg":"Sync completed"/).map((l) => (JSON.parse(l) as { status: string }).status);
        for (const s of completed) result.completed[s] = (result.completed[s] ?? 0) + 1;
        const n = writes() - w0;
        if (aliveAtKill) result.kills.push({ round, kind: k, trigger, atMs, writes: n, signalCode: child.proc.signalCode === null ? null : String(child.proc.signalCode) });
        // The dead child's requests still on their way (latency) are let through first.
        const drained = await until(() => inFlight(emu) === 0, o.drainMs, 10);
        const left = drained ? "" : `, ${inFlight(emu)} request(s) still in flight`;
        const outcome = (aliveAtKill ? `killed ${trigger} (${atMs} ms, ${child.proc.signalCode})` : `exited ${code} after ${atMs} ms`) + left;
        if (!aliveAtKill && code !== 0 && code !== 1 && code !== 3) result.failures.push(`round ${round}: ${args[0]} exited ${code}:\n${child.tail.slice(-15).join("\n")}`);
        return { how, outcome, writes: n, completed };
      };

      const kind: "sync" | "serve" = rng() < 0.6 ? "sync" : "serve";
      const r = await runRound(kind);
      log(`round ${round}: ${kind}${r.how} ${faults.tags.join("/")}${mutated ? `, mutated (${mutated})` : ""}: ${r.outcome}, ${r.writes} writes${r.completed.length ? `, completed ${r.completed.join(" ")}` : ""}`);

    }
    result.faults = faultCounts(emu, injected);

    // ---- clean phase ----
    await setFaults(emu, { notion: {}, unifi: {}, ninjaone: {} });
    await until(() => inFlight(emu) === 0, 15_000, 20);
    const clean = async (extra: string[]) => {
      const w0 = writes();
      const r = await runToEnd(["sync", "--config", config, ...extra], env, 180_000, join(dir, `clean-${result.cleanRuns.length}.log`));
      const entry = { args: ["sync", ...extra], code: r.timedOut ? null : r.code, writes: writes() - w0 };
      result.cleanRuns.push(entry);
      log(`clean: ${entry.args.join(" ")} -> exit ${entry.code}, ${entry.writes} writes`);
      if (entry.code !== 0 && entry.code !== 1) result.failures.push(`clean ${entry.args.join(" ")} exited ${entry.code}:\n${r.tail.slice(-15).join("\n")}`);
      return entry;
    };
    await clean([]);
    await clean(["--retry-failed"]);
    let incremental = 1;
    for (let i = 0; i < 8; i++) {
      const e = await clean([]);
      incremental++;
      if (incremental >= ARCHIVE_AFTER_MISSED_RUNS + 1 && e.code === 0 && e.writes === 0) {
        result.settled = true;
        break;
      }
    }
    if (!result.settled) result.failures.push(`the clean runs did not settle (a run with exit 0 and no Notion writes) within ${result.cleanRuns.length} runs`);

    // ---- check ----
    const snapshot = await readSources(base, env, dir);
    result.disagreements = snapshotDisagreements(snapshot, emu.dataset);
    result.failures.push(...result.disagreements.map((d) => `oracle: ${d}`));
    result.check = checkNotion(emu.notion.store.dump(), snapshot, readLedger(join(dir, "ledger.db")));
    result.failures.unshift(...describeOffenders(result.check, 10));
  } catch (err) {
    result.failures.push(`chaos run broke: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    const live = current as Child | null;
    if (live?.alive()) {
      live.proc.kill("SIGKILL");
      await live.exited;
    }
    await emu.stop();
  }

  const ch = result.check;
  const enough = result.kills.length >= o.kills;
  if (!enough && !result.failures.some((f) => f.startsWith("time budget"))) result.failures.push(`only ${result.kills.length} of ${o.kills} kills`);
  result.ok = Boolean(ch && ch.duplicates + ch.missing + ch.stale + ch.unarchived + ch.disagree === 0) && result.failures.length === 0;
  result.durationMs = Date.now() - started;
  const f = result.faults;
  const fmt = (n: number) => n.toLocaleString("en-US");
  result.line =
    `chaos: ${result.kills.length} kills, ${result.runs.sync + result.runs.serve} runs (${result.runs.sync} sync, ${result.runs.serve} serve), ${result.mutations} mutations, ` +
    `faults ${fmt(f.fiveXx)} 5xx/${fmt(f.hangs)} hang/${fmt(f.drops)} drop/${fmt(f.late)} late/${fmt(f.rateLimited)} 429/${fmt(f.token401)} token/${fmt(f.pageFailures)} page; ` +
    (ch ? `check: ${ch.duplicates} duplicates, ${ch.missing} missing, ${ch.stale} stale, ${ch.unarchived} unarchived, ${ch.disagree} ledger/Notion disagreements (${fmt(ch.pages)} pages)` : "check: not reached") +
    `; seed ${o.seed}, ${Math.round(result.durationMs / 1000)} s${result.ok ? "" : ` FAILED (kept ${dir})`}`;
  if (result.ok && !opts.keepDir) rmSync(dir, { recursive: true, force: true });
  else writeFileSync(join(dir, "notion-writes.jsonl"), emu.notion.stats.writeLog().map((w) => JSON.stringify(w)).join("\n"));
  return result;
}

/** What the ledger believes of every record, read once the last child has exited. */
function readLedger(path: string) {
  const ledger = openLedger(path);
  try {
    const repo = new RecordsRepo(ledger.db, () => new Date().toISOString());
    return new Map(JOB_NAMES.map((j) => [j, repo.forJob(j)]));
  } finally {
    ledger.close();
  }
}

/** Requests an emulator has received but not answered yet (the control API is not counted). */
function inFlight(emu: RunningEmulators): number {
  let n = 0;
  for (const e of [emu.notion, emu.unifi, emu.ninjaone]) {
    const s = e.stats.snapshot();
    n += s.total - Object.values(s.requests).reduce((a, b) => a + b, 0);
  }
  return n;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`POST ${url} ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Replaces each emulator's whole fault set through its control API. */
async function setFaults(emu: RunningEmulators, f: { notion: FaultBody; unifi: FaultBody; ninjaone: FaultBody }): Promise<void> {
  await post(`${emu.notion.url}/_emulator/faults`, f.notion);
  await post(`${emu.unifi.url}/_emulator/faults`, f.unifi);
  await post(`${emu.ninjaone.url}/_emulator/faults`, f.ninjaone);
}

/** A small change at the customers (through the UniFi control API; the dataset is shared). */
async function mutateSources(emu: RunningEmulators, rng: Rng): Promise<string> {
  const spec: Record<string, number> = { seed: randInt(rng, 1, 2 ** 30), fraction: [0.02, 0.04, 0.06][randInt(rng, 0, 2)]! };
  if (rng() < 0.4) spec.new_devices = randInt(rng, 1, 2);
  if (rng() < 0.15) spec.delete_sites = 1;
  const r = (await post(`${emu.unifi.url}/_emulator/mutate`, spec)) as { changed: Record<string, unknown[]>; created: Record<string, unknown[]>; deleted: Record<string, unknown[]> };
  const n = (m: Record<string, unknown[]>) => Object.values(m).reduce((a, v) => a + v.length, 0);
  return `${n(r.changed)} changed, ${n(r.created)} new, ${n(r.deleted)} gone`;
}

function faultCounts(emu: RunningEmulators, injected: Record<"notion" | "unifi" | "ninjaone", Record<FaultKind, number>>): FaultCounts {
  const all = [injected.notion, injected.unifi, injected.ninjaone];
  const sum = (k: FaultKind) => all.reduce((a, c) => a + c[k], 0);
  const u = emu.unifi.stats.snapshot().requests;
  let pageFailures = 0;
  for (const [key, n] of Object.entries(u)) {
    const [, route, status] = key.split(" ");
    if (UNIFI_LIST_ROUTES.includes(route ?? "") && Number(status) >= 500) pageFailures += n;
  }
  const ninja = emu.ninjaone.stats;
  return {
    fiveXx: sum("error") + sum("edge_502"),
    hangs: sum("hang"),
    drops: emu.notion.stats.snapshot().dropped_after_commit,
    late: injected.notion.late,
    conflicts: sum("conflict"),
    rateLimited: emu.notion.stats.snapshot().rate_limited + emu.unifi.stats.snapshot().rate_limited + emu.ninjaone.stats.snapshot().rate_limited,
    token401: ninja.count(undefined, undefined, 401),
    tokensIssued: ninja.count("POST", "/ws/oauth/token", 200),
    pageFailures,
  };
}

/** What the sources hold now, read with the product's connectors in this process (no ledger, no faults). */
async function readSources(base: Record<string, unknown>, env: Record<string, string>, dir: string) {
  const loaded = parseConfig({ ...base, log: { level: "silent" } }, { file: join(dir, "check.json"), env });
  const fast = { ratePerSecond: 5000, concurrency: 8, timeoutMs: 10_000, retry: { maxAttempts: 3, maxTotalMs: 20_000, baseDelayMs: 5, maxDelayMs: 50 } };
  const rt = buildRuntime(loaded, { openLedger: false, logger: silentLogger, gateOverrides: { notion: fast, unifi: fast, ninjaone: fast } });
  return rt.sources().read();
}

/** "1-10", "1,3,5" or "2-4,9" → [1, 2, …]; throws naming the flag on anything else. */
export function parseSeeds(v: string): number[] {
  const out: number[] = [];
  for (const part of v.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`--seeds: expected numbers and ranges like 1-10 or 1,3,5, got "${v}"`);
    const [a, b] = [Number(m[1]), Number(m[2] ?? m[1])];
    if (b < a || b - a > 1000) throw new Error(`--seeds: bad range "${part.trim()}"`);
    for (let x = a; x <= b; x++) out.push(x);
  }
  return out;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      kills: { type: "string" },
      customers: { type: "string" },
      seed: { type: "string" },
      seeds: { type: "string" },
      budget: { type: "string" },
      quiet: { type: "boolean" },
      keep: { type: "boolean" },
    },
    strict: true,
  });
  const int = (v: string | undefined, name: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a whole number, got "${v}"`);
    return n;
  };
  let seeds: number[];
  try {
    seeds = values.seeds !== undefined ? parseSeeds(values.seeds) : [int(values.seed, "seed") ?? 1];
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  // One summary line per seed as each ends, and all of them again at the end when there are several.
  const lines: string[] = [];
  for (const seed of seeds) {
    const r = await runChaos({
      kills: int(values.kills, "kills"),
      customers: int(values.customers, "customers"),
      seed,
      budgetSeconds: int(values.budget, "budget"),
      quiet: values.quiet,
      keepDir: values.keep,
    });
    for (const f of r.failures) console.log(f);
    console.log(r.line);
    lines.push(r.line);
  }
  if (seeds.length > 1) {
    console.log(`\nchaos over ${seeds.length} seeds:`);
    for (const l of lines) console.log(l);
  }
  process.exit(lines.every((l) => !l.includes("FAILED")) ? 0 : 1);
}
