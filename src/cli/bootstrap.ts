import { loadConfig, type LoadedConfig } from "../config/load";
import { buildRuntime, type Runtime, type RuntimeOptions } from "../runtime/runtime";
import { stringFlag } from "./args";
import type { CommandContext } from "./command";

/** Config from --config / $OBERACONNECT_CONFIG / ./config.secure.json, parsed once. */
export function configFromArgs(ctx: CommandContext): LoadedConfig {
  return loadConfig({ path: stringFlag(ctx.args, "config"), env: ctx.io.env, cwd: ctx.io.cwd });
}

/** The process's runtime, from the command's config: every command takes its parts from here. */
export function runtimeFromArgs(ctx: CommandContext, opts: RuntimeOptions = {}): Runtime {
  return buildRuntime(configFromArgs(ctx), { env: ctx.io.env, ...opts });
}

/** Runs `fn` with the command's runtime and closes it (the ledger) afterwards, whatever happens. */
export async function withRuntime<T>(ctx: CommandContext, fn: (rt: Runtime) => Promise<T>, opts: RuntimeOptions = {}): Promise<T> {
  const rt = runtimeFromArgs(ctx, opts);
  try {
    return await fn(rt);
  } finally {
    await rt.shutdown();
  }
}
