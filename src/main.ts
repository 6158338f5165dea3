#!/usr/bin/env bun
/**
 * Entry point of the one binary: server and CLI. Everything here is process plumbing;
 * the commands live in src/cli/commands.
 */
import { runCli } from "./cli";
import { ShutdownManager } from "./lib/shutdown";

const shutdown = new ShutdownManager();
const removeSignals = shutdown.onSignals();
try {
  process.exitCode = await runCli(
    process.argv.slice(2),
    {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      env: process.env,
      cwd: process.cwd(),
      isTTY: Boolean(process.stdout.isTTY),
    },
    shutdown,
    {
      on: (signal, fn) => {
        process.on(signal, fn);
        return () => void process.off(signal, fn);
      },
    },
  );
} catch (err) {
  process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
} finally {
  removeSignals();
}
