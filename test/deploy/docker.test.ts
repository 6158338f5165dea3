/**
 * The Dockerfile and docker-compose.yml, checked against each other, against the config the image
 * ships and against the routes the service serves. `docker build` cannot run here (no engine),
 * so this reads the files: a small Dockerfile parser (instructions per stage, FROM chains
 * followed) and Bun.YAML for compose.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { OPTIONAL_SECRETS, SECRET_NAMES } from "../../src/config/secrets";

/** The secrets every deployment has; the optional ones are commented lines in the examples. */
const REQUIRED = SECRET_NAMES.filter((n) => !OPTIONAL_SECRETS.includes(n));
import {
  LOOPBACK,
  configFlag,
  copies,
  durationSeconds,
  effectiveInstructions,
  execForm,
  healthcheck,
  lastOf,
  parseDockerfile,
  probedUrl,
  readRepoFile,
  repoFile,
  shippedConfig,
  stageNamed,
  statusOfPaths,
  worstCaseStopSeconds,
  type Dockerfile,
  type Stage,
} from "./deploy-files";

const df: Dockerfile = parseDockerfile(readRepoFile("Dockerfile"));
const final: Stage = df.stages.at(-1)!;
const finalIns = effectiveInstructions(df, final);
const entrypoint = execForm(lastOf(finalIns, "ENTRYPOINT"));
const cmd = execForm(lastOf(finalIns, "CMD"));
const imageConfigPath = configFlag(cmd)!;
/** The repository file the final stage puts at the config path CMD names. */
const imageConfigSource = copies(finalIns).find((c) => c.dest === imageConfigPath)?.sources[0];
const imageConfig = shippedConfig(imageConfigSource ?? "missing-config-copy");

let routeStatus: Record<string, number> = {};
beforeAll(async () => {
  // The paths the image's HEALTHCHECK and compose's healthcheck call, asked of the real service.
  const compose = Bun.YAML.parse(readRepoFile("docker-compose.yml")) as { services: Record<string, { healthcheck: { test: string[] } }> };
  const paths = [healthcheck(lastOf(finalIns, "HEALTHCHECK")).command, ...Object.values(compose.services).map((s) => s.healthcheck.test)].map((c) => probedUrl(c).pathname);
  routeStatus = await statusOfPaths([...new Set(paths)]);
}, 30_000);

describe("Dockerfile", () => {
  test("multi-stage: a build stage running npm ci && npm run build, the runtime stage last (the default target)", () => {
    expect(df.stages.length).toBeGreaterThanOrEqual(2);
    const build = stageNamed(df, "build");
    const runs = build.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args).join("\n");
    expect(runs).toContain("npm ci");
    expect(runs).toContain("npm run build");
    expect(final.name).toBe("runtime");
    expect(final.from).not.toBe(build.name);
    // The runtime image is Debian (the binary is glibc, dynamically linked) with CA certificates.
    const runtimeBase = effectiveInstructions(df, final);
    expect(runtimeBase.some((i) => i.keyword === "RUN" && /ca-certificates/.test(i.args))).toBe(true);
    const root = df.stages.find((s) => s.name === final.from)!;
    // A tag, and when pinned, the digest that tag had ("debian:bookworm-20260918-slim@sha256:...").
    expect(root.from).toMatch(/^debian:bookworm-(\d{8}-)?slim(@sha256:[0-9a-f]{64})?$/);
  });

  test("the final stage runs as a fixed non-root uid", () => {
    const user = lastOf(finalIns, "USER")?.args;
    expect(user).toBeDefined();
    const [uid] = user!.split(":");
    expect(["root", "0"]).not.toContain(uid);
    expect(uid).toMatch(/^\d+$/); // numeric: Kubernetes runAsNonRoot can verify it
    // The ledger directory exists and belongs to that uid before VOLUME (a new volume inherits it).
    const volumeAt = finalIns.findIndex((i) => i.keyword === "VOLUME");
    const prepared = finalIns.slice(0, volumeAt).some((i) => i.keyword === "RUN" && i.args.includes(`-o ${uid}`) && i.args.includes(dirname(imageConfig.config.ledger.path)));
    expect(prepared).toBe(true);
  });

  test("ENTRYPOINT is the binary the build stage produced, copied to the same path", () => {
    const binary = entrypoint[0]!;
    const copied = copies(finalIns).find((c) => c.dest === binary);
    expect(copied).toBeDefined();
    expect(copied!.from).toBe("build");
    // The build stage's npm run build writes dist/oberaconnect-sync under its WORKDIR.
    const workdir = lastOf(stageNamed(df, "build").instructions, "WORKDIR")!.args;
    expect(copied!.sources).toEqual([`${workdir}/dist/oberaconnect-sync`]);
    expect(pkg.scripts.build).toContain("--outfile dist/oberaconnect-sync");
    expect(binary).toBe("/usr/local/bin/oberaconnect-sync");
  });

  test("CMD serves with the config the image ships, and that config is valid", () => {
    expect(cmd[0]).toBe("serve");
    expect(imageConfigSource).toBe("deploy/docker/config.json");
    // OBERACONNECT_CONFIG names the same file, so `docker exec ... oberaconnect-sync health --check` needs no --config.
    const env = finalIns.filter((i) => i.keyword === "ENV").map((i) => i.args).join("\n");
    expect(env).toContain(`OBERACONNECT_CONFIG=${imageConfigPath}`);
    // The container's own interface, where Docker forwards the published port; who reaches that
    // port is set by the publishing address (compose: the host's loopback, tested below).
    expect(imageConfig.config.server.host).toBe("0.0.0.0");
  });

  test("VOLUME is the ledger's directory in the shipped config", () => {
    const volume = lastOf(finalIns, "VOLUME")!.args;
    expect(volume).toBe(dirname(imageConfig.config.ledger.path));
    expect(imageConfig.config.log.file).toBeUndefined(); // logs go to stdout: docker logs
  });

  test("EXPOSE is the shipped config's server.port; STOPSIGNAL is SIGTERM", () => {
    expect(Number(lastOf(finalIns, "EXPOSE")!.args)).toBe(imageConfig.config.server.port);
    expect(lastOf(finalIns, "STOPSIGNAL")!.args).toBe("SIGTERM");
  });

  test("HEALTHCHECK probes /health on the service's port on loopback, and the service serves /health", () => {
    const hc = healthcheck(lastOf(finalIns, "HEALTHCHECK"));
    const url = probedUrl(hc.command);
    expect(url.pathname).toBe("/health");
    expect(LOOPBACK.has(url.hostname)).toBe(true);
    expect(Number(url.port)).toBe(imageConfig.config.server.port);
    // The probe is the image's own binary (`health --live`): the ENTRYPOINT's path, no curl needed.
    expect(hc.command[0]).toBe(JSON.parse(lastOf(finalIns, "ENTRYPOINT")!.args)[0]);
    expect(hc.command.slice(1, 3)).toEqual(["health", "--live"]);
    expect(durationSeconds(hc.options.timeout!)).toBeLessThan(durationSeconds(hc.options.interval!));
    expect(routeStatus["/health"]).toBe(200);
  });

  test("the fly target: LiteFS as entrypoint, litefs.yml and the Fly config in place", () => {
    const fly = stageNamed(df, "fly");
    const ins = effectiveInstructions(df, fly);
    expect(execForm(lastOf(ins, "ENTRYPOINT"))).toEqual(["litefs", "mount"]);
    const c = copies(ins);
    expect(c.find((x) => x.dest === "/usr/local/bin/litefs")?.from).toMatch(/^flyio\/litefs:0\.5/);
    expect(c.find((x) => x.dest === "/etc/litefs.yml")?.sources).toEqual(["litefs.yml"]);
    expect(c.find((x) => x.dest === "/etc/oberaconnect-sync/config.json")?.sources).toEqual(["deploy/fly/config.json"]);
    expect(c.find((x) => x.dest === entrypoint[0])?.from).toBe("build");
    expect(ins.some((i) => i.keyword === "RUN" && /\bfuse3\b/.test(i.args))).toBe(true);
  });

  test("every COPY source from the build context exists and is not excluded by .dockerignore", () => {
    const ignored = readRepoFile(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}(/|$)`);
    const sources = df.stages.flatMap((s) => copies(s.instructions).filter((c) => !c.from).flatMap((c) => c.sources));
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) {
      expect(existsSync(repoFile(src))).toBe(true);
      for (const pattern of ignored) expect({ src, excludedBy: glob(pattern).test(src) ? pattern : null }).toEqual({ src, excludedBy: null });
    }
    // What must never reach the build context (or a layer).
    for (const must of [".git", "node_modules", "dist", "secrets", "*.db", "config.secure.json", ".env"]) expect(ignored).toContain(must);
  });
});

describe("docker-compose.yml", () => {
  const compose = Bun.YAML.parse(readRepoFile("docker-compose.yml")) as {
    services: Record<string, Record<string, unknown>>;
    volumes: Record<string, unknown>;
    secrets: Record<string, { file?: string }>;
  };
  const [serviceName, svc] = Object.entries(compose.services)[0]! as [string, {
    build: { target: string };
    environment: Record<string, string>;
    secrets: string[];
    volumes: { type: string; source: string; target: string; read_only?: boolean }[];
    ports: string[];
    healthcheck: { test: string[]; interval: string; timeout: string };
    stop_grace_period: string;
    stop_signal?: string;
  }];

  test("one service, built from the Dockerfile's runtime target", () => {
    expect(Object.keys(compose.services)).toEqual([serviceName]);
    expect(svc.build.target).toBe(final.name!);
  });

  test("every secret is a Docker secret from a file, read through NAME_FILE=/run/secrets/<secret>", () => {
    const fileVars = Object.entries(svc.environment).filter(([k]) => k.endsWith("_FILE"));
    expect(fileVars.map(([k]) => k.replace(/_FILE$/, "")).sort()).toEqual([...REQUIRED].sort());
    for (const [name, path] of fileVars) {
      const m = /^\/run\/secrets\/([\w.-]+)$/.exec(path);
      expect({ name, path, ok: Boolean(m) }).toEqual({ name, path, ok: true });
      const secret = m![1]!;
      expect(svc.secrets).toContain(secret);
      expect(compose.secrets[secret]?.file).toMatch(/^\.\/secrets\//);
    }
    // No secret value in the environment itself.
    for (const name of SECRET_NAMES) expect(svc.environment[name]).toBeUndefined();
    expect(Object.keys(compose.secrets).sort()).toEqual([...svc.secrets].sort());
  });

  test("the ledger volume is mounted at the image's VOLUME; the config read-only at the path CMD uses", () => {
    const volume = lastOf(finalIns, "VOLUME")!.args;
    const ledger = svc.volumes.find((v) => v.target === volume);
    expect(ledger?.type).toBe("volume");
    expect(Object.keys(compose.volumes)).toContain(ledger!.source);
    const config = svc.volumes.find((v) => v.target === imageConfigPath);
    expect(config?.type).toBe("bind");
    expect(config?.read_only).toBe(true);
    // The default bind source is the config the image ships.
    expect(config!.source).toContain(imageConfigSource!);
  });

  test("port mapping reaches server.port, published on the host's loopback only; healthcheck probes /health there", () => {
    expect(svc.ports.some((p) => String(p).endsWith(`:${imageConfig.config.server.port}`))).toBe(true);
    // "HOST_IP:HOST_PORT:CONTAINER_PORT": without HOST_IP, Docker publishes on every interface.
    for (const p of svc.ports) expect(String(p)).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    const url = probedUrl(svc.healthcheck.test);
    expect(url.pathname).toBe("/health");
    expect(LOOPBACK.has(url.hostname)).toBe(true);
    expect(Number(url.port)).toBe(imageConfig.config.server.port);
    expect(["CMD", "CMD-SHELL"]).toContain(svc.healthcheck.test[0]!);
    expect(routeStatus[url.pathname]).toBe(200);
  });

  test("stop_grace_period exceeds the service's worst-case shutdown", () => {
    const grace = durationSeconds(svc.stop_grace_period);
    const worst = worstCaseStopSeconds(imageConfig.config.shutdown_timeout_seconds);
    console.log(`compose stop_grace_period ${grace} s; shutdown_timeout_seconds ${imageConfig.config.shutdown_timeout_seconds} s, worst case ${worst} s`);
    expect(grace).toBeGreaterThan(imageConfig.config.shutdown_timeout_seconds);
    expect(grace).toBeGreaterThan(worst);
    expect(svc.stop_signal ?? "SIGTERM").toBe("SIGTERM");
  });
});
