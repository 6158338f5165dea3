/**
 * deploy/systemd/oberaconnect-sync.service: `systemd-analyze verify` accepts it, `systemd-analyze
 * security --offline=true` rates its exposure at most MAX_EXPOSURE, and the paths, secrets and
 * timeouts agree with deploy/systemd/config.example.json and the service's own rules.
 *
 * verify checks that ExecStart's binary exists and is executable, and /usr/local/bin/oberaconnect-sync
 * is not installed here. So verify runs on a temporary copy of the unit in which only that path
 * is replaced by a stub script the test writes; every other line is the shipped one. The copy
 * keeps the unit's file name (verify derives the unit name, and with it %-specifiers, from it).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { OPTIONAL_SECRETS, SECRET_NAMES } from "../../src/config/secrets";

/** The secrets every deployment has; the optional ones are commented lines in the unit. */
const REQUIRED = SECRET_NAMES.filter((n) => !OPTIONAL_SECRETS.includes(n));
import { durationSeconds, readRepoFile, repoFile, shippedConfig, worstCaseStopSeconds } from "./deploy-files";

const UNIT = "deploy/systemd/oberaconnect-sync.service";
const BINARY = "/usr/local/bin/oberaconnect-sync";
/** Measured 1.1 ("OK") with Debian 12's systemd 252; a little headroom for other versions' weights. */
const MAX_EXPOSURE = 1.5;

const ANALYZE = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => existsSync(p)) ?? Bun.which("systemd-analyze");
const unitText = readRepoFile(UNIT);

/** [Section] → key → every value in order (systemd keys repeat: LoadCredential=, Environment=). */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!;
      out[section] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw new Error(`unit line without '=': ${line}`);
    ((out[section] ??= {})[line.slice(0, eq)] ??= []).push(line.slice(eq + 1));
  }
  return out;
}

const unit = parseUnit(unitText);
const svc = unit.Service!;
const one = (key: string) => {
  const v = svc[key];
  if (!v || v.length !== 1) throw new Error(`[Service] ${key}= expected once, got ${JSON.stringify(v)}`);
  return v[0]!;
};
const execStart = one("ExecStart").split(/\s+/);
const configPath = execStart[execStart.indexOf("--config") + 1]!;
const example = shippedConfig("deploy/systemd/config.example.json").config;

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "oberaconnect-systemd-"));
  tmpDirs.push(dir);
  return dir;
}

const CLI = "deploy/systemd/oberaconnect-sync-cli";
const cliText = readRepoFile(CLI);

/**
 * Stand-ins on PATH for running the wrapper here (no systemd as PID 1): `systemd-run` records its
 * argv, then runs the command after `--` the way `systemd-run --pipe --wait` does (a clean
 * environment plus the -E variables, stdin and stdout passed through, its exit status returned);
 * `id` answers the uid the test chooses; the binary echoes what it received.
 */
function fakes(uid: number): { dir: string; bin: string; log: string } {
  const dir = tmp();
  const log = join(dir, "systemd-run.argv");
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  };
  write(
    "systemd-run",
    `#!/bin/sh
printf '%s\\0' "$@" > "${log}"
n=0
while [ $# -gt 0 ]; do
  case $1 in
    --) shift; break ;;
    -E) n=$((n + 1)); eval "v_$n=\\$2"; shift 2 ;;
    -p) shift 2 ;;
    *) shift ;;
  esac
done
while [ "$n" -gt 0 ]; do eval "set -- \\"\\$v_$n\\" \\"\\$@\\""; n=$((n - 1)); done
exec env -i PATH="$PATH" "$@"
`,
  );
  write("id", `#!/bin/sh\n[ "$1" = "-u" ] && echo ${uid}\n`);
  write(
    "oberaconnect-sync",
    `#!/bin/sh
echo "stdin: $(cat)"
echo "args: $*"
env | sort
case "$*" in *exit:7*) exit 7 ;; esac
`,
  );
  return { dir, bin: join(dir, "oberaconnect-sync"), log };
}

interface SystemdRun {
  /** Options without a value (--pipe, --wait...). */
  flags: string[];
  unit: string | undefined;
  /** -p KEY=VALUE, every value per key in order. */
  props: Record<string, string[]>;
  /** -E NAME=VALUE. */
  env: Record<string, string>;
  /** What follows `--`. */
  command: string[];
}

function parseSystemdRun(argv: string[]): SystemdRun {
  const out: SystemdRun = { flags: [], unit: undefined, props: {}, env: {}, command: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.command = argv.slice(i + 1);
      break;
    }
    if (a === "-p" || a === "-E") {
      const v = argv[++i]!;
      const eq = v.indexOf("=");
      if (a === "-p") (out.props[v.slice(0, eq)] ??= []).push(v.slice(eq + 1));
      else out.env[v.slice(0, eq)] = v.slice(eq + 1);
    } else if (a.startsWith("--unit=")) out.unit = a.slice("--unit=".length);
    else out.flags.push(a);
  }
  return out;
}

/** Runs deploy/systemd/oberaconnect-sync-cli with the stand-ins first on PATH. */
async function runCli(args: string[], env: Record<string, string> = {}, stdin?: string, uid = 0) {
  const f = fakes(uid);
  const p = Bun.spawn(["sh", repoFile(CLI), ...args], {
    env: {
      PATH: `${f.dir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      OBERACONNECT_BIN: f.bin,
      // Nowhere: no credential file, unless the test gives a folder.
      OBERACONNECT_CREDENTIALS: join(f.dir, "no-credentials"),
      CALLER_SECRET: "must-not-reach-the-command",
      ...env,
    },
    stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  const recorded = existsSync(f.log) ? parseSystemdRun(readFileSync(f.log, "utf8").split("\0").slice(0, -1)) : undefined;
  return { code, stdout, stderr, bin: f.bin, systemdRun: recorded };
}

async function analyze(args: string[]) {
  const p = Bun.spawn([ANALYZE!, ...args], { stdout: "pipe", stderr: "pipe", env: { ...process.env, SYSTEMD_COLORS: "0", SYSTEMD_PAGER: "" } });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

describe("systemd unit", () => {
  test.skipIf(!ANALYZE)("systemd-analyze verify accepts the unit (ExecStart's binary replaced by a stub)", async () => {
    const dir = tmp();
    const stub = join(dir, "oberaconnect-sync");
    writeFileSync(stub, "#!/bin/sh\nexit 0\n");
    chmodSync(stub, 0o755);
    expect(unitText.split(`ExecStart=${BINARY} `).length).toBe(2);
    const copy = join(dir, basename(UNIT));
    writeFileSync(copy, unitText.replace(`ExecStart=${BINARY} `, `ExecStart=${stub} `));
    const r = await analyze(["verify", copy]);
    // verify exits 0 on unknown keys and bad values too, and only warns: any line about this unit fails.
    const aboutUnit = `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => l.includes(basename(UNIT)) || l.includes(dir));
    expect({ code: r.code, warnings: aboutUnit }).toEqual({ code: 0, warnings: [] });
  });

  test.skipIf(!ANALYZE)(`systemd-analyze security --offline=true: exposure at most ${MAX_EXPOSURE}`, async () => {
    const r = await analyze(["security", "--offline=true", "--no-pager", repoFile(UNIT)]);
    const m = /Overall exposure level for \S+: (\d+(?:\.\d+)?) (\S+)/.exec(`${r.stdout}${r.stderr}`);
    expect(m).not.toBeNull();
    const exposure = Number(m![1]);
    console.log(`systemd-analyze security --offline=true ${UNIT}: exposure ${exposure} ${m![2]} (max ${MAX_EXPOSURE})`);
    const open = r.stdout.split("\n").filter((l) => l.startsWith("✗")).map((l) => l.replace(/\s{2,}/g, " | ").trim());
    console.log(`  still open: ${open.length ? `\n    ${open.join("\n    ")}` : "nothing"}`);
    expect(exposure).toBeLessThanOrEqual(MAX_EXPOSURE);
  });

  if (!ANALYZE) console.log(`systemd tests skipped: systemd-analyze not found (looked in /usr/bin, /bin and PATH)`);

  test("ExecStart serves with the config in the ConfigurationDirectory; reload is SIGHUP", () => {
    expect(execStart.slice(0, 2)).toEqual([BINARY, "serve"]);
    expect(configPath).toBe(`/etc/${one("ConfigurationDirectory")}/config.json`);
    expect(one("ExecReload")).toBe("/bin/kill -HUP $MAINPID");
    expect(one("Restart")).toBe("on-failure");
    expect(one("Type")).toBe("exec");
  });

  test("the example config puts the ledger in the StateDirectory and the log in the LogsDirectory", () => {
    expect(dirname(example.ledger.path)).toBe(`/var/lib/${one("StateDirectory")}`);
    expect(example.log.file).toBeDefined();
    expect(dirname(example.log.file!)).toBe(`/var/log/${one("LogsDirectory")}`);
    expect(one("WorkingDirectory")).toBe(dirname(example.ledger.path));
  });

  test("TimeoutStopSec exceeds the service's worst-case shutdown", () => {
    const stop = durationSeconds(one("TimeoutStopSec"));
    const worst = worstCaseStopSeconds(example.shutdown_timeout_seconds);
    console.log(`TimeoutStopSec ${stop} s; shutdown_timeout_seconds ${example.shutdown_timeout_seconds} s, worst case ${worst} s`);
    expect(stop).toBeGreaterThan(example.shutdown_timeout_seconds);
    expect(stop).toBeGreaterThan(worst);
    expect(one("KillSignal")).toBe("SIGTERM");
  });

  test("every secret comes from a credential: LoadCredential=<id>:<file> and NAME_FILE=%d/<id>", () => {
    const creds = new Map(svc.LoadCredential!.map((v) => v.split(":") as [string, string]));
    const env = new Map(svc.Environment!.map((v) => v.split("=") as [string, string]));
    for (const name of REQUIRED) {
      const file = env.get(`${name}_FILE`);
      expect({ name, file }).toEqual({ name, file: `%d/${name.toLowerCase()}` });
      const id = file!.slice(3);
      expect(creds.get(id)).toBe(`/etc/${one("ConfigurationDirectory")}/credentials/${id}`);
      expect(env.has(name)).toBe(false); // never the value itself
    }
    expect(creds.size).toBe(REQUIRED.length);
    // The optional ones, as lines to uncomment.
    for (const name of OPTIONAL_SECRETS) expect(unitText).toContain(`#Environment=${name}_FILE=%d/${name.toLowerCase()}`);
  });

  test("hardening: the settings the service can live with are on; W^X stays off for Bun's JIT", () => {
    const expected: Record<string, string> = {
      DynamicUser: "yes",
      NoNewPrivileges: "yes",
      CapabilityBoundingSet: "",
      AmbientCapabilities: "",
      ProtectSystem: "strict",
      ProtectHome: "yes",
      PrivateTmp: "yes",
      PrivateDevices: "yes",
      ProtectKernelTunables: "yes",
      ProtectKernelModules: "yes",
      ProtectKernelLogs: "yes",
      ProtectControlGroups: "yes",
      ProtectClock: "yes",
      ProtectHostname: "yes",
      RestrictNamespaces: "yes",
      RestrictRealtime: "yes",
      RestrictSUIDSGID: "yes",
      LockPersonality: "yes",
      RemoveIPC: "yes",
      UMask: "0077",
      RestrictAddressFamilies: "AF_INET AF_INET6 AF_UNIX",
      SystemCallArchitectures: "native",
      SystemCallErrorNumber: "EPERM",
      MemoryDenyWriteExecute: "no",
    };
    for (const [key, value] of Object.entries(expected)) expect({ key, value: one(key) }).toEqual({ key, value });
    expect(svc.SystemCallFilter).toEqual(["@system-service", "~@privileged @resources"]);
    // The reason is written next to the setting, for whoever is tempted to turn it on.
    expect(unitText).toMatch(/MemoryDenyWriteExecute=yes is deliberately NOT set[\s\S]*JIT/);
    expect(unit.Install?.WantedBy).toEqual(["multi-user.target"]);
  });

  test("oberaconnect-sync-cli: valid sh, and it maps the same credential ids to the same variables", async () => {
    const p = Bun.spawn(["sh", "-n", repoFile(CLI)], { stderr: "pipe" });
    expect(await p.exited).toBe(0);
    const pairs = [...cliText.matchAll(/\b([A-Z_]+):([a-z_]+)\b/g)].map((m) => [m[1]!, m[2]!]);
    expect(Object.fromEntries(pairs)).toEqual(Object.fromEntries(SECRET_NAMES.map((n) => [n, n.toLowerCase()])));
    expect(cliText).toContain(`/run/credentials/${basename(UNIT)}`);
    expect(cliText).toContain(`OBERACONNECT_CONFIG:-${configPath}`);
  });
});

describe("oberaconnect-sync-cli: the command runs as the service's user, never as root", () => {
  test("systemd-run starts it as a transient unit with the unit's identity, directories and sandbox", async () => {
    const r = await runCli(["health", "--check", "--json"]);
    expect(r.code).toBe(0);
    const run = r.systemdRun!;
    expect(run.flags).toEqual(expect.arrayContaining(["--pipe", "--wait", "--collect", "--quiet"]));
    expect(run.command).toEqual([r.bin, "health", "--check", "--json"]);
    // Every [Service] setting that shapes the process (identity, directories, sandbox) is
    // passed with the unit's own value(s); only what concerns the long-running service is not.
    const serviceOnly = new Set(["Type", "ExecStart", "ExecReload", "Restart", "RestartSec", "KillSignal", "TimeoutStopSec", "RestartPreventExitStatus", "LoadCredential", "Environment"]);
    const mirrored = Object.keys(svc).filter((k) => !serviceOnly.has(k));
    expect(mirrored).toEqual(expect.arrayContaining(["DynamicUser", "User", "StateDirectory", "LogsDirectory", "WorkingDirectory", "ProtectSystem", "SystemCallFilter"]));
    for (const key of mirrored) expect({ key, values: run.props[key] }).toEqual({ key, values: svc[key] });
    expect(Object.keys(run.props).filter((k) => !svc[k] && !k.startsWith("LoadCredential"))).toEqual([]);
  });

  test("no file handling as root: no chown, chmod or find, and the state and log paths appear only as unit settings", () => {
    const code = cliText.split("\n").filter((l) => !l.trim().startsWith("#")).join("\n");
    expect(code).not.toMatch(/\b(chown|chmod|find|readlink|stat|install|cp|mv|rm)\b/);
    for (const dir of [`/var/lib/${one("StateDirectory")}`, `/var/log/${one("LogsDirectory")}`]) {
      const uses = code.split("\n").filter((l) => l.includes(dir));
      for (const line of uses) expect(line).toMatch(/-p (WorkingDirectory|StateDirectory|LogsDirectory)=/);
    }
  });

  test("secrets: the credential files found become LoadCredential(Encrypted)= and NAME_FILE in the unit's credentials directory", async () => {
    const creds = tmp();
    writeFileSync(join(creds, "notion_token"), "x");
    writeFileSync(join(creds, "admin_token.cred"), "x");
    writeFileSync(join(creds, "admin_token"), "x"); // the encrypted one wins
    const r = await runCli(["config"], { OBERACONNECT_CREDENTIALS: creds });
    expect(r.code).toBe(0);
    const run = r.systemdRun!;
    const unitName = run.unit;
    expect(unitName).toMatch(/^oberaconnect-sync-cli-\d+$/);
    expect(run.props.LoadCredential).toEqual([`notion_token:${creds}/notion_token`]);
    expect(run.props.LoadCredentialEncrypted).toEqual([`admin_token:${creds}/admin_token.cred`]);
    expect(run.env).toEqual({
      NOTION_TOKEN_FILE: `/run/credentials/${unitName}.service/notion_token`,
      ADMIN_TOKEN_FILE: `/run/credentials/${unitName}.service/admin_token`,
      OBERACONNECT_CONFIG: configPath,
    });
    // What the command sees: those variables only, not the caller's environment.
    expect(r.stdout).toContain(`OBERACONNECT_CONFIG=${configPath}`);
    expect(r.stdout).toContain(`ADMIN_TOKEN_FILE=/run/credentials/${unitName}.service/admin_token`);
    expect(r.stdout).not.toContain("CALLER_SECRET");
  });

  test("stdin and stdout pass through; the command's exit status is the wrapper's; LOG_LEVEL is passed on", async () => {
    const r = await runCli(["sync", "--retry-failed", "exit:7"], { LOG_LEVEL: "debug" }, "piped input\n");
    expect(r.code).toBe(7);
    expect(r.stdout).toContain("stdin: piped input");
    expect(r.stdout).toContain("args: sync --retry-failed exit:7");
    expect(r.stdout).toContain("LOG_LEVEL=debug");
  });

  test("arguments with spaces and quotes reach the command unchanged", async () => {
    const r = await runCli(["match", "--json", "a b", "it's"]);
    expect(r.systemdRun!.command.slice(1)).toEqual(["match", "--json", "a b", "it's"]);
  });

  test("refuses to run for a non-root caller, without calling systemd-run", async () => {
    const r = await runCli(["health", "--check"], {}, undefined, 1000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("run as root");
    expect(r.systemdRun).toBeUndefined();
  });

  test.skipIf(!ANALYZE)("the transient unit's settings, written as a unit file, pass systemd-analyze verify and security", async () => {
    const r = await runCli(["health", "--check"]);
    const dir = tmp();
    const stub = join(dir, "oberaconnect-sync");
    writeFileSync(stub, "#!/bin/sh\nexit 0\n");
    chmodSync(stub, 0o755);
    const lines = Object.entries(r.systemdRun!.props).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`));
    const file = join(dir, "oberaconnect-sync-cli-test.service");
    writeFileSync(file, `[Service]\nType=exec\nExecStart=${stub}\n${lines.join("\n")}\n`);
    const v = await analyze(["verify", file]);
    const aboutUnit = `${v.stdout}\n${v.stderr}`.split("\n").filter((l) => l.includes(basename(file)) || l.includes(dir));
    expect({ code: v.code, warnings: aboutUnit }).toEqual({ code: 0, warnings: [] });
    const s = await analyze(["security", "--offline=true", "--no-pager", file]);
    const m = /Overall exposure level for \S+: (\d+(?:\.\d+)?)/.exec(`${s.stdout}${s.stderr}`);
    expect(m).not.toBeNull();
    console.log(`systemd-analyze security --offline=true (oberaconnect-sync-cli's transient unit): exposure ${m![1]}`);
    expect(Number(m![1])).toBeLessThanOrEqual(MAX_EXPOSURE);
  });
});
