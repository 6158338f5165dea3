import { EXIT } from "../exit-codes";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs } from "../bootstrap";
import { openLedger } from "../../ledger/ledger";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "Create the ledger if needed and apply pending migrations (a no-op when up to date).",
  usage: "migrate [--config FILE]",
  options: { ...CONFIG_OPTION },
  optionHelp: { ...CONFIG_HELP },
  async run(ctx) {
    const loaded = configFromArgs(ctx);
    const ledger = openLedger(loaded.config.ledger.path);
    try {
      const { applied, total } = ledger.migration;
      ctx.io.stdout(
        applied
          ? `ledger ${ledger.path}: applied ${applied} migration(s), ${total} in total\n`
          : `ledger ${ledger.path}: up to date (${total} migration(s))\n`,
      );
      return EXIT.OK;
    } finally {
      ledger.close();
    }
  },
};
