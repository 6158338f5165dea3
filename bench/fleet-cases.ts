/**
 * Fleet scale and the running service, measured on the sync and serve PROCESSES (the CLI, as
 * an operator runs it), with the emulators in this process: CPU time and peak RSS are the
 * child's own. Notion's limit is lifted for the fleet case so it measures the engine.
 * @module
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stack, UNLIMITED, type BenchResult } from "./common";

const ROOT = join(import.meta.dir, "..");
const MAIN = join(ROOT, "src/main.ts");
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

interface ChildRun {
  code: number;
  wallS: number;
  cpuS: number;
  maxRssBytes: number;
  stdout: string;
}

/**
 * Runs a CLI process to its end and measures it with GNU time (`/usr/bin/time`, Debian's `time`
 * package): Bun's `resourceUsage()` of a child was seen reporting the PARENT's peak RSS here (the
 * benchmark process, which holds the emulators' whole dataset: 365 MB for a `setup-databases`
 * that /usr/bin/time measured at 60 MB), so it is only the fallback.
 */
export async function cli(args: string[], env: Record<string, string>, cwd: string, cmd = [process.execPath, MAIN]): Promise<ChildRun> {
  const t0 = performance.now();
  const timeFile = join(cwd, `time-${process.pid}-${Math.round(t0)}.txt`);
  const gnuTime = existsSync("/usr/bin/time");
  const argv = gnuTime ? ["/usr/bin/time", "-o", timeFile, "-f", "%M %U %S", ...cmd, ...args] : [...cmd, ...args];
  const p = Bun.spawn(argv, { cwd, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text()]);
  const code = await p.exited;
  const wallS = (performance.now() - t0) / 1000;
  if (gnuTime) {
    const [kb, user, sys] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number) as [number, number, number];
    rmSync(timeFile, { force: true });
    return { code, wallS, cpuS: user + sys, maxRssBytes: kb * 1024, stdout };
  }
  const usage = p.resourceUsage();
  return { code, wallS, cpuS: Number(usage?.cpuTime.total ?? 0n) / 1e6, maxRssBytes: usage?.maxRSS ?? 0, stdout };
}

export function writeConfig(s: Awaited<ReturnType<typeof stack>>, extra: Record<string, unknown> = {}): string {
  const file = join(s.loaded.file.replace(/config\.json$/, ""), "config.json");
  writeFileSync(file, JSON.stringify({ ...s.raw, sync_rate_limit_per_second: 50, log: { level: "warn" }, scheduler: { enabled: false }, notion: { ...s.raw.notion, parent_page_id: s.emulators.notion.store.rootPageId }, ...extra }));
  return file;
}

/** Builds dist/oberaconnect-sync (what operators run) and returns its path. */
function buildBinary(): string {
  const build = Bun.spawnSync(["npm", "run", "build"], { cwd: ROOT, stdout: "ignore", stderr: "pipe" });
  if (build.exitCode !== 0) throw new Error(`build failed: ${build.stderr.toString()}`);
  return join(ROOT, "dist/oberaconnect-sync");
}

/**
 * Starts `serve` (log level info: its "listening on" line, on stderr with the other logs, carries
 * the url) and returns the process and its url; the rest of its logs is drained.
 */
export async function startServe(cmd: string[], config: string, env: Record<string, string>, cwd: string): Promise<{ p: Bun.Subprocess<"ignore", "inherit", "pipe">; url: string }> {
  const p = Bun.spawn([...cmd, "serve", "--config", config], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdin: "ignore", stdout: "inherit", stderr: "pipe" });
  const reader = p.stderr.getReader();
  let buf = "";
  let url = "";
  while (!url) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`serve exited: ${buf.slice(-2000)}`);
    buf += new TextDecoder().decode(value);
    url = /"url":"(http:[^"]+)"/.exec(buf)?.[1] ?? "";
  }
  void (async () => {
    for (;;) if ((await reader.read()).done) break;
  })();
  return { p, url };
}

export const benchFleet = () => fleet(0);

/**
 * The same fleet with 4,000 more open alerts (~4,900 in all, as an independently generated
 * fleet of 68,913 records had): alerts cost more per record than devices (activities, severity
 * lookups), so a quiet pass must stay cheap for them too.
 */
export const benchFleetAlerts = () => fleet(4000);

async function fleet(extraAlerts: number): Promise<BenchResult> {
  const customers = Number(process.env.BENCH_FLEET_CUSTOMERS ?? 2000);
  const binary = buildBinary();
  const s = await stack(customers, UNLIMITED, 50);
  if (extraAlerts) s.emulators.shared.mutate({ seed: 4, source: "ninjaone", new_alerts: extraAlerts });
  try {
    const config = writeConfig(s);
    s.ledger.close(); // the CLI processes own it
    const dir = join(config, "..");
    const setup = await cli(["setup-databases", "--config", config], s.env, dir);
    if (setup.code !== 0) throw new Error(`setup failed: ${setup.stdout}`);
    // The initial sync at the engine's own pace (see sync-child.ts); the later passes are the CLI.
    const initial = await cli([config], s.env, dir, [process.execPath, join(ROOT, "bench/sync-child.ts")]);
    const records = (JSON.parse(initial.stdout.trim().split("\n").at(-1) ?? "{}") as { totals?: { created: number } }).totals?.created ?? 0;
    s.emulators.notion.stats.reset();
    const quiet = await cli(["sync", "--config", config], s.env, dir, [binary]);
    const quietRequests = s.emulators.notion.stats.snapshot().total;
    const fromSource = await cli(["sync", "--config", config], s.env, dir);
    const dry = await cli(["sync", "--dry-run", "--config", config], s.env, dir, [binary]);
    return {
      title: `Fleet scale: ${customers.toLocaleString("en-US")} customers${extraAlerts ? `, ${s.emulators.dataset.ninjaone.alerts.length.toLocaleString("en-US")} open alerts` : ""}`,
      what: "The sync as a child process against the emulators (the emulators run in the benchmark process, so CPU time and peak RSS are the sync's own): the initial sync with Notion's pace lifted (bench/sync-child.ts: the config caps it at 50/s), then the compiled binary `dist/oberaconnect-sync sync` for an unchanged pass (and the same from source, `bun src/main.ts`, which also holds the transpiler) and `sync --dry-run` for the plan.",
      figures: {
        records,
        "initial sync: wall / CPU (s)": `${initial.wallS.toFixed(1)} / ${initial.cpuS.toFixed(1)}`,
        "initial sync: peak RSS": mb(initial.maxRssBytes),
        "unchanged pass: wall / CPU (s)": `${quiet.wallS.toFixed(1)} / ${quiet.cpuS.toFixed(1)}`,
        "unchanged pass: peak RSS": mb(quiet.maxRssBytes),
        "unchanged pass: Notion requests": quietRequests,
        "unchanged pass from source: wall / CPU (s), peak RSS": `${fromSource.wallS.toFixed(1)} / ${fromSource.cpuS.toFixed(1)}, ${mb(fromSource.maxRssBytes)}`,
        "dry-run plan: wall / CPU (s)": `${dry.wallS.toFixed(1)} / ${dry.cpuS.toFixed(1)}`,
        "dry-run plan: peak RSS": mb(dry.maxRssBytes),
        "exit codes (initial, unchanged, dry run)": `${initial.code}, ${quiet.code}, ${dry.code}`,
      },
      verdict: quiet.cpuS < 10 && quiet.maxRssBytes < 256 * 1024 * 1024 ? "The unchanged pass stays under 10 s of CPU and 256 MB." : "The unchanged pass is over 10 s of CPU or 256 MB (target missed).",
      failed: initial.code !== 0 || quiet.code !== 0 || fromSource.code !== 0,
    };
  } finally {
    await s.close();
  }
}

/** p50/p99 of `n` GETs at ~`rps` from a separate load process on loopback, bounded in count and time. */
/**
 * BENCH_SERVICE_CORES=split: the service on core 0 alone (as on a one-vCPU VM of its own), the
 * emulators and the load processes on core 1 (as the APIs and the prober are elsewhere). Unset:
 * everything shares both cores.
 */
const SPLIT = process.env.BENCH_SERVICE_CORES === "split";
const onCore = (core: number): string[] => (SPLIT ? ["taskset", "-c", String(core)] : []);

async function load(url: string, n: number, rps: number): Promise<string> {
  const script = `
    const url = ${JSON.stringify(url)}, n = ${n}, gap = 1000 / ${rps};
    const lat = []; const t0 = performance.now(); const pending = [];
    for (let i = 0; i < n; i++) {
      const due = t0 + i * gap; const wait = due - performance.now();
      if (wait > 0) await Bun.sleep(wait);
      pending.push((async () => { const s = performance.now(); const r = await fetch(url, { signal: AbortSignal.timeout(5000) }); await r.arrayBuffer(); lat.push(performance.now() - s); })().catch(() => lat.push(Infinity)));
    }
    await Promise.all(pending);
    lat.sort((a, b) => a - b);
    const took = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ p50: lat[Math.floor(n / 2)], p99: lat[Math.floor(n * 0.99)], failed: lat.filter((x) => x === Infinity).length, rps: n / took }));`;
  const p = Bun.spawn([...onCore(1), process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  const out = JSON.parse((await new Response(p.stdout).text()).trim()) as { p50: number | null; p99: number | null; failed: number; rps: number };
  await p.exited;
  // A failed request counts as Infinity, which JSON carries as null.
  const f = (x: number | null) => (x === null ? "∞" : x.toFixed(2));
  return `p50 ${f(out.p50)} ms, p99 ${f(out.p99)} ms at ${Math.round(out.rps)} req/s${out.failed ? `, ${out.failed} failed` : ""}`;
}

/** `n` GETs, `concurrency` at a time, from a separate process: how fast and how they were answered. */
async function flood(url: string, n: number, concurrency: number): Promise<string> {
  const script = `
    const url = ${JSON.stringify(url)}; let next = 0; const lat = []; const statuses = {}; const t0 = performance.now();
    await Promise.all(Array.from({ length: ${concurrency} }, async () => {
      while (next < ${n}) {
        next++;
        const s = performance.now();
        const r = await fetch(url, { signal: AbortSignal.timeout(10000) }).catch(() => null);
        if (r) await r.arrayBuffer();
        const key = r ? String(r.status) : "failed";
        statuses[key] = (statuses[key] ?? 0) + 1;
        lat.push(performance.now() - s);
      }
    }));
    lat.sort((a, b) => a - b);
    console.log(JSON.stringify({ p50: lat[Math.floor(lat.length / 2)], rps: ${n} / ((performance.now() - t0) / 1000), statuses }));`;
  const p = Bun.spawn([...onCore(1), process.execPath, "-e", script], { stdout: "pipe", stderr: "inherit" });
  const out = JSON.parse((await new Response(p.stdout).text()).trim()) as { p50: number; rps: number; statuses: Record<string, number> };
  await p.exited;
  const answered = Object.entries(out.statuses).map(([k, v]) => `${v} × ${k}`).join(", ");
  return `${n} scrapes, ${concurrency} at a time: ${Math.round(out.rps)}/s, p50 ${out.p50.toFixed(1)} ms (${answered})`;
}

const rssOf = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
};

/** The status page as an engineer's browser gets it: time on loopback (an upper bound of the server's) and size. */
async function statusPage(url: string, token: string): Promise<string> {
  const login = await fetch(`${url}/status/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ token }).toString(), redirect: "manual" });
  const cookie = /oc_status=[^;]+/.exec(login.headers.get("set-cookie") ?? "")?.[0];
  if (!cookie) throw new Error(`status page sign-in: ${login.status}`);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const body = await (await fetch(`${url}/status`, { headers: { cookie } })).arrayBuffer();
    times.push(performance.now() - t);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${times.at(-1)!.toFixed(1)} ms; ${(bytes / 1024).toFixed(1)} KB`;
}

export async function benchService(): Promise<BenchResult> {
  const binary = buildBinary();
  const s = await stack(30, { per_second: 30, burst: 10 }, 30);
  const figures: Record<string, string | number> = { "binary size": mb(statSync(binary).size) };
  try {
    const config = writeConfig(s, { sync_rate_limit_per_second: 30, server: { host: "127.0.0.1", port: 0 }, log: { level: "info" } });
    s.ledger.close();
    const dir = join(config, "..");
    const setup = await cli(["setup-databases", "--config", config], s.env, dir, [binary]);
    if (setup.code !== 0) throw new Error("setup failed");
    const token = "bench-admin-token-0123456789abcdefgh";
    const t0 = performance.now();
    if (SPLIT) Bun.spawnSync(["taskset", "-a", "-p", "-c", "1", String(process.pid)], { stdout: "ignore" });
    const { p, url } = await startServe([...onCore(0), binary], config, { ...s.env, ADMIN_TOKEN: token }, dir);
    while ((await fetch(`${url}/ready`)).status !== 200) {
      if (performance.now() - t0 > 30_000) throw new Error("not ready within 30 s");
      await Bun.sleep(5);
    }
    figures["cold start to /ready 200"] = `${Math.round(performance.now() - t0)} ms`;
    // The same load on an idle service first: what the machine itself adds to the tail.
    figures["/health under load, idle"] = await load(`${url}/health`, 5000, 1000);
    // A scrape flood (3,000 unauthenticated /metrics, 100 at a time) beside the same probe load.
    const [healthUnderFlood, floodFigure] = await Promise.all([load(`${url}/health`, 5000, 1000), flood(`${url}/metrics`, 3000, 100)]);
    figures["/health under load, /metrics flood"] = healthUnderFlood;
    figures["the /metrics flood"] = floodFigure;
    // A sync runs (~1,000 Notion writes at 30/s) while the probes are loaded.
    const auth = { authorization: `Bearer ${token}` };
    const started = await fetch(`${url}/admin/sync`, { method: "POST", headers: auth });
    if (started.status !== 202) throw new Error(`admin sync: ${started.status}`);
    const { run_id } = (await started.json()) as { run_id: number };
    for (const path of ["/health", "/ready", "/metrics"]) figures[`${path} under load, sync running`] = await load(`${url}${path}`, path === "/metrics" ? 2000 : 5000, 1000);
    const t1 = performance.now();
    // The run is a poll: it ends once its changes are queued; the writer goes on until none is left.
    for (;;) {
      const run = ((await (await fetch(`${url}/admin/runs/${run_id}`, { headers: auth })).json()) as { run: { status: string } }).run;
      const pending = ((await (await fetch(`${url}/admin/status`, { headers: auth })).json()) as { freshness?: { pending: number } }).freshness?.pending ?? 0;
      if (run.status !== "running" && pending === 0) {
        figures["the sync during the load"] = `${run.status}, ${s.emulators.notion.stats.count("POST", "/v1/pages", 200)} pages created`;
        break;
      }
      if (performance.now() - t1 > 180_000) throw new Error("the sync did not finish in 3 min");
      await Bun.sleep(200);
    }
    figures["RSS after the sync"] = mb(rssOf(p.pid));
    // A later sync of the same process (its code warm, as in a service that has run for a while):
    // 300 devices go offline, and the poll plans and the writer writes them under the same load.
    s.emulators.shared.mutate({ seed: 303, devices_offline: 300 });
    const again = await fetch(`${url}/admin/sync`, { method: "POST", headers: auth });
    if (again.status !== 202) throw new Error(`admin sync: ${again.status}`);
    const writesBefore = s.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id", 200);
    figures["/health under load, a later sync running (300 devices offline)"] = await load(`${url}/health`, 5000, 1000);
    figures["the later sync's page updates during that load"] = s.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id", 200) - writesBefore;
    figures["status page (GET /status signed in, 200 in a row)"] = await statusPage(url, token);
    await Bun.sleep(60_000); // idle: no run, probes answered from memory
    figures["RSS after a further idle minute"] = mb(rssOf(p.pid));
    p.kill("SIGTERM");
    await p.exited;
  } finally {
    await s.close();
  }
  return {
    title: "The service: probes under load, cold start, memory, binary",
    what: "The compiled binary as `serve` (30 customers, Notion at 30/s) with a sync running; a separate load process on loopback sends GETs at ~1,000/s (5,000 each for /health and /ready, 2,000 for /metrics). Before the sync, the same /health load runs beside a flood of 3,000 unauthenticated /metrics scrapes, 100 at a time. The first sync is the process's first (its code runs cold); after it, 300 devices go offline and a later sync runs under the same /health load.",
    figures,
  };
}
