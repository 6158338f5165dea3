import { EXIT } from "../exit-codes";
import { UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { withRuntime } from "../bootstrap";
import { ninjaoneFromConfig } from "../../sources/connectors";
import { ConfigError } from "../../config/errors";

export const WEBHOOK_PATH = "/webhooks/ninjaone";
/** What the product acts on: alert conditions raised and cleared. */
export const WEBHOOK_ACTIVITIES = { CONDITION: ["TRIGGERED", "RESET"] };

/**
 * `webhooks register | remove | status`. register: PUT /v2/webhook with the service's public URL
 * + /webhooks/ninjaone, the activities the product acts on, the device expanded, and the secret
 * header (a token with the `management` scope: NinjaOne wants system-administrator rights).
 * remove: DELETE /v2/webhook. status: what the service has received (from the ledger).
 */
export const webhooksCommand: Command = {
  name: "webhooks",
  summary: "`webhooks register | remove | status`: NinjaOne's webhook, which makes new alerts reach Notion in seconds.",
  usage: "webhooks register|remove|status [--config FILE] [--json]",
  options: { ...CONFIG_OPTION, json: { type: "boolean" } },
  optionHelp: { ...CONFIG_HELP, json: "status: print JSON" },
  allowPositionals: true,
  async run(ctx) {
    const sub = ctx.args.positionals.join(" ");
    if (!["register", "remove", "status"].includes(sub)) throw new UsageError('expected "register", "remove" or "status"');
    return withRuntime(ctx, async (rt) => {
      if (sub === "status") {
        const r = rt.repos.state.webhookReceipts<Record<string, any>>() ?? null;
        const secret = rt.loaded.secrets.get("NINJAONE_WEBHOOK_SECRET") !== undefined;
        if (ctx.args.values.json) ctx.io.stdout(`${JSON.stringify({ secret_set: secret, public_url: rt.config.ninjaone.webhook.public_url ?? null, receipts: r }, null, 2)}\n`);
        else {
          const lines = [`secret: ${secret ? "set" : "NOT set (NINJAONE_WEBHOOK_SECRET): deliveries are refused"}`, `public URL: ${rt.config.ninjaone.webhook.public_url ? rt.config.ninjaone.webhook.public_url + WEBHOOK_PATH : "not set (ninjaone.webhook.public_url)"}`];
          if (!r) lines.push("received: nothing yet");
          else {
            lines.push(`received: ${r.received}, duplicates ${r.duplicates}, rejected ${r.rejected}`);
            if (r.last) lines.push(`last delivery: ${r.last.at} (activity ${r.last.activity_id}, ${r.last.status_code ?? "?"}${r.last.lag_seconds !== null ? `, ${r.last.lag_seconds} s after the activity` : ""})`);
            if (r.last_rejected) lines.push(`last rejected: ${r.last_rejected.at} (${r.last_rejected.reason})`);
          }
          ctx.io.stdout(`${lines.join("\n")}\n`);
        }
        return EXIT.OK;
      }
      const ninja = ninjaoneFromConfig(rt.loaded, rt.gates.ninjaone, { scope: "monitoring management" });
      if (!ninja) throw new ConfigError(["ninjaone.enabled is false: there is no NinjaOne to register with"]);
      if (sub === "remove") {
        await ninja.removeWebhook(ctx.shutdownSignal);
        ctx.io.stdout("NinjaOne webhook removed; alerts arrive by the poll alone.\n");
        return EXIT.OK;
      }
      const base = rt.config.ninjaone.webhook.public_url;
      if (!base) throw new ConfigError(["ninjaone.webhook.public_url: not set; the service's address as NinjaOne reaches it, e.g. https://sync.example.com"]);
      const secret = rt.loaded.secrets.get("NINJAONE_WEBHOOK_SECRET");
      if (!secret) throw new ConfigError(["NINJAONE_WEBHOOK_SECRET (or NINJAONE_WEBHOOK_SECRET_FILE): not set; it is the proof a delivery comes from NinjaOne"]);
      const url = base.replace(/\/+$/, "") + WEBHOOK_PATH;
      await ninja.configureWebhook({ url, activities: WEBHOOK_ACTIVITIES, expand: ["device"], headers: [{ name: rt.config.ninjaone.webhook.secret_header, value: secret }] }, ctx.shutdownSignal);
      ctx.io.stdout(`NinjaOne webhook registered: ${url} (CONDITION TRIGGERED and RESET, device expanded, secret in ${rt.config.ninjaone.webhook.secret_header}).\n`);
      return EXIT.OK;
    });
  },
};
