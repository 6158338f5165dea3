import { EXIT } from "../exit-codes";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs } from "../bootstrap";
import { redactedView } from "../../config/redact";

export const configCommand: Command = {
  name: "config",
  summary: "Validate the config and print the effective settings (secrets shown only as set/unset).",
  usage: "config [--config FILE]",
  options: { ...CONFIG_OPTION },
  optionHelp: { ...CONFIG_HELP },
  async run(ctx) {
    const loaded = configFromArgs(ctx);
    ctx.io.stdout(`${JSON.stringify(redactedView(loaded), null, 2)}\n`);
    return EXIT.OK;
  },
};
