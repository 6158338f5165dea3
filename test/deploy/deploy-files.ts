/**
 * Readers for the deployment files (Dockerfile, compose, fly.toml, litefs.yml, systemd unit) and
 * the facts the deploy tests compare across them. Small on purpose: each parser handles what
 * these files use and fails loudly on anything else.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type LoadedConfig } from "../../src/config/load";
import { REPO, spawnCli } from "../helpers/spawn";
import { writeJson } from "../helpers/temp";

export { REPO };
export const repoFile = (path: string) => join(REPO, path);
export const readRepoFile = (path: string) => readFileSync(repoFile(path), "utf8");

/** A shipped config, validated exactly as the service does (`--config FILE`), no secrets. */
export function shippedConfig(path: string): LoadedConfig {
  return loadConfig({ path: repoFile(path), env: {}, cwd: REPO });
}

/**
 * How long the service may take from SIGTERM to exit, at worst: `serve` registers the scheduler,
 * sync and server steps each bounded by shutdown_timeout_seconds, then "telemetry and ledger"
 * bounded by 8 s (src/cli/commands/serve.ts). A platform's kill timeout must exceed this.
 */
export function worstCaseStopSeconds(shutdownTimeoutSeconds: number): number {
  return 3 * shutdownTimeoutSeconds + 8;
}

/** "90s", "1m30s", "2min", 90 (seconds) → seconds. */
export function durationSeconds(value: string | number): number {
  if (typeof value === "number") return value;
  const units: Record<string, number> = { ms: 0.001, s: 1, sec: 1, m: 60, min: 60, h: 3600 };
  let total = 0;
  let rest = value.trim();
  if (/^\d+(\.\d+)?$/.test(rest)) return Number(rest);
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h)/.exec(rest);
    if (!m) throw new Error(`not a duration: ${value}`);
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length).trim();
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile

export interface Instruction {
  keyword: string;
  /** The text after the keyword, continuation lines joined. */
  args: string;
  line: number;
}

export interface Stage {
  index: number;
  name: string | undefined;
  /** The FROM image or stage name, ARGs substituted. */
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const start = i + 1;
    // Continuation lines; comment lines inside a continued instruction are dropped, as docker does.
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, " ");
      i++;
      while (i < lines.length - 1 && /^\s*#/.test(lines[i]!)) i++;
      line += lines[i]!;
    }
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile line ${start}: cannot parse "${line}"`);
    instructions.push({ keyword: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start });
  }
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      const words = ins.args.split(/\s+/).filter((w) => !w.startsWith("--platform"));
      const from = words[0]!.replace(/\$\{?(\w+)\}?/g, (_, v: string) => globalArgs[v] ?? "");
      const name = words[1]?.toUpperCase() === "AS" ? words[2] : undefined;
      stages.push({ index: stages.length, name, from, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== "ARG") throw new Error(`Dockerfile line ${ins.line}: ${ins.keyword} before the first FROM`);
      const [k, v = ""] = ins.args.split("=");
      globalArgs[k!] = v;
    } else {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

export function stageNamed(df: Dockerfile, name: string): Stage {
  const s = df.stages.find((st) => st.name === name);
  if (!s) throw new Error(`no stage named ${name}`);
  return s;
}

/** The stage's instructions after those of the stages it is built FROM (ENV, USER, files... carry over). */
export function effectiveInstructions(df: Dockerfile, stage: Stage): Instruction[] {
  const parent = df.stages.find((s) => s.name !== undefined && s.name === stage.from && s.index < stage.index);
  return [...(parent ? effectiveInstructions(df, parent) : []), ...stage.instructions];
}

export function lastOf(instructions: Instruction[], keyword: string): Instruction | undefined {
  return instructions.filter((i) => i.keyword === keyword).at(-1);
}

/** ENTRYPOINT/CMD in exec (JSON) form; the shell form is rejected (no signal forwarding). */
export function execForm(ins: Instruction | undefined): string[] {
  if (!ins) throw new Error("instruction missing");
  const parsed = JSON.parse(ins.args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === "string")) throw new Error(`line ${ins.line}: not exec form`);
  return parsed as string[];
}

export interface Copy {
  from: string | undefined;
  sources: string[];
  dest: string;
}

export function copies(instructions: Instruction[]): Copy[] {
  return instructions
    .filter((i) => i.keyword === "COPY" || i.keyword === "ADD")
    .map((i) => {
      const words = i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith("--"));
      const paths = words.filter((w) => !w.startsWith("--"));
      const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
      return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
    });
}

/** HEALTHCHECK's options and command (exec or shell form). */
export function healthcheck(ins: Instruction | undefined): { options: Record<string, string>; command: string[] } {
  if (!ins) throw new Error("HEALTHCHECK missing");
  const m = /^((?:--[\w-]+=\S+\s+)*)CMD\s+(.*)$/s.exec(ins.args);
  if (!m) throw new Error(`HEALTHCHECK line ${ins.line}: expected [options] CMD ...`);
  const options = Object.fromEntries(
    [...m[1]!.matchAll(/--([\w-]+)=(\S+)/g)].map((o) => [o[1]!, o[2]!]),
  );
  const cmd = m[2]!.trim();
  return { options, command: cmd.startsWith("[") ? (JSON.parse(cmd) as string[]) : ["/bin/sh", "-c", cmd] };
}

/** The http(s) URL a probe command calls. */
export function probedUrl(command: string[]): URL {
  const found = command.join(" ").match(/https?:\/\/[^\s"']+/);
  if (!found) throw new Error(`no URL in probe command: ${command.join(" ")}`);
  // `oberaconnect-sync health --live --url BASE` asks BASE/health.
  if (command.includes("health") && command.includes("--live")) return new URL(`${found[0].replace(/\/+$/, "")}/health`);
  return new URL(found[0]);
}

export const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** `--config FILE` from an argv. */
export function configFlag(argv: string[]): string | undefined {
  const i = argv.indexOf("--config");
  return i >= 0 ? argv[i + 1] : undefined;
}

// ---------------------------------------------------------------------------------------------
// LiteFS

/**
 * LiteFS's own expansion of litefs.yml before YAML parsing (cmd/litefs/config.go ExpandEnv):
 * ${VAR}, $VAR, and ${A == B} / ${A != B} / ${A == "x"} evaluated to true/false.
 */
export function litefsExpandEnv(text: string, env: Record<string, string>): string {
  const get = (k: string) => env[k] ?? "";
  const expr = (v: string): string => {
    v = v.trim();
    let m = /^(\w+)\s*(==|!=)\s*'(.*)'$/.exec(v) ?? /^(\w+)\s*(==|!=)\s*"(.*)"$/.exec(v);
    if (m) return String((get(m[1]!) === m[3]) === (m[2] === "=="));
    m = /^(\w+)\s*(==|!=)\s*(\w+)$/.exec(v);
    if (m) return String((get(m[1]!) === get(m[3]!)) === (m[2] === "=="));
    return get(v);
  };
  return text.replace(/\$\{([^}]*)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => expr(braced ?? bare!));
}

/** Port of a Go listen address (":8081", "127.0.0.1:8080", "localhost:8080"). */
export function addrPort(addr: string): number {
  const m = /:(\d+)$/.exec(addr);
  if (!m) throw new Error(`no port in ${addr}`);
  return Number(m[1]);
}

export function addrHost(addr: string): string {
  return addr.replace(/:(\d+)$/, "");
}

// ---------------------------------------------------------------------------------------------
// The routes the service really serves

/**
 * Starts `serve` from the source tree on a free port (no secrets, sources disabled) and answers
 * each path's HTTP status, so a probe path in a deploy file is checked against the routes the
 * binary has rather than against a list in the test.
 */
export async function statusOfPaths(paths: string[]): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-deploy-"));
  const config = writeJson(join(dir, "config.json"), {
    ledger: { path: "ledger.db" },
    unifi: { enabled: false },
    ninjaone: { enabled: false },
    scheduler: { enabled: false },
    log: { level: "info" },
  });
  const p = spawnCli(["serve", "--config", config, "--port", "0", "--host", "127.0.0.1"]);
  try {
    const line = await p.waitFor(/"msg":"listening on /, 20_000);
    const url = JSON.parse(line).url as string;
    const out: Record<string, number> = {};
    for (const path of paths) out[path] = (await fetch(`${url}${path}`)).status;
    return out;
  } finally {
    p.proc.kill("SIGTERM");
    await p.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
