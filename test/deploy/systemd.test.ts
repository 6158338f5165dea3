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
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { SECRET_NAMES } from "../../src/config/secrets";
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

async function analyze(args: string[]) {
  const p = Bun.spawn([ANALYZE!, ...args], { stdout: "pipe", stderr: "pipe", env: { ...process.env, SYSTEMD_COLORS: "0", SYSTEMD_PAGER: "" } });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

describe("systemd unit", () => {
  test.skipIf(!ANALYZE)("systemd-analyze verify accepts the unit (ExecStart's binary replaced by a stub)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "oberaconnect-systemd-"));
    tmpDirs.push(dir);
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
    for (const name of SECRET_NAMES) {
      const file = env.get(`${name}_FILE`);
      expect({ name, file }).toEqual({ name, file: `%d/${name.toLowerCase()}` });
      const id = file!.slice(3);
      expect(creds.get(id)).toBe(`/etc/${one("ConfigurationDirectory")}/credentials/${id}`);
      expect(env.has(name)).toBe(false); // never the value itself
    }
    expect(creds.size).toBe(SECRET_NAMES.length);
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
    const script = readRepoFile("deploy/systemd/oberaconnect-sync-cli");
    const p = Bun.spawn(["sh", "-n", repoFile("deploy/systemd/oberaconnect-sync-cli")], { stderr: "pipe" });
    expect(await p.exited).toBe(0);
    const pairs = [...script.matchAll(/\b([A-Z_]+):([a-z_]+)\b/g)].map((m) => [m[1]!, m[2]!]);
    expect(Object.fromEntries(pairs)).toEqual(Object.fromEntries(SECRET_NAMES.map((n) => [n, n.toLowerCase()])));
    expect(script).toContain(`/run/credentials/${basename(UNIT)}`);
    expect(script).toContain(`OBERACONNECT_CONFIG:-${configPath}`);
  });
});
