/**
 * fly.toml + litefs.yml + the Dockerfile's fly target + deploy/fly/config.json: the ports, paths
 * and commands one file names must be the ones the others provide. Parsed with Bun.TOML and
 * Bun.YAML; litefs.yml is also expanded the way LiteFS expands it (${A == B}) to check the lease.
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
  http_service: {
    internal_port: number;
    auto_stop_machines: string | boolean;
    min_machines_running: number;
    checks: { path: string; method?: string }[];
  };
  checks?: Record<string, { type: string; port: number; path: string }>;
  metrics?: { port: number; path: string };
}

interface LitefsYml {
  fuse: { dir: string };
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

const serveCmd = litefs.exec.at(-1)!.cmd.split(/\s+/);
const flyConfigPath = configFlag(serveCmd)!;
const flyConfigSource = copies(flyIns).find((c) => c.dest === flyConfigPath)?.sources[0];
const flyConfig = shippedConfig(flyConfigSource ?? "missing-config-copy").config;
const proxyPort = addrPort(litefs.proxy.addr);

/** Every path a Fly or LiteFS setting sends requests to. */
const probedPaths = [
  ...new Set([
    ...fly.http_service.checks.map((c) => c.path),
    ...Object.values(fly.checks ?? {}).map((c) => c.path),
    ...(litefs.proxy.passthrough ?? []),
    ...(fly.metrics ? [fly.metrics.path] : []),
  ]),
];
let routeStatus: Record<string, number> = {};
beforeAll(async () => {
  routeStatus = await statusOfPaths([...probedPaths, "/no-such-route"]);
}, 30_000);

describe("fly.toml + litefs.yml", () => {
  test("http_service.internal_port is the LiteFS proxy's port (writes reach the primary through it)", () => {
    expect(fly.http_service.internal_port).toBe(proxyPort);
    // ":8081" binds every interface: Fly's proxy and health checks come from outside the machine.
    expect(addrHost(litefs.proxy.addr)).toBe("");
  });

  test("the proxy's target is the port and host the Fly config makes the service listen on", () => {
    expect(addrPort(litefs.proxy.target)).toBe(flyConfig.server.port);
    const targetHost = addrHost(litefs.proxy.target);
    expect(LOOPBACK.has(targetHost)).toBe(true);
    // The service listens on loopback only: nothing reaches it except through the proxy.
    expect(flyConfig.server.host).toBe("127.0.0.1");
    expect(flyConfig.server.port).not.toBe(proxyPort);
  });

  test("checks probe /health (routing) and /ready (deploys, fly checks list) through the proxy, routes the service serves", () => {
    const routing = fly.http_service.checks.map((c) => c.path);
    expect(routing).toEqual(["/health"]);
    const machine = Object.values(fly.checks ?? {});
    expect(machine.map((c) => c.path)).toEqual(["/ready"]);
    for (const c of machine) {
      expect(c.type).toBe("http");
      expect(c.port).toBe(proxyPort); // the service itself listens on loopback, unreachable for Fly
    }
    // The probes skip the proxy's replica-consistency logic.
    for (const p of [...routing, ...machine.map((c) => c.path)]) expect(litefs.proxy.passthrough).toContain(p);
    expect(fly.metrics).toEqual({ port: proxyPort, path: "/metrics" });
    // Each path is a route of the service: /ready answers 200 or 503 by state, the others 200.
    expect(routeStatus["/no-such-route"]).toBe(404);
    for (const path of probedPaths) {
      const status = routeStatus[path];
      expect({ path, status }).toEqual({ path, status: path === "/ready" && status === 503 ? 503 : 200 });
    }
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
    expect(migrate!.cmd.split(/\s+/).slice(0, 2)).toEqual([binary, "migrate"]);
    expect(configFlag(migrate!.cmd.split(/\s+/))).toBe(flyConfigPath);
    expect(migrate!["if-candidate"]).toBe(true);
    expect(litefs.exec.at(-1)!["if-candidate"]).toBeUndefined();
    // The fly target's entrypoint is LiteFS, which reads /etc/litefs.yml.
    expect(execForm(lastOf(flyIns, "ENTRYPOINT"))).toEqual(["litefs", "mount"]);
    expect(copies(flyIns).find((c) => c.dest === "/etc/litefs.yml")?.sources).toEqual(["litefs.yml"]);
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

  test("machines never stop on idle (the scheduler lives in the service); one always runs", () => {
    expect(["off", false]).toContain(fly.http_service.auto_stop_machines);
    expect(fly.http_service.min_machines_running).toBeGreaterThanOrEqual(1);
    expect(fly.app).toMatch(/CHANGE-ME/);
  });
});
