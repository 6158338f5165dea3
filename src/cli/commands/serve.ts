import { EXIT } from "../exit-codes";
import { untilAborted } from "../../lib/shutdown";
import { numberFlag, stringFlag } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { runtimeFromArgs } from "../bootstrap";
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
    const rt = runtimeFromArgs(ctx);
    const timeoutMs = Math.round(rt.config.shutdown_timeout_seconds * 1000);
    // Steps run newest first: the ledger is closed last, after the service's own steps.
    ctx.shutdown.add("ledger", () => rt.close(), 5000);
    const service = startService(rt, {
      listen: { port, host: stringFlag(ctx.args, "host") },
      litefsDir: ctx.io.env.LITEFS_DIR,
      shutdownSignal: ctx.shutdownSignal,
    });
    service.registerShutdown(ctx.shutdown, timeoutMs);
    rt.logger.info({ url: service.url, version: VERSION, config: rt.loaded.file }, `listening on ${service.url}`);

    await untilAborted(ctx.shutdownSignal);
    rt.logger.info(`shutting down: scheduler, running sync (up to ${rt.config.shutdown_timeout_seconds} s), server, ledger`);
    await ctx.shutdown.run("signal");
    rt.logger.info("stopped");
    return EXIT.OK;
  },
};
