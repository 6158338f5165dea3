import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger } from "../../src/telemetry/logger";
import { useTempDir } from "../helpers/temp";

const tmp = useTempDir();

function collector() {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
}

describe("logger", () => {
  test("JSON lines with ISO time, string level and the message", () => {
    const c = collector();
    createLogger({ level: "info", destination: c.destination }).info({ job: "devices" }, "BatchResult");
    const line = JSON.parse(c.lines[0] as string);
    expect(line.level).toBe("info");
    expect(line.msg).toBe("BatchResult");
    expect(line.job).toBe("devices");
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  test("level filters lines", () => {
    const c = collector();
    const log = createLogger({ level: "warn", destination: c.destination });
    log.info("hidden");
    log.warn("shown");
    expect(c.lines.map((l) => JSON.parse(l).msg)).toEqual(["shown"]);
  });

  test.each([
    [{ token: "abc123secret" }],
    [{ headers: { authorization: "Bearer abc123secret" } }],
    [{ request: { api_key: "abc123secret" } }],
    [{ client_secret: "abc123secret" }],
  ])("secret-looking field %j is redacted", (fields) => {
    const c = collector();
    createLogger({ level: "info", destination: c.destination }).info(fields, "x");
    expect(c.lines.join("")).not.toContain("abc123secret");
    expect(c.lines.join("")).toContain("[redacted]");
  });

  test("known secret values are scrubbed from free text, errors included", () => {
    const c = collector();
    const log = createLogger({ level: "info", destination: c.destination, secrets: ["ntn_supersecret42"] });
    log.error({ err: new Error("upstream echoed ntn_supersecret42 back") }, "failed with ntn_supersecret42");
    expect(c.lines.join("")).not.toContain("ntn_supersecret42");
  });

  test("log.file receives the same lines", () => {
    const file = join(tmp(), "logs", "service.log");
    const c = collector();
    const log = createLogger({ level: "info", destination: c.destination, file, secrets: ["ntn_supersecret42"] });
    log.info("to both ntn_supersecret42");
    log.flush();
    const text = readFileSync(file, "utf8");
    expect(JSON.parse(text.trim()).msg).toBe("to both [redacted]");
  });
});
