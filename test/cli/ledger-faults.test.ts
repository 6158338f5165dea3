import { describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAIN, runCliProcess } from "../helpers/spawn";

/**
 * A read-only ledger for a real process: its file 0444 in a 0555 folder. root writes through
 * modes, so as root the command runs as `nobody` (setpriv, util-linux), as an operator's
 * service user would.
 */
function readOnlyCommand(): string[] {
  const base = [process.execPath, MAIN];
  return process.getuid?.() === 0 ? [...AS_NOBODY, ...base] : base;
}

const AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];

/**
 * As root, whether `nobody` can run the CLI from this checkout at all (a clone inside a 0700
 * folder cannot be reached by another user); not as root, the modes alone make the ledger read-only.
 */
function canRunUnprivileged(): boolean {
  if (process.getuid?.() !== 0) return true;
  const probe = Bun.spawnSync([...AS_NOBODY, process.execPath, "-e", `require("node:fs").accessSync(${JSON.stringify(MAIN)})`], { env: { PATH: process.env.PATH ?? "", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", HOME: "/tmp" } });
  return probe.exitCode === 0;
}

describe("CLI on an unwritable ledger", () => {
  test.skipIf(!canRunUnprivileged())("sync on a read-only ledger: one line naming what to check, exit 5 (the machine's fault, not the config's), no stack", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ro-ledger-"));
    chmodSync(dir, 0o755);
    try {
      const config = join(dir, "config.json");
      const dead = "http://127.0.0.1:9"; // never reached: the lease is the run's first write
      writeFileSync(config, JSON.stringify({ ledger: { path: join(dir, "ledger.db") }, notion: { parent_page_id: "0123456789abcdef0123456789abcdef", base_url: dead }, unifi: { base_url: dead }, ninjaone: { base_url: dead } }));
      chmodSync(config, 0o644);
      const env = { NOTION_TOKEN: "ntn_canary_token_value", UNIFI_API_KEY: "unifi-canary", NINJAONE_CLIENT_ID: "id", NINJAONE_CLIENT_SECRET: "ninja-canary", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", HOME: dir };
      expect((await runCliProcess(["migrate", "--config", config], { env, cwd: dir })).code).toBe(0);
      chmodSync(join(dir, "ledger.db"), 0o444);
      chmodSync(dir, 0o555);

      const r = await runCliProcess(["sync", "--config", config], { env, cwd: dir, cmd: readOnlyCommand() });
      const said = r.stderr.split("\n").filter((l) => l && !l.startsWith("{"));
      expect(r.code).toBe(5);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/^ledger error: the ledger cannot be written \(a read-only file, folder or mount.*\(SQLITE_READONLY/);
      expect(r.stderr).not.toContain("fatal");
      expect(r.stderr).not.toContain(" at ");
      for (const secret of ["ntn_canary_token_value", "unifi-canary", "ninja-canary"]) expect(r.stderr + r.stdout).not.toContain(secret);
    } finally {
      chmodSync(dir, 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
