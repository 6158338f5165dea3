import { json } from "../helpers/http";
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCliProcess, spawnCli } from "../helpers/spawn";
import { useTempDir, writeJson } from "../helpers/temp";

const tmp = useTempDir();

/** Starts `serve` on a random port and returns its URL from the "listening" log line. */
async function startServe(config: string) {
  const p = spawnCli(["serve", "--config", config, "--port", "0", "--host", "127.0.0.1"]);
  const line = await p.waitFor(/"msg":"listening on /);
  return { p, url: JSON.parse(line).url as string };
}

describe("serve", () => {
  test("migrates a fresh ledger, serves /health and /ready, stops cleanly on SIGTERM; second start is a no-op migration", async () => {
    const dir = tmp();
    const config = writeJson(join(dir, "config.json"), { ledger: { path: "state/ledger.db" } });

    const first = await startServe(config);
    expect(first.p.lines.some((l) => /"applied":[1-9]/.test(l) && /ledger migrated/.test(l))).toBe(true);
    expect(existsSync(join(dir, "state/ledger.db"))).toBe(true);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    expect((await json(health)).status).toBe("ok");
    const ready = await fetch(`${first.url}/ready`);
    // No API secrets in this environment: the API components say which one is missing, so not ready.
    expect(ready.status).toBe(503);
    const components = (await json(ready)).components;
    expect(components.ledger.healthy).toBe(true);
    expect(components.notion_api).toMatchObject({ healthy: false, error: "NOTION_TOKEN is not set" });
    first.p.proc.kill("SIGTERM");
    expect(await first.p.exited).toBe(0);
    expect(first.p.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);

    const second = await startServe(config);
    expect(second.p.lines.some((l) => /"applied":0/.test(l) && /ledger up to date/.test(l))).toBe(true);
    second.p.proc.kill("SIGINT");
    expect(await second.p.exited).toBe(0);
  });

  test("SIGTERM while the startup schema check is still out: stops quickly, nothing logged after \"stopped\"", async () => {
    const dir = tmp();
    // A Notion that takes its time: the startup schema check is in flight when the signal comes.
    const slow = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: async () => (await Bun.sleep(1500), Response.json({ object: "error", status: 503, code: "service_unavailable", message: "slow" }, { status: 503 })) });
    try {
      const config = writeJson(join(dir, "config.json"), { ledger: { path: "ledger.db" }, notion: { base_url: `http://127.0.0.1:${slow.port}` }, databases: { customer_status: "a".repeat(32), sites: "b".repeat(32), devices: "c".repeat(32), alerts: "d".repeat(32) } });
      const p = spawnCli(["serve", "--config", config, "--port", "0", "--host", "127.0.0.1"], { env: { NOTION_TOKEN: "secret_test_token_0123456789" } });
      await p.waitFor(/"msg":"listening on /);
      const t0 = performance.now();
      p.proc.kill("SIGTERM");
      expect(await p.exited).toBe(0);
      expect(performance.now() - t0).toBeLessThan(5000);
      await Bun.sleep(1600); // past the slow answer
      const after = p.lines.slice(p.lines.findIndex((l) => l.includes('"msg":"stopped"')) + 1);
      expect(after.filter((l) => l.startsWith("{"))).toEqual([]);
      expect(p.lines.join("\n")).not.toContain("closed database");
    } finally {
      slow.stop(true);
    }
  }, 20_000);

  test("a bad config exits 2 before binding anything", async () => {
    const dir = tmp();
    const config = writeJson(join(dir, "config.json"), { server: { port: "x" } });
    const r = await runCliProcess(["serve", "--config", config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("config error: server.port:");
  });

  test("a port already in use: one line naming the address and what to do, exit 5 (the machine, not the config: systemd restarts), within seconds", async () => {
    const dir = tmp();
    const taken = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("someone else") });
    try {
      const config = writeJson(join(dir, "config.json"), { ledger: { path: "ledger.db" } });
      const t0 = performance.now();
      const r = await runCliProcess(["serve", "--config", config, "--host", "127.0.0.1", "--port", String(taken.port)]);
      expect(r.code).toBe(5);
      expect(performance.now() - t0).toBeLessThan(10_000);
      const problem = r.stderr.split("\n").filter((l) => l && !l.startsWith("{"));
      expect(problem).toEqual([`error: cannot listen on 127.0.0.1:${taken.port}: the port is in use (another serve, or another program: \`ss -ltnp\` names it); set server.port or --port`]);
      expect(r.stderr).not.toContain(" at ");
      expect(r.stdout).toBe("");
    } finally {
      taken.stop(true);
    }
  });

  test("a corrupt ledger exits 2 with a ledger error and is left in place", async () => {
    const dir = tmp();
    await Bun.write(join(dir, "ledger.db"), "not a database at all, but precious");
    const config = writeJson(join(dir, "config.json"), { ledger: { path: "ledger.db" } });
    const r = await runCliProcess(["serve", "--config", config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ledger error:");
    expect(await Bun.file(join(dir, "ledger.db")).text()).toBe("not a database at all, but precious");
  });
});

describe("cli basics", () => {
  test.each([
    [["--version"], 0, /^\d+\.\d+\.\d+/],
    [["--help"], 0, /Commands:/],
    [["serve", "--help"], 0, /Usage: oberaconnect-sync serve/],
    [["migrate", "--help"], 0, /Usage: oberaconnect-sync migrate/],
  ])("%j exits %i", async (args, code, out) => {
    const r = await runCliProcess(args);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(out);
  });

  test.each([
    [["nope"], /unknown command "nope"/],
    [["serve", "--bogus"], /Unknown option '--bogus'/],
    [["serve", "--port", "abc"], /--port: expected an integer/],
    [["serve", "--prot", "8080"], /Unknown option '--prot' \(did you mean "--port"\?\)/],
    [["sync", "--job", "custmers"], /--job: expected one of customers, sites, devices, alerts, got "custmers" \(did you mean "customers"\?\)/],
    [["dedupe", "--job", "device"], /did you mean "devices"/],
  ])("%j is a usage error (exit 2)", async (args, err) => {
    const r = await runCliProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(err);
  });
});
