import { EXIT } from "../exit-codes";
import { untilAborted } from "../../lib/shutdown";
import { numberFlag, stringFlag } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs, ledgerFor, loggerFor } from "../bootstrap";
import { startServer } from "../../server";
import { readinessChecks } from "../../health/api-checks";
import { createGates } from "../../runtime/gates";
import { systemClock } from "../../lib/clock";
import { VERSION } from "../../version";

export const serveCommand: Command = {
  name: "serve",
  summary: "Run the service (/health, /ready) until SIGTERM or SIGINT.",
  usage: "serve [--config FILE] [--port N] [--host ADDR]",
  options: { ...CONFIG_OPTION, port: { type: "string", short: "p" }, host: { type: "string" } },
  optionHelp: {
    ...CONFIG_HELP,
    port: "listen on this port instead of server.port (0 = any free port)",
    host: "listen on this address instead of server.host",
  },
  async run(ctx) {
    const port = numberFlag(ctx.args, "port", { integer: true, min: 0, max: 65535 });
    const loaded = configFromArgs(ctx);
    const logger = loggerFor(loaded);
    const ledger = ledgerFor(loaded, logger);
    // The gates of this process: whatever else calls the APIs from here must share them.
    const gates = createGates(loaded.config, { logger });
    const service = startServer({
      loaded,
      ledger,
      logger,
      clock: systemClock,
      listen: { port, host: stringFlag(ctx.args, "host") },
      extraChecks: readinessChecks({ loaded, gates, clock: systemClock }),
    });
    logger.info({ url: service.url, version: VERSION, config: loaded.file }, `listening on ${service.url}`);

    await untilAborted(ctx.shutdownSignal);
    logger.info("shutting down: closing the server, then the ledger");
    await service.stop();
    ledger.close();
    logger.info("stopped");
    return EXIT.OK;
  },
};
