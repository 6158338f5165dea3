import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startService, type RunningService } from "../../src/runtime/service";
import { ADMIN_TOKEN } from "../helpers/service";
import { MAIN, REPO } from "../helpers/spawn";
import { startStack, type Stack } from "../helpers/stack";

/**
 * The runbook cannot rot: every `oberaconnect-sync …` and every `curl … localhost:8080/…` line in
 * a ```sh block of docs/RUNBOOK.md, docs/SECRET_ROTATION.md and the README's admin examples runs
 * against the emulators (a synced demo fleet, the service on 127.0.0.1). Pipes (`| jq …`) and
 * trailing comments are cut; lines for other tools (journalctl, systemctl, df…) are left to the
 * reader.
 */
const DOCS = ["docs/RUNBOOK.md", "docs/SECRET_ROTATION.md", "README.md"];

/** Splits a shell line at the first top-level `|` or ` #` (outside quotes). */
export function firstCommand(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "|" && line[i + 1] !== "|") return line.slice(0, i).trim();
    else if (ch === "#" && /\s/.test(line[i - 1] ?? " ")) return line.slice(0, i).trim();
  }
  return line.trim();
}

function commands(): { doc: string; line: string }[] {
  const out: { doc: string; line: string }[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(join(REPO, doc), "utf8");
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      for (const raw of (block[1] as string).split("\n")) {
        const line = firstCommand(raw);
        if (line.startsWith("oberaconnect-sync ") || (line.startsWith("curl ") && /localhost:8080|\$S\//.test(line))) out.push({ doc, line });
      }
    }
  }
  return out;
}

let s: Stack;
let svc: RunningService;
let config: string;
const shutdown = new AbortController();
beforeAll(async () => {
  s = await startStack({ customers: 3, seed: 4, env: { ADMIN_TOKEN } });
  await s.sync();
  config = s.configFile({ scheduler: { enabled: false } });
  svc = await startService(s.rt, { listen: { host: "127.0.0.1", port: 0 }, shutdownSignal: shutdown.signal });
});
afterAll(async () => {
  shutdown.abort();
  await svc.stop(5000);
  await s.stop();
});

/** Runs the line in bash, asynchronously: the emulators and the service live in this process. */
async function run(line: string): Promise<{ code: number; out: string }> {
  const port = new URL(svc.url).port;
  const shell = line.startsWith("curl ")
    ? `${line.replace(/localhost:8080/g, `127.0.0.1:${port}`).replace(/\$S\//g, `http://127.0.0.1:${port}/`)} -o "$OUT" -w '%{http_code}'`
    : `"$BUN" "$MAIN" ${line.slice("oberaconnect-sync ".length)} --config "$CONFIG"`;
  const out = join(s.dir, "curl-body.json");
  const p = Bun.spawn(["bash", "-c", shell], {
    cwd: s.dir,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...s.env, ADMIN_TOKEN, A: `Authorization: Bearer ${ADMIN_TOKEN}`, BUN: process.execPath, MAIN, CONFIG: config, OUT: out },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (!line.startsWith("curl ")) return { code, out: stdout + stderr };
  let body = "";
  try {
    body = readFileSync(out, "utf8");
  } catch {
    /* no body */
  }
  return { code: Number(stdout.trim() || "0"), out: body };
}

describe("the runbook's commands run as written", () => {
  const all = commands();
  test("there are enough of them to mean something", () => {
    expect(all.filter((c) => c.line.startsWith("oberaconnect-sync")).length).toBeGreaterThanOrEqual(12);
    expect(all.filter((c) => c.line.startsWith("curl")).length).toBeGreaterThanOrEqual(20);
  });

  test.each(all.map((c) => [c.doc, c.line]))("%s: %s", async (_doc, line) => {
    const r = await run(line);
    // A POST /admin/sync starts a run in the service; the next command (a CLI `sync`) would meet
    // its lease. An operator waits for it too (GET /admin/status), so the test does the same.
    if (line.includes("/admin/sync")) await svc.syncs.idle();
    if (line.startsWith("curl ")) {
      // A route that exists and answered; a 404 only for a missing record, never a missing route.
      expect(r.code, r.out).toBeGreaterThanOrEqual(200);
      expect(r.code, r.out).toBeLessThan(500);
      expect([401, 403, 405]).not.toContain(r.code);
      expect(r.out).not.toContain("no route for");
      if (r.code === 404) expect(r.out).toMatch(/no ledger record|no run /); // an example id the demo does not have
    } else {
      expect(r.code, r.out).toBe(0);
    }
  }, 60_000);
});

/** The lines with a `| jq` pipe, exactly as a reader copies them. */
function pipes(): { doc: string; raw: string; cmd: string }[] {
  const out: { doc: string; raw: string; cmd: string }[] = [];
  for (const doc of DOCS) {
    const text = readFileSync(join(REPO, doc), "utf8");
    for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
      for (const raw of (block[1] as string).split("\n")) {
        const cmd = firstCommand(raw);
        if (!/\|\s*jq\b/.test(raw)) continue;
        if (cmd.startsWith("oberaconnect-sync ") || (cmd.startsWith("curl ") && /localhost:8080|\$S\//.test(cmd))) out.push({ doc, raw: raw.trim(), cmd });
      }
    }
  }
  return out;
}

describe("the docs' `| jq` pipes work as written: stdout is one JSON document, jq finds what they name", () => {
  const all = pipes();
  test("there are enough of them to mean something", () => {
    expect(all.length).toBeGreaterThanOrEqual(15);
  });

  test.each(all.map((p) => [p.doc, p.raw, p.cmd]))("%s: %s", async (_doc, raw, cmd) => {
    const port = new URL(svc.url).port;
    const rest = raw.slice(raw.indexOf(cmd) + cmd.length); // "| jq …", as written
    const head = cmd.startsWith("curl ")
      ? cmd.replace(/localhost:8080/g, `127.0.0.1:${port}`).replace(/\$S\//g, `http://127.0.0.1:${port}/`)
      : `"$BUN" "$MAIN" ${cmd.slice("oberaconnect-sync ".length)} --config "$CONFIG"`;
    // jq's own exit status (not the command's: health --check exits 1 when something is unhealthy).
    const p = Bun.spawn(["bash", "-c", `${head} ${rest}\nexit \${PIPESTATUS[-1]}`], {
      cwd: s.dir,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...s.env, ADMIN_TOKEN, A: `Authorization: Bearer ${ADMIN_TOKEN}`, BUN: process.execPath, MAIN, CONFIG: config },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    expect(stderr).not.toContain("parse error");
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).not.toBe("null"); // a field the docs name that the output does not have
    expect(stdout.trim().startsWith("null\n")).toBe(false); // a log line read as a first document
  }, 60_000);
});
