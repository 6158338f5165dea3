/**
 * NinjaOne's webhook in the service: the receipts (persisted in the ledger, so `webhooks status`
 * reads them from another process), the nudge that turns a delivery into an alerts poll, and the
 * route's dependencies. Built once per service.
 * @module
 */
import type { NinjaWebhookDeps } from "../routes/webhooks/ninjaone";
import { WebhookReceipts, type WebhookSnapshot } from "../sources/ninjaone/webhook-receipts";
import { AlertsNudge } from "../sync/alerts-nudge";
import type { SyncService } from "../sync/service";
import type { Runtime } from "./runtime";

export interface WebhookParts {
  route: Omit<NinjaWebhookDeps, "logins">;
  /** For /admin/status and the status page. */
  status(): WebhookSnapshot & { enabled: boolean; polls_started: number };
  nudge: AlertsNudge;
}

export function webhookParts(rt: Runtime, syncs: Pick<SyncService, "start">): WebhookParts {
  const state = rt.repos.state;
  const saved = state.webhookReceipts<WebhookSnapshot>() ?? null;
  const receipts = new WebhookReceipts(() => rt.clock.now(), saved);
  const persist = () => {
    try {
      state.setWebhookReceipts(receipts.snapshot());
    } catch {
      /* an unwritable ledger is reported by /ready; the counters live on in memory */
    }
  };
  const nudge = new AlertsNudge(
    () => syncs.start({ jobs: ["alerts"], mode: "incremental", dryRun: false, trigger: "webhook" }),
    undefined,
    (err) => rt.logger.warn({ error: (err as Error).message }, "the alerts poll a NinjaOne delivery asked for did not start; the next scheduled poll catches it"),
  );
  return {
    route: {
      secret: () => rt.loaded.secrets.get("NINJAONE_WEBHOOK_SECRET"),
      header: rt.config.ninjaone.webhook.secret_header,
      receipts: {
        accepted: (...a: Parameters<WebhookReceipts["accepted"]>) => {
          const r = receipts.accepted(...a);
          persist();
          return r;
        },
        rejected: (reason: string) => {
          receipts.rejected(reason);
          persist();
        },
      },
      nudge: () => nudge.nudge(),
      audit: (fields, message) => rt.logger.info(fields, message),
    },
    status: () => ({ enabled: rt.loaded.secrets.get("NINJAONE_WEBHOOK_SECRET") !== undefined, ...receipts.snapshot(), polls_started: nudge.polls }),
    nudge,
  };
}
