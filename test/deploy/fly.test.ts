/**
 * fly.toml + litefs.yml + the Dockerfile's fly target + deploy/fly/config.json: the ports, paths
 * and commands one file names must be the ones the others provide, nothing is published on Fly's
 * edge, and the service runs without root. Parsed with Bun.TOML and Bun.YAML; litefs.yml is also
 * expanded the way LiteFS expands it (${A == B}) to check the lease.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { basename, dirname } from "node:path";
import {
  LOOPBACK,
  addrHost,
  addrPort,
  configFlag,
  copies,
  durationSeconds,
  effectiveInstructions,
  execForm,
  lastOf,
  litefsExpandEnv,
  parseDockerfile,
  readRepoFile,
  shippedConfig,
  stageNamed,
  statusOfPaths,
  worstCaseStopSeconds,
} from "./deploy-files";

interface FlyToml {
  app: string;
  primary_region: string;
  kill_signal?: string;
  kill_timeout: string | number;
  build: { dockerfile: string; "build-target": string };
  env: Record<string, string>;
  mounts: { source: string; destination: string }[];
  http_service?: unknown;
  services?: unknown;
  checks?: Record<string, { type: string; port: number; path: string }>;
  metrics?: unknown;
}

interface LitefsYml {
  fuse: { dir: string; "allow-other"?: boolean };
  data: { dir: string };
  proxy: { addr: string; target: string; db: string; passthrough?: string[] };
  lease: { type: string; candidate: string | boolean; promote?: boolean; "advertise-url": string; consul: { url: string; key: string } };
  exec: { cmd: string; "if-candidate"?: boolean }[];
}

const flyText = readRepoFile("fly.toml");
const fly = Bun.TOML.parse(flyText) as unknown as FlyToml;
const litefsText = readRepoFile("litefs.yml");
const litefs = Bun.YAML.parse(litefsText) as LitefsYml;
const df = parseDockerfile(readRepoFile(fly.build.dockerfile));
const flyStage = stageNamed(df, fly.build["build-target"]);
const flyIns = effectiveInstructions(df, flyStage);

/** How every exec command drops root before the binary starts (litefs.yml exec). */
const SETPRIV = ["setpriv", "--reuid=10001", "--regid=10001", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"];
/** An exec command's argv after the setpriv prefix (the prefix has its own test). */
function unwrapped(cmd: string): string[] {
  const argv = cmd.split(/\s+/);
  return argv.slice(0, SETPRIV.length).join(" ") === SETPRIV.join(" ") ? argv.slice(SETPRIV.length) : argv;
}

const serveCmd = unwrapped(litefs.exec.at(-1)!.cmd);
const flyConfigPath = configFlag(serveCmd)!;
const flyConfigSource = copies(flyIns).find((c) => c.dest === flyConfigPath)?.sources[0];
const flyConfig = shippedConfig(flyConfigSource ?? "missing-config-copy").config;
const proxyPort = addrPort(litefs.proxy.addr);

/** LiteFS's passthrough patterns: `*` matches anything, the rest literally, the whole path (http.CompileMatch). */
function litefsMatch(pattern: string): RegExp {
  const literal = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${pattern.split("*").map(literal).join(".*")}$`);
}
const passthrough = litefs.proxy.passthrough ?? [];
const passesThrough = (path: string) => passthrough.some((p) => litefsMatch(p).test(path));

/** Every path a Fly or LiteFS setting sends requests to (patterns aside). */
const probedPaths = [...new Set([...Object.values(fly.checks ?? {}).map((c) => c.path), ...passthrough.filter((p) => !p.includes("*"))])];
let routeStatus: Record<string, number> = {};
beforeAll(async () => {
  routeStatus = await statusOfPaths([...probedPaths, "/admin/status", "/no-such-route"]);
}, 30_000);

describe("fly.toml + litefs.yml", () => {
  test("nothing on Fly's edge: no [http_service], no [[services]], no Fly-scraped [metrics]", () => {
    // Without a service, `fly deploy` allocates no public IP and Fly's proxy routes nothing here.
    expect(fly.http_service).toBeUndefined();
    expect(fly.services).toBeUndefined();
    expect(flyText).not.toMatch(/^\s*\[\[?(http_service|services)\b/m);
    // Fly's hosted Prometheus cannot send the admin token, which /metrics requires on Fly.
    expect(fly.metrics).toBeUndefined();
    expect(flyConfig.metrics.require_token).toBe(true);
  });

  test("the LiteFS proxy listens on the machine's interfaces (checks, fly proxy); the service on loopback behind it", () => {
    // ":8081" binds every interface of the machine: Fly's checks and the private network reach it.
    expect(addrHost(litefs.proxy.addr)).toBe("");
    expect(addrPort(litefs.proxy.target)).toBe(flyConfig.server.port);
    expect(LOOPBACK.has(addrHost(litefs.proxy.target))).toBe(true);
    // The service listens on loopback only: nothing reaches it except through the proxy.
    expect(flyConfig.server.host).toBe("127.0.0.1");
    expect(flyConfig.server.port).not.toBe(proxyPort);
  });

  test("every route passes the proxy through: a replica answers admin writes itself (409 not_primary), not with the proxy's empty 200", () => {
    for (const path of ["/health", "/ready", "/metrics", "/admin/status", "/admin/sync", "/admin/scheduler/pause"]) {
      expect({ path, passesThrough: passesThrough(path) }).toEqual({ path, passesThrough: true });
    }
    expect(passesThrough("/administrator")).toBe(false); // a path prefix, not a string prefix
  });

  test("checks: /health and /ready, top-level (there is no service to route), through the proxy, on routes the service serves", () => {
    const checks = Object.values(fly.checks ?? {});
    expect(checks.map((c) => c.path).sort()).toEqual(["/health", "/ready"]);
    for (const c of checks) {
      expect(c.type).toBe("http");
      expect(c.port).toBe(proxyPort); // the service itself listens on loopback, unreachable for Fly
      expect(passesThrough(c.path)).toBe(true);
    }
    // Each path is a route of the service: /ready answers 200 or 503 by state, the others 200.
    expect(routeStatus["/no-such-route"]).toBe(404);
    for (const path of probedPaths) {
      const status = routeStatus[path];
      expect({ path, status }).toEqual({ path, status: path === "/ready" && status === 503 ? 503 : 200 });
    }
    // An admin route exists behind the /admin/* pattern (refused here: no token).
    expect([401, 503]).toContain(routeStatus["/admin/status"]!);
  });

  test("LITEFS_DIR is fuse.dir; the ledger lives in it under the file name the proxy tracks", () => {
    expect(fly.env.LITEFS_DIR).toBe(litefs.fuse.dir);
    expect(dirname(flyConfig.ledger.path)).toBe(litefs.fuse.dir);
    expect(basename(flyConfig.ledger.path)).toBe(litefs.proxy.db);
    expect(flyConfig.log.file).toBeUndefined(); // nothing else is written: logs go to stdout (fly logs)
  });

  test("the volume holds LiteFS's data dir, which is outside the FUSE dir", () => {
    expect(fly.mounts.map((m) => m.destination)).toEqual([litefs.data.dir]);
    expect(litefs.data.dir.startsWith(`${litefs.fuse.dir}/`)).toBe(false);
  });

  test("kill_timeout exceeds the service's worst-case shutdown (and Fly's 300 s ceiling is respected); SIGTERM", () => {
    const kill = durationSeconds(fly.kill_timeout);
    const worst = worstCaseStopSeconds(flyConfig.shutdown_timeout_seconds);
    console.log(`fly kill_timeout ${kill} s; shutdown_timeout_seconds ${flyConfig.shutdown_timeout_seconds} s, worst case ${worst} s`);
    expect(kill).toBeGreaterThan(flyConfig.shutdown_timeout_seconds);
    expect(kill).toBeGreaterThan(worst);
    expect(kill).toBeLessThanOrEqual(300);
    // Fly's default is SIGINT; the service handles both, LiteFS forwards both.
    expect(fly.kill_signal).toBe("SIGTERM");
  });

  test("LiteFS execs the binary's serve (last, long-running) with the config the fly image ships; migrate first on candidates", () => {
    const binary = copies(flyIns).find((c) => c.from === "build")!.dest;
    expect(serveCmd[0]).toBe(binary);
    expect(serveCmd[1]).toBe("serve");
    expect(flyConfigSource).toBe("deploy/fly/config.json");
    const [migrate, ...rest] = litefs.exec;
    expect(rest).toHaveLength(1);
    expect(unwrapped(migrate!.cmd).slice(0, 2)).toEqual([binary, "migrate"]);
    expect(configFlag(unwrapped(migrate!.cmd))).toBe(flyConfigPath);
    expect(migrate!["if-candidate"]).toBe(true);
    expect(litefs.exec.at(-1)!["if-candidate"]).toBeUndefined();
    // The fly target's entrypoint is LiteFS, which reads /etc/litefs.yml.
    expect(execForm(lastOf(flyIns, "ENTRYPOINT"))).toEqual(["litefs", "mount"]);
    expect(copies(flyIns).find((c) => c.dest === "/etc/litefs.yml")?.sources).toEqual(["litefs.yml"]);
  });

  test("the service runs as the image's non-root user: LiteFS (root, for FUSE) execs it through setpriv, and the mount lets it in", () => {
    for (const e of litefs.exec) expect(e.cmd.split(/\s+/).slice(0, SETPRIV.length)).toEqual(SETPRIV);
    // The uid/gid are the ones the image creates (and the runtime image runs as).
    const created = flyIns
      .filter((i) => i.keyword === "RUN")
      .map((i) => /useradd .*--uid (\d+) --gid (\d+)/.exec(i.args))
      .find((m) => m !== null);
    expect(created).toBeDefined();
    expect(created![1]).not.toBe("0");
    expect(SETPRIV).toContain(`--reuid=${created![1]}`);
    expect(SETPRIV).toContain(`--regid=${created![2]}`);
    // LiteFS mounts as root; without allow-other no other user may open /litefs.
    expect(litefs.fuse["allow-other"]).toBe(true);
    // LiteFS itself stays root: the fly target sets no USER.
    expect(lastOf(flyIns, "USER")).toBeUndefined();
  });

  test("lease: Consul, machines in the primary region are candidates (as LiteFS evaluates the file)", () => {
    const env = { FLY_REGION: "iad", PRIMARY_REGION: "iad", HOSTNAME: "e286", FLY_APP_NAME: "app", FLY_CONSUL_URL: "https://consul.example/x" };
    const primary = Bun.YAML.parse(litefsExpandEnv(litefsText, env)) as LitefsYml;
    const replica = Bun.YAML.parse(litefsExpandEnv(litefsText, { ...env, FLY_REGION: "fra" })) as LitefsYml;
    expect(primary.lease.type).toBe("consul");
    expect(primary.lease.candidate).toBe(true);
    expect(replica.lease.candidate).toBe(false);
    expect(primary.lease.consul.url).toBe(env.FLY_CONSUL_URL);
    expect(primary.lease.consul.key).toBe("litefs/app");
    expect(primary.lease["advertise-url"]).toBe("http://e286.vm.app.internal:20202");
    expect(primary.proxy.addr).toBe(litefs.proxy.addr); // nothing else depends on the environment
  });

  test("the app name is still the placeholder; with no service, Fly's proxy never auto-stops a machine (the scheduler lives in the service)", () => {
    expect(fly.app).toMatch(/CHANGE-ME/);
    expect(fly.http_service).toBeUndefined();
  });
});
