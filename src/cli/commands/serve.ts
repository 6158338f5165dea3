import { EXIT } from "../exit-codes";
import { untilAborted } from "../../lib/shutdown";
import { numberFlag, stringFlag } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs, runtimeFromArgs } from "../bootstrap";
import { ConfigError } from "../../config/errors";
import type { Runtime } from "../../runtime/runtime";
import type { CommandContext } from "../command";
import { roleSource } from "../../runtime/role";
import { startService } from "../../runtime/service";
import { VERSION } from "../../version";

export const serveCommand: Command = {
  name: "serve",
  summary: "Run the service: scheduled syncs, /health, /ready and the admin API, until SIGTERM or SIGINT.",
  usage: "serve [--config FILE] [--port N] [--host ADDR]",
  options: { ...CONFIG_OPTION, port: { type: "string", short: "p" }, host: { type: "string" } },
  optionHelp: {
    ...CONFIG_HELP,
    port: "listen on this port instead of server.port (0 = any free port)",
    host: "listen on this address instead of server.host",
  },
  async run(ctx) {
    const port = numberFlag(ctx.args, "port", { integer: true, min: 0, max: 65535 });
    // On a LiteFS replica the ledger is read-only: never migrate it there.
    const replica = ctx.io.env.LITEFS_DIR ? !roleSource(ctx.io.env.LITEFS_DIR)().primary : false;
    const rt = runtimeFromArgs(ctx, { migrateLedger: !replica });
    const timeoutMs = Math.round(rt.config.shutdown_timeout_seconds * 1000);
    // Steps run newest first: the ledger is closed last, after the service's own steps.
    ctx.shutdown.add("telemetry and ledger", () => rt.shutdown(), 8000);
    let failed = false;
    const service = await startService(rt, {
      listen: { port, host: stringFlag(ctx.args, "host") },
      litefsDir: ctx.io.env.LITEFS_DIR,
      shutdownSignal: ctx.shutdownSignal,
      onFatal: (why) => {
        failed = true;
        void ctx.shutdown.run(why);
      },
    });
    service.registerShutdown(ctx.shutdown, timeoutMs);
    // SIGHUP (systemctl reload): the config file and the *_FILE secrets again; a bad file is refused.
    const offHup = ctx.signals?.on("SIGHUP", () => reload(ctx, rt));
    rt.logger.info({ url: service.url, version: VERSION, config: rt.loaded.file }, `listening on ${service.url}`);

    await untilAborted(ctx.shutdownSignal);
    rt.logger.info(`shutting down: scheduler, running sync (up to ${rt.config.shutdown_timeout_seconds} s), server, ledger`);
    offHup?.();
    await ctx.shutdown.run("signal");
    rt.logger.info("stopped");
    // A service that lost its HTTP front stopped itself: not a success, so the supervisor restarts it.
    return failed ? EXIT.PARTIAL : EXIT.OK;
  },
};

/** One reload: the new config and secrets take effect from the next run, or nothing changes. */
function reload(ctx: CommandContext, rt: Runtime): void {
  let next;
  try {
    next = configFromArgs(ctx);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    rt.logger.error({ problems: err.problems }, `reload refused, the running config stays: ${err.problems.join("; ")}`);
    return;
  }
  const r = rt.reload(next);
  const what = [...r.changed, ...r.secrets].join(", ") || "nothing changed";
  rt.logger.info({ changed: r.changed, secrets: r.secrets, needs_restart: r.needsRestart }, `config reloaded from ${next.file}: ${what}`);
  if (r.needsRestart.length) rt.logger.warn({ needs_restart: r.needsRestart }, `${r.needsRestart.join(", ")}: takes effect after a restart`);
}
