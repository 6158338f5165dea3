/**
 * One `sync` or `serve` of the real binary (`bun src/main.ts …`) as a child process: its stdout
 * pumped line by line (so the pipe never fills and blocks it), the last lines kept for a
 * diagnosis, and bounded waits on it. Nothing here waits without a timeout.
 */
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";

export const REPO = join(import.meta.dir, "../..");
export const MAIN = join(REPO, "src/main.ts");

export interface Child {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** The last stdout/stderr lines (at most `keep`). */
  tail: string[];
  /** How many lines (stdout and stderr, where the logs go) matched each watched pattern so far. */
  seen(pattern: RegExp): string[];
  /** The first line matching `pattern`, or null after `timeoutMs` or when the process ends first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<string | null>;
  /** Resolves with the exit code (null if killed) once the process and its pipes are done. */
  exited: Promise<number | null>;
  alive(): boolean;
}

/** `logFile`: every output line is also appended there (chaos keeps them for a failed run). */
export function spawnChild(args: string[], env: Record<string, string>, keep = 200, logFile?: string): Child {
  const proc = Bun.spawn([process.execPath, MAIN, ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const tail: string[] = [];
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (l: string | null) => void }>();
  let done = false;
  const push = (line: string) => {
    if (logFile) appendFileSync(logFile, `${line}\n`);
    tail.push(line);
    if (tail.length > keep) tail.shift();
    lines.push(line);
    if (lines.length > 5000) lines.shift();
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.delete(w);
        w.resolve(line);
      }
    }
  };
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of stream) {
        buf += decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          push(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      }
    } catch {
      /* the pipe broke with the process: what was read is kept */
    }
    if (buf) push(buf);
  };
  const pumps = Promise.all([pump(proc.stdout), pump(proc.stderr)]);
  const exited = (async () => {
    const code = await proc.exited;
    // Pipes close with the process; never wait on them for long (a grandchild could hold them).
    await Promise.race([pumps, Bun.sleep(2000)]);
    done = true;
    for (const w of waiters) w.resolve(null);
    waiters.clear();
    return proc.signalCode ? null : code;
  })();
  return {
    proc,
    tail,
    exited,
    seen: (pattern) => lines.filter((l) => pattern.test(l)),
    alive: () => proc.exitCode === null && proc.signalCode === null,
    waitFor(pattern, timeoutMs) {
      const hit = lines.find((l) => pattern.test(l));
      if (hit) return Promise.resolve(hit);
      if (done) return Promise.resolve(null);
      return new Promise((resolve) => {
        const w = {
          pattern,
          resolve: (l: string | null) => {
            clearTimeout(timer);
            resolve(l);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          resolve(null);
        }, timeoutMs);
        waiters.add(w);
      });
    },
  };
}

/** Resolves true when `cond` holds, false after `timeoutMs`; polls every `everyMs`. */
export async function until(cond: () => boolean, timeoutMs: number, everyMs = 5): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() >= end) return false;
    await Bun.sleep(everyMs);
  }
  return true;
}

/** Runs to the end (bounded: SIGKILL after `timeoutMs`), returning exit code and output tail. */
export async function runToEnd(args: string[], env: Record<string, string>, timeoutMs: number, logFile?: string): Promise<{ code: number | null; timedOut: boolean; tail: string[]; child: Child }> {
  const child = spawnChild(args, env, 200, logFile);
  const timer = setTimeout(() => child.proc.kill("SIGKILL"), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  return { code, timedOut: child.proc.signalCode === "SIGKILL", tail: child.tail, child };
}
