import type { Command } from "./command";
import { configCommand } from "./commands/config-show";
import { dedupeCommand } from "./commands/dedupe";
import { demoCommand } from "./commands/demo";
import { schemaCommand } from "./commands/schema";
import { setupDatabasesCommand } from "./commands/setup-databases";
import { syncCommand } from "./commands/sync";
import { emulateCommand } from "./commands/emulate";
import { healthCommand } from "./commands/health";
import { matchCommand } from "./commands/match";
import { migrateCommand } from "./commands/migrate";
import { serveCommand } from "./commands/serve";
import { webhooksCommand } from "./commands/webhooks";

/** Every CLI command, in the order --help lists them. */
export const commands: Command[] = [
  serveCommand,
  syncCommand,
  matchCommand,
  setupDatabasesCommand,
  schemaCommand,
  dedupeCommand,
  webhooksCommand,
  healthCommand,
  migrateCommand,
  configCommand,
  emulateCommand,
  demoCommand,
];
