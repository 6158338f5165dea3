import type { ShutdownManager } from "../lib/shutdown";
import type { OptionSpec, ParsedArgs } from "./args";

/** Where a command reads and writes; tests pass collectors instead of the process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stdout is a terminal (progress bars), false in pipes, CI and tests. */
  isTTY: boolean;
}

export interface CommandContext {
  args: ParsedArgs;
  io: CliIO;
  /** Aborted when SIGTERM/SIGINT arrives (long-running commands stop on it). */
  shutdownSignal: AbortSignal;
  /** The process's shutdown steps: `serve` registers its own (named, time-bounded). */
  shutdown: ShutdownManager;
  /** Other process signals (SIGHUP reloads `serve`); absent when run in-process by a test. */
  signals?: { on(signal: "SIGHUP", fn: () => void): () => void };
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full --help text, without the options table. */
  usage: string;
  options: OptionSpec;
  /** Option descriptions for --help, same keys as `options`. */
  optionHelp: Record<string, string>;
  allowPositionals?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

/** The option every command that reads config accepts. */
export const CONFIG_OPTION = { config: { type: "string", short: "c" } } as const satisfies OptionSpec;
export const CONFIG_HELP = {
  config: "config file (default: $OBERACONNECT_CONFIG, else ./config.secure.json)",
};

export function helpText(cmd: Command, program: string): string {
  const lines = [`Usage: ${program} ${cmd.usage}`, "", cmd.summary, ""];
  const opts = Object.entries(cmd.options);
  if (opts.length) {
    lines.push("Options:");
    for (const [name, spec] of opts) {
      const short = "short" in spec && spec.short ? `-${spec.short}, ` : "    ";
      const arg = spec.type === "string" ? ` <${name === "config" ? "file" : "value"}>` : "";
      lines.push(`  ${short}--${name}${arg}`.padEnd(34) + (cmd.optionHelp[name] ?? ""));
    }
  }
  lines.push("  -h, --help".padEnd(34) + "show this help");
  return lines.join("\n") + "\n";
}
