import { EXIT } from "../exit-codes";
import { untilAborted } from "../../lib/shutdown";
import { numberFlag } from "../args";
import type { Command } from "../command";
import { startEmulators } from "@oberaconnect/emulators";

/**
 * Runs the three emulators until SIGTERM/SIGINT. Prints ONE JSON line when ready, so scripts can
 * read the URLs: {"notion":"http://127.0.0.1:P1","unifi":"…","ninjaone":"…","credentials":{…}}.
 * The credentials are the emulators' fixed ones; they open nothing real.
 */
export const emulateCommand: Command = {
  name: "emulate",
  summary: "Run emulated Notion, UniFi Site Manager and NinjaOne APIs on 127.0.0.1 (tests, benchmarks, demos).",
  usage: "emulate [--customers N] [--seed S] [--notion-port P] [--unifi-port P] [--ninjaone-port P]",
  options: {
    customers: { type: "string" },
    seed: { type: "string" },
    "notion-port": { type: "string" },
    "unifi-port": { type: "string" },
    "ninjaone-port": { type: "string" },
  },
  optionHelp: {
    customers: "customers in the generated dataset (default 10)",
    seed: "seed of the generated dataset (default 1)",
    "notion-port": "port of the Notion emulator (default: any free port)",
    "unifi-port": "port of the UniFi Site Manager emulator",
    "ninjaone-port": "port of the NinjaOne emulator",
  },
  async run(ctx) {
    const port = (name: string) => numberFlag(ctx.args, name, { integer: true, min: 0, max: 65535 });
    const emulators = await startEmulators({
      customers: numberFlag(ctx.args, "customers", { integer: true, min: 1, max: 100_000 }) ?? 10,
      seed: numberFlag(ctx.args, "seed", { integer: true }) ?? 1,
      ports: { notion: port("notion-port"), unifi: port("unifi-port"), ninjaone: port("ninjaone-port") },
    });
    ctx.io.stdout(
      `${JSON.stringify({
        notion: emulators.notion.url,
        unifi: emulators.unifi.url,
        ninjaone: emulators.ninjaone.url,
        credentials: {
          NOTION_TOKEN: emulators.credentials.notionToken,
          UNIFI_API_KEY: emulators.credentials.unifiApiKey,
          NINJAONE_CLIENT_ID: emulators.credentials.ninjaoneClientId,
          NINJAONE_CLIENT_SECRET: emulators.credentials.ninjaoneClientSecret,
        },
        notion_parent_page_id: emulators.notion.store.rootPageId,
      })}\n`,
    );
    await untilAborted(ctx.shutdownSignal);
    await emulators.stop();
    return EXIT.OK;
  },
};
