import type { Command } from "./command";
import { configCommand } from "./commands/config-show";
import { migrateCommand } from "./commands/migrate";
import { serveCommand } from "./commands/serve";

/** Every CLI command, in the order --help lists them. */
export const commands: Command[] = [serveCommand, migrateCommand, configCommand];
