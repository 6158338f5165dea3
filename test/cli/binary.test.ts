import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { REPO, runCliProcess, spawnCli } from "../helpers/spawn";
import { useTempDir, writeJson } from "../helpers/temp";
import { startEmulators } from "@oberaconnect/emulators";
import { waitReady } from "../helpers/http";

const tmp = useTempDir();
let binary = "";

// Builds with the exact `npm run build` command, only into a temp folder.
beforeAll(async () => {
  binary = join(mkdtempSync(join(tmpdir(), "oberaconnect-bin-")), "oberaconnect-sync");
  // The source map is embedded in the binary; the build drops the separate .map file.
  const command = pkg.scripts.build.replaceAll("dist/oberaconnect-sync", binary);
  const build = Bun.spawn(["sh", "-c", command], {
    cwd: REPO,
    env: { ...process.env, PATH: `${join(REPO, "node_modules/.bin")}:${process.env.PATH}` },
    stdout: "pipe",
    stderr: "pipe",
  });
  if ((await build.exited) !== 0) throw new Error(`build failed: ${await new Response(build.stderr).text()}`);
}, 120_000);

describe("compiled binary", () => {
  test("--version works from /", async () => {
    const r = await runCliProcess(["--version"], { cmd: [binary], cwd: "/" });
    expect(r.code).toBe(0);
    // The version and the commit compiled in by scripts/build.ts.
    expect(r.stdout.trim()).toMatch(new RegExp(`^${pkg.version.replaceAll(".", "\\.")} \\(([0-9a-f]{7,40}|unknown)\\)$`));
  });

  test("serve --config on a fresh ledger migrates (embedded migrations) and serves; second start is a no-op", async () => {
    const dir = tmp();
    const emulators = await startEmulators({ customers: 2 });
    try {
      const c = emulators.credentials;
      const env = { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret };
      const config = writeJson(join(dir, "config.json"), {
        ledger: { path: "ledger.db" },
        server: { port: 0, host: "127.0.0.1" },
        notion: { base_url: emulators.notion.url },
        unifi: { base_url: emulators.unifi.url },
        ninjaone: { base_url: emulators.ninjaone.url },
      });
      for (const expected of [/ledger migrated: [1-9]\d* migration/, /ledger up to date/]) {
        const p = spawnCli(["serve", "--config", config], { cmd: [binary], cwd: "/", env });
        const line = await p.waitFor(/"msg":"listening on /);
        expect(p.lines.some((l) => expected.test(l))).toBe(true);
        const ready = await waitReady(JSON.parse(line).url);
        const body = ready.body as { components: Record<string, { healthy: boolean }> };
        expect(ready.status).toBe(200);
        for (const name of ["ledger", "notion_api", "unifi_api", "ninjaone_api"]) expect(body.components[name]!.healthy).toBe(true);
        // /health comes from the front thread, a second bundle inside the binary.
        const health = await fetch(`${JSON.parse(line).url}/health`);
        expect(health.status).toBe(200);
        expect(((await health.json()) as { status: string }).status).toBe("ok");
        p.proc.kill("SIGTERM");
        expect(await p.exited).toBe(0);
      }
    } finally {
      await emulators.stop();
    }
  });
});

describe("the binary alone in an empty directory", () => {
  test("runs demo --fast, then serve, sync and health against the emulators, with nothing beside it", async () => {
    const dir = tmp();
    const alone = join(dir, "oberaconnect-sync");
    await Bun.write(alone, Bun.file(binary));
    chmodSync(alone, 0o755);
    expect(readdirSync(dir)).toEqual(["oberaconnect-sync"]);

    // demo: emulators, setup, first sync, service; stopped by SIGTERM.
    const demo = spawnCli(["demo", "--fast", "--customers", "1", "--port", "0"], { cmd: [alone], cwd: dir });
    const service = (await demo.waitFor(/^Service: /, 60_000)).split(/\s+/)[1]!;
    expect(demo.lines.some((l) => l.startsWith("Sync succeeded"))).toBe(true);
    expect((await waitReady(service, 10_000)).status).toBe(200);
    demo.proc.kill("SIGTERM");
    expect(await demo.exited).toBe(0);

    const emulators = await startEmulators({ customers: 1 });
    try {
      const c = emulators.credentials;
      const env = { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret };
      writeJson(join(dir, "config.json"), {
        ledger: { path: "ledger.db" },
        server: { port: 0, host: "127.0.0.1" },
        scheduler: { enabled: false },
        notion: { base_url: emulators.notion.url, parent_page_id: emulators.notion.store.rootPageId },
        unifi: { base_url: emulators.unifi.url },
        ninjaone: { base_url: emulators.ninjaone.url },
      });
      const run = (args: string[]) => runCliProcess([...args, "--config", "config.json"], { cmd: [alone], cwd: dir, env });
      expect((await run(["setup-databases"])).code).toBe(0);
      const sync = await run(["sync"]);
      expect(sync.code, sync.stdout + sync.stderr).toBe(0);
      expect(sync.stdout).toMatch(/Sync succeeded .* created [1-9]/);
      const health = await run(["health", "--check", "--json"]);
      expect(health.code).toBe(0);
      expect(JSON.parse(health.stdout).healthy).toBe(true);
      const serve = spawnCli(["serve", "--config", "config.json"], { cmd: [alone], cwd: dir, env: { ...env } });
      await serve.waitFor(/"msg":"listening on /);
      serve.proc.kill("SIGTERM");
      expect(await serve.exited).toBe(0);
    } finally {
      await emulators.stop();
    }
  }, 120_000);
});
