import { join } from "node:path";
import type { Subprocess } from "bun";

export const REPO = join(import.meta.dir, "../..");
export const MAIN = join(REPO, "src/main.ts");

export interface SpawnedCli {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Every line seen so far, stdout and stderr (logs) as a terminal shows them. */
  lines: string[];
  /** stdout's lines only: the command's output. */
  out: string[];
  /** Resolves with the first line (stdout or stderr) matching, or rejects after `timeoutMs` / on exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stderr(): Promise<string>;
  exited: Promise<number>;
}

/** Runs the CLI as a real process (`bun src/main.ts ...`, or a compiled binary via `cmd`). */
export function spawnCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; cmd?: string[] } = {}): SpawnedCli {
  const proc = Bun.spawn([...(opts.cmd ?? [process.execPath, MAIN]), ...args], {
    cwd: opts.cwd ?? REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...opts.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const lines: string[] = [];
  const out: string[] = [];
  let err = "";
  const waiters: { pattern: RegExp; resolve: (l: string) => void }[] = [];
  const seen = (line: string) => {
    lines.push(line);
    for (const w of [...waiters]) if (w.pattern.test(line)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  };
  const pumpOf = async (stream: ReadableStream<Uint8Array>, onLine: (l: string) => void, onText?: (t: string) => void) => {
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      onText?.(text);
      buf += text;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    }
    if (buf) onLine(buf);
  };
  const pump = Promise.all([
    pumpOf(proc.stdout, (l) => {
      out.push(l);
      seen(l);
    }),
    pumpOf(proc.stderr, seen, (t) => void (err += t)),
  ]);
  const stderrText = pump.then(() => err);
  return {
    proc,
    lines,
    out,
    exited: proc.exited,
    stderr: () => stderrText,
    waitFor(pattern, timeoutMs = 15_000) {
      const found = lines.find((l) => pattern.test(l));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.join("\n")}`)), timeoutMs);
        waiters.push({ pattern, resolve: (l) => { clearTimeout(timer); resolve(l); } });
        void pump.then(async () => {
          clearTimeout(timer);
          reject(new Error(`process exited before a line matching ${pattern}:\n${lines.join("\n")}\n${await stderrText}`));
        });
      });
    },
  };
}

/** Runs the CLI to completion and returns exit code and output. */
export async function runCliProcess(args: string[], opts: Parameters<typeof spawnCli>[1] = {}) {
  const p = spawnCli(args, opts);
  const code = await p.exited;
  await Bun.sleep(0);
  const stderr = await p.stderr();
  return { code, stdout: p.out.join("\n"), stderr };
}
