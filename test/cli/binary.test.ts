import { beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { REPO, runCliProcess, spawnCli } from "../helpers/spawn";
import { useTempDir, writeJson } from "../helpers/temp";
import { startEmulators } from "../../src/emulators";
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
    expect(r.stdout.trim()).toBe(pkg.version);
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
        p.proc.kill("SIGTERM");
        expect(await p.exited).toBe(0);
      }
    } finally {
      await emulators.stop();
    }
  });
});
