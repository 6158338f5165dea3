import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openLedger } from "../../src/ledger/ledger";
import { startEmulators, type RunningEmulators } from "@oberaconnect/emulators";
import { runCliProcess } from "../helpers/spawn";
import { useTempDir, writeJson } from "../helpers/temp";

const tmp = useTempDir();
const running: RunningEmulators[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

/** Emulators, a migrated ledger, a config pointing at both, and the emulators' credentials as env. */
async function setup() {
  const emu = await startEmulators({ customers: 1, seed: 3 });
  running.push(emu);
  const dir = tmp();
  openLedger(join(dir, "ledger.db")).close();
  const config = writeJson(join(dir, "config.json"), {
    ledger: { path: "ledger.db" },
    api_timeout_seconds: 5,
    notion: { base_url: emu.notion.url },
    unifi: { base_url: emu.unifi.url },
    ninjaone: { base_url: emu.ninjaone.url },
  });
  const c = emu.credentials;
  const env = {
    NOTION_TOKEN: c.notionToken,
    UNIFI_API_KEY: c.unifiApiKey,
    NINJAONE_CLIENT_ID: c.ninjaoneClientId,
    NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret,
  };
  return { emu, config, env };
}

describe("health --check", () => {
  test("--json against the emulators: healthy, every component, exit 0", async () => {
    const { config, env } = await setup();
    const r = await runCliProcess(["health", "--check", "--json", "--config", config], { env });
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.healthy).toBe(true);
    expect(Object.keys(body.components)).toEqual(["notion_api", "unifi_api", "ninjaone_api", "ledger", "disk", "memory"]);
    for (const c of Object.values(body.components) as { healthy: boolean; latency_ms: number; detail: string; error?: string }[]) {
      expect(c).toMatchObject({ healthy: true, latency_ms: expect.any(Number), detail: expect.any(String) });
      expect(c.error).toBeUndefined();
    }
  });

  test("a wrong NOTION_TOKEN: notion_api unhealthy with a clear error, never the token, exit 1", async () => {
    const { config, env } = await setup();
    const token = "secret_thisIsNotTheRightToken42";
    const r = await runCliProcess(["health", "--check", "--json", "--config", config], { env: { ...env, NOTION_TOKEN: token } });
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout);
    expect(body.healthy).toBe(false);
    expect(body.components.notion_api.healthy).toBe(false);
    expect(body.components.notion_api.error).toMatch(/401 unauthorized .*NOTION_TOKEN/);
    expect(body.components.unifi_api.healthy).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.stdout + r.stderr).not.toContain("thisIsNotTheRightToken42");
  });

  test("without --json: a readable table, the error under the failing line", async () => {
    const { config, env } = await setup();
    const { NINJAONE_CLIENT_SECRET: _drop, ...rest } = env;
    const r = await runCliProcess(["health", "--check", "--config", config], { env: rest });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^COMPONENT\s+STATUS\s+LATENCY\s+DETAIL$/);
    expect(lines.find((l) => l.startsWith("notion_api"))).toMatch(/healthy\s+\d+ ms\s+token accepted/);
    expect(lines.find((l) => l.startsWith("ninjaone_api"))).toMatch(/UNHEALTHY .*NINJAONE_CLIENT_SECRET is not set/);
    expect(lines.at(-1)).toBe("NOT healthy");
  });

  test("a bad config exits 2; a missing --check is a usage error (2)", async () => {
    const dir = tmp();
    const bad = writeJson(join(dir, "config.json"), { unifi: { page_size: "many" } });
    const r = await runCliProcess(["health", "--check", "--config", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("config error: unifi.page_size:");
    const usage = await runCliProcess(["health", "--config", bad]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("health needs --check");
  });
});
