import { describe, expect, test } from "bun:test";
import { mkdirSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../src/config/errors";
import { loadConfig, parseConfig } from "../../src/config/load";
import { openLedger } from "../../src/ledger/ledger";
import { createLogger } from "../../src/telemetry/logger";
import { readOtelSettings } from "../../src/telemetry/otel-env";
import { useTempDir } from "../helpers/temp";

/** A value no output may carry, whichever edge it came in by. */
const CANARY = "hcCANARY9f3e1d77c0ffee";
const tmp = useTempDir();

const problemsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe("secrets at the edges: never echoed", () => {
  test("a malformed OTEL_EXPORTER_OTLP_HEADERS entry is named by its position, not its text", () => {
    const s = readOtelSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_EXPORTER_OTLP_HEADERS: `x-honeycomb-team:${CANARY},ok=1` });
    expect(s.warnings.join("\n")).toContain("ignored entry 1 of 2");
    expect(JSON.stringify(s)).not.toContain(CANARY);
  });

  test("a config that is not JSON (an unquoted token) says where, not what", () => {
    const dir = tmp();
    writeFileSync(join(dir, "c.json"), `{ "notion": { "token": ${CANARY} } }`);
    const problems = problemsOf(() => loadConfig({ path: "c.json", cwd: dir, env: {} }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/not valid JSON at line 1, column \d+/);
    expect(problems.join("\n")).not.toContain(CANARY);
  });

  test.each([
    [`https://user:${CANARY}@api.notion.com`, "notion.base_url: must not carry credentials"],
    [`https://api.ui.com/?api_key=${CANARY}`, "unifi.base_url: must not carry a query or fragment"],
  ])("a base_url with credentials (%s) is refused, naming the field", (url, message) => {
    const which = url.includes("notion") ? "notion" : "unifi";
    const problems = problemsOf(() => parseConfig({ [which]: { base_url: url } }, { file: "/etc/o/config.json", env: {} }));
    expect(problems.join("\n")).toContain(message);
    expect(problems.join("\n")).not.toContain(CANARY);
  });

  test("the log scrubs every secret, however short", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", secrets: ["k3y", CANARY], destination: { write: (l: string) => void lines.push(l) } });
    logger.info({ detail: `upstream said k3y and ${CANARY}` }, "an echo");
    expect(lines.join("")).not.toContain("k3y");
    expect(lines.join("")).not.toContain(CANARY);
    expect(lines.join("")).toContain("[redacted]");
  });

  test("the log file is 0600 in a 0700 folder; an existing one readable by others is made 0600", () => {
    const dir = tmp();
    const file = join(dir, "logs", "service.log");
    createLogger({ level: "info", file, destination: { write: () => undefined } }).info("hello");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "logs")).mode & 0o777).toBe(0o700);
    const old = join(dir, "old.log");
    writeFileSync(old, "");
    chmodSync(old, 0o644);
    createLogger({ level: "info", file: old, destination: { write: () => undefined } });
    expect(statSync(old).mode & 0o777).toBe(0o600);
  });

  test("an existing ledger readable by others is made 0600 at start, and says so", () => {
    const dir = tmp();
    mkdirSync(join(dir, "data"));
    const path = join(dir, "data", "ledger.db");
    openLedger(path).close();
    chmodSync(path, 0o644);
    const ledger = openLedger(path);
    try {
      expect(ledger.tightenedFrom).toBe(0o644);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      ledger.close();
    }
    const again = openLedger(path);
    expect(again.tightenedFrom).toBeUndefined();
    again.close();
  });
});
