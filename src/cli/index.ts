import { ConfigError } from "../config/errors";
import { LedgerError } from "../core";
import { ApiError } from "../http";
import { SetupError } from "../notion/setup";
import { DatabaseSetupError } from "../sync/databases";
import { ledgerFaultOf, LockBusyError, StartupError } from "../core";
import { ShutdownManager } from "../lib/shutdown";
import { COMMIT, VERSION } from "../version";
import { parse, UsageError } from "./args";
import { helpText, type CliIO, type Command, type CommandContext } from "./command";
import { EXIT } from "./exit-codes";
import { commands } from "./registry";

const PROGRAM = "oberaconnect-sync";

function programHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `${PROGRAM} ${VERSION}: keeps Notion dashboards in step with UniFi Site Manager and NinjaOne.`,
    "",
    `Usage: ${PROGRAM} <command> [options]`,
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    "Global: --version, --help. Each command has its own --help.",
    "Exit codes: 0 ok, 1 unhealthy or some records failed, 2 usage/config/ledger error, 3 sync aborted.",
    "",
  ].join("\n");
}

/** Runs one command line and returns its exit code; never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIO, shutdown = new ShutdownManager(), signals?: CommandContext["signals"]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    io.stdout(programHelp());
    return first === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (first === "--version" || first === "-v" || first === "version") {
    io.stdout(`${VERSION} (${COMMIT})\n`);
    return EXIT.OK;
  }
  const cmd: Command | undefined = commands.find((c) => c.name === first);
  if (!cmd) {
    io.stderr(`error: unknown command "${first}". Run \`${PROGRAM} --help\` for the list.\n`);
    return EXIT.USAGE;
  }
  try {
    const args = parse(rest, cmd.options, cmd.allowPositionals ?? false);
    if (args.values.help) {
      io.stdout(helpText(cmd, PROGRAM));
      return EXIT.OK;
    }
    return await cmd.run({ args, io, shutdownSignal: shutdown.signal, shutdown, ...(signals ? { signals } : {}) });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\nRun \`${PROGRAM} ${cmd.name} --help\` for usage.\n`);
      return EXIT.USAGE;
    }
    if (err instanceof ConfigError) {
      io.stderr(err.problems.map((p) => `config error: ${p}\n`).join(""));
      return EXIT.USAGE;
    }
    // A read-only or full ledger, wherever it was met (opening, migrating, mid-sync): one line.
    const fault = ledgerFaultOf(err);
    if (fault) {
      io.stderr(`ledger error: ${fault.message}\n`);
      return EXIT.ENVIRONMENT;
    }
    if (err instanceof LedgerError) {
      io.stderr(`ledger error: ${err.message}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof StartupError) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT.ENVIRONMENT;
    }
    // An API refused or failed (message names the API, the call and what to do), a database is
    // missing, or another sync holds the lease: the command ran and could not finish.
    if (err instanceof ApiError || err instanceof SetupError || err instanceof DatabaseSetupError || err instanceof LockBusyError) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT.PARTIAL;
    }
    throw err;
  }
}
