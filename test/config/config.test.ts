import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { runCli } from "../../src/cli";
import { loadConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/errors";
import { SECRET_NAMES } from "../../src/config/secrets";
import { captureIO, useTempDir, writeJson } from "../helpers/temp";

const tmp = useTempDir();

/** Runs `config --config <file>` in-process; returns exit code and both outputs. */
async function configCommand(config: unknown, env: Record<string, string> = {}) {
  const dir = tmp();
  const file = writeJson(join(dir, "config.json"), config);
  const cap = captureIO(dir, env);
  const code = await runCli(["config", "--config", file], cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr(), dir };
}

describe("config validation", () => {
  test.each([
    [{ sync_rate_limit_per_second: 0 }, "sync_rate_limit_per_second"],
    [{ sync_rate_limit_per_second: "3" }, "sync_rate_limit_per_second"],
    [{ sync_batch_size: 2.5 }, "sync_batch_size"],
    [{ sync_batch_size: 0 }, "sync_batch_size"],
    [{ api_timeout_seconds: -1 }, "api_timeout_seconds"],
    [{ server: { port: 70000 } }, "server.port"],
    [{ server: { port: "8080" } }, "server.port"],
    [{ ledger: { path: "" } }, "ledger.path"],
    [{ notion: { base_url: "not a url" } }, "notion.base_url"],
    [{ notion: { base_url: "ftp://x.example" } }, "notion.base_url"],
    [{ unifi: { base_url: 5 } }, "unifi.base_url"],
    [{ ninjaone: { page_size: 0 } }, "ninjaone.page_size"],
    [{ databases: { sites: "abc" } }, "databases.sites"],
    [{ databases: { customer_status: 12 } }, "databases.customer_status"],
    [{ log: { level: "loud" } }, "log.level"],
    [{ circuit_breaker: { failure_threshold: 0 } }, "circuit_breaker.failure_threshold"],
    [{ sync: { site_mapping: { "site-a": "x" } } }, "sync.site_mapping.site-a"],
    [[], "(root)"],
  ])("%j → exit 2 naming %s", async (config, path) => {
    const r = await configCommand(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`config error: ${path}:`);
    expect(r.stdout).toBe("");
  });

  test.each([
    [{ bogus: 1 }, "bogus"],
    [{ server: { prot: 8080 } }, "server.prot"],
    [{ databases: { customer_statuss: "x" } }, "databases.customer_statuss"],
    [{ notion_token: "secret_should_not_be_here" }, "notion_token"],
  ])("unknown key %j is refused as %s", async (config, path) => {
    const r = await configCommand(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`config error: ${path}: unknown key`);
    expect(r.stderr).not.toContain("secret_should_not_be_here");
  });

  test.each([
    [{ schedular: {} }, 'schedular: unknown key (did you mean "scheduler"?)'],
    [{ log: { levle: "info" } }, 'log.levle: unknown key (did you mean "level"?)'],
    [{ server: { prot: 8080 } }, 'server.prot: unknown key (did you mean "port"?)'],
  ])("a typo'd key %j names the likely key", async (config, line) => {
    const r = await configCommand(config);
    expect(r.stderr).toBe(`config error: ${line}\n`);
  });

  test("every problem is reported, one line each", async () => {
    const r = await configCommand({ sync_batch_size: "x", bogus: 1, log: { level: "x" } });
    expect(r.stderr.trim().split("\n")).toHaveLength(3);
  });

  test("an empty file takes every default", async () => {
    const r = await configCommand({});
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout);
    expect(shown.sync_rate_limit_per_second).toBe(3);
    expect(shown.sync_batch_size).toBe(50);
    expect(shown.api_timeout_seconds).toBe(10);
    expect(shown.server.port).toBe(8080);
    expect(shown.notion.base_url).toBe("https://api.notion.com");
    expect(shown.ledger.path).toBe(join(r.dir, "data/ledger.db"));
  });

  test("not JSON and missing file are config errors", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.json"), "{ nope");
    const cap = captureIO(dir);
    expect(await runCli(["config", "-c", "c.json"], cap.io)).toBe(2);
    expect(cap.stderr()).toContain("not valid JSON");
    writeFileSync(join(dir, "d.json"), '{\n  "ledger": { "path": "x" }\n  "log": {}\n}');
    const cap3 = captureIO(dir);
    expect(await runCli(["config", "-c", "d.json"], cap3.io)).toBe(2);
    expect(cap3.stderr()).toBe(`config error: ${join(dir, "d.json")}: not valid JSON at line 3, column 3: CommaExpected\n`);
    const cap2 = captureIO(dir);
    expect(await runCli(["config", "-c", "missing.json"], cap2.io)).toBe(2);
    expect(cap2.stderr()).toContain("config file not found");
  });

  test("path precedence: --config, then OBERACONNECT_CONFIG, then ./config.secure.json", () => {
    const dir = tmp();
    writeJson(join(dir, "config.secure.json"), { sync_batch_size: 1 });
    writeJson(join(dir, "env.json"), { sync_batch_size: 2 });
    writeJson(join(dir, "flag.json"), { sync_batch_size: 3 });
    const env = { OBERACONNECT_CONFIG: join(dir, "env.json") };
    expect(loadConfig({ cwd: dir, env: {} }).config.sync_batch_size).toBe(1);
    expect(loadConfig({ cwd: dir, env }).config.sync_batch_size).toBe(2);
    expect(loadConfig({ cwd: dir, env, path: "flag.json" }).config.sync_batch_size).toBe(3);
  });

  test("LOG_LEVEL overrides log.level and is validated", () => {
    const dir = tmp();
    writeJson(join(dir, "config.secure.json"), { log: { level: "warn" } });
    expect(loadConfig({ cwd: dir, env: { LOG_LEVEL: "debug" } }).config.log.level).toBe("debug");
    expect(() => loadConfig({ cwd: dir, env: { LOG_LEVEL: "loud" } })).toThrow(/LOG_LEVEL/);
  });
});

describe("secrets", () => {
  test.each(SECRET_NAMES.map((n) => [n]))("%s from the environment or from %s_FILE", (name) => {
    const dir = tmp();
    writeJson(join(dir, "config.secure.json"), {});
    const secretFile = join(dir, "secret");
    // Long and varied enough for ADMIN_TOKEN's rule too.
    writeFileSync(secretFile, "value-from-file-0123456789abcdefgh\n");
    const fromEnv = loadConfig({ cwd: dir, env: { [name]: "value-from-env-0123456789abcdefghi" } });
    expect(fromEnv.secrets.get(name)).toBe("value-from-env-0123456789abcdefghi");
    expect(fromEnv.secrets.source(name)).toBe("env");
    const fromFile = loadConfig({ cwd: dir, env: { [`${name}_FILE`]: secretFile } });
    expect(fromFile.secrets.get(name)).toBe("value-from-file-0123456789abcdefgh");
    expect(fromFile.secrets.source(name)).toBe("file");
  });

  test.each([
    [{ ADMIN_TOKEN: "a" }, "ADMIN_TOKEN: too short (1 characters; at least 32"],
    [{ ADMIN_TOKEN: "   " }, "ADMIN_TOKEN: is blank"],
    [{ ADMIN_TOKEN: "a".repeat(40) }, "ADMIN_TOKEN: too few different characters"],
    [{ NOTION_TOKEN: "a-token-value", NOTION_TOKEN_FILE: "/x" }, "NOTION_TOKEN: both"],
    [{ UNIFI_API_KEY_FILE: "/definitely/missing" }, "UNIFI_API_KEY_FILE: cannot read"],
  ])("bad secret setup %j → %s", (env, message) => {
    const dir = tmp();
    writeJson(join(dir, "config.secure.json"), {});
    try {
      loadConfig({ cwd: dir, env });
      throw new Error("expected a ConfigError");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join("\n")).toContain(message);
      expect((err as ConfigError).message).not.toContain("a-token-value");
    }
  });

  test("an empty secret file is refused", () => {
    const dir = tmp();
    writeJson(join(dir, "config.secure.json"), {});
    writeFileSync(join(dir, "empty"), "\n");
    expect(() => loadConfig({ cwd: dir, env: { ADMIN_TOKEN_FILE: join(dir, "empty") } })).toThrow(/ADMIN_TOKEN_FILE: .* is empty/);
  });

  test("require() names the variable when a secret is missing", () => {
    const dir = tmp();
    writeJson(join(dir, "config.secure.json"), {});
    const { secrets } = loadConfig({ cwd: dir, env: {} });
    expect(() => secrets.require("NOTION_TOKEN", "needed to reach Notion")).toThrow(/NOTION_TOKEN is not set .*NOTION_TOKEN_FILE/);
  });
});

describe("redaction", () => {
  const env = {
    NOTION_TOKEN: "ntn_1234567890secretvalue",
    UNIFI_API_KEY: "unifi-key-secretvalue-99",
    NINJAONE_CLIENT_ID: "ninja-client-id-secret",
    NINJAONE_CLIENT_SECRET: "ninja-client-secret-value",
    ADMIN_TOKEN: "admin-token-secret-value-0123456789",
  };

  test("config output shows which secrets are set, never a value", async () => {
    const r = await configCommand({}, env);
    expect(r.code).toBe(0);
    for (const v of Object.values(env)) expect(r.stdout + r.stderr).not.toContain(v);
    expect(JSON.parse(r.stdout).secrets).toEqual({
      NOTION_TOKEN: "set (env)",
      UNIFI_API_KEY: "set (env)",
      NINJAONE_CLIENT_ID: "set (env)",
      NINJAONE_CLIENT_SECRET: "set (env)",
      ADMIN_TOKEN: "set (env)",
      NINJAONE_WEBHOOK_SECRET: "unset",
    });
  });

  test("the Secrets object does not leak through JSON, String or inspect", () => {
    const dir = tmp();
    writeJson(join(dir, "config.secure.json"), {});
    const loaded = loadConfig({ cwd: dir, env });
    const renderings = [JSON.stringify(loaded), Bun.inspect(loaded), String(loaded.secrets), Bun.inspect(loaded.secrets)];
    for (const text of renderings) for (const v of Object.values(env)) expect(text).not.toContain(v);
  });

  test("a config error with secrets set prints none of them", async () => {
    const r = await configCommand({ sync_batch_size: "x" }, env);
    expect(r.code).toBe(2);
    for (const v of Object.values(env)) expect(r.stderr).not.toContain(v);
  });
});
