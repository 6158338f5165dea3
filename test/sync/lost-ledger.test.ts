import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, rmSync } from "node:fs";
import { runCli } from "../../src/cli";
import { captureIO } from "../helpers/temp";
import { livePages } from "../helpers/sync-harness";
import { startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

async function cli(stack: Stack, config: string, ...args: string[]) {
  const cap = captureIO(stack.dir, stack.env);
  const code = await runCli([...args, "--config", config], cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

const pageWrites = (stack: Stack) =>
  stack.emulators.notion.stats.count("POST", "/v1/pages") + stack.emulators.notion.stats.count("PATCH", "/v1/pages/:page_id");

describe("a lost ledger costs reads, not writes", () => {
  test("source times with seconds and ms: ledger deleted → setup adopts → dry run shows no change → --full-sync writes nothing", async () => {
    s = await startStack({ customers: 20, seed: 8 });
    const snapshot = await s.sources.read();
    // The sources really carry seconds and milliseconds (UniFi startupTime, NinjaOne float epochs).
    const times = [...snapshot.devices.map((d) => d.upSince), ...snapshot.alerts.map((a) => a.createdAt)].filter((t): t is Date => t !== null);
    expect(times.filter((t) => t.getTime() % 60_000 !== 0).length).toBeGreaterThan(times.length / 2);
    expect(times.filter((t) => t.getTime() % 1000 !== 0).length).toBeGreaterThan(times.length / 4);
    const total = snapshot.customers.length + snapshot.sites.length + snapshot.devices.length + snapshot.alerts.length;

    const first = await s.sync();
    expect(first.exitCode).toBe(0);
    expect(first.totals.created).toBe(total);
    // Notion (emulated) kept those times to the minute, in its own notation.
    const stored = livePages(s.emulators.notion, "Devices").map((p) => p.props["Up Since"]).filter((v): v is string => typeof v === "string");
    expect(stored.length).toBeGreaterThan(0);
    for (const v of stored) expect(v).toMatch(/T\d{2}:\d{2}:00\.000\+00:00$/);

    const config = s.configFile();
    s.ledger.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${s.loaded.config.ledger.path}${suffix}`, { force: true });
    expect(existsSync(s.loaded.config.ledger.path)).toBe(false);

    const setup = await cli(s, config, "setup-databases");
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);
    expect(setup.stdout.match(/ adopted /g)).toHaveLength(4);

    s.emulators.notion.stats.reset();
    const dry = await cli(s, config, "sync", "--dry-run", "--verbose");
    expect(dry.code).toBe(0);
    const changeLines = dry.stdout.split("\n").filter((l) => /^\s+(create|update|restore|archive) /.test(l));
    expect(changeLines).toEqual([]);
    expect(dry.stdout).toContain(`adopt ${snapshot.devices.length}`);

    const full = await cli(s, config, "sync", "--full-sync");
    expect(full.code).toBe(0);
    expect(full.stdout).toContain("created 0, updated 0");
    expect(pageWrites(s)).toBe(0);
    expect(livePages(s.emulators.notion)).toHaveLength(total);
  }, 60_000);
});
