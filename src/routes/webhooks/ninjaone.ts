/**
 * POST /webhooks/ninjaone: NinjaOne's deliveries (one activity per request, unsigned). The
 * secret header (config `ninjaone.webhook.secret_header`, value NINJAONE_WEBHOOK_SECRET) is
 * compared in constant time; a missing or wrong one is 401 with nothing done, counted against
 * the same per-address throttle as the admin API (429 past it); the right one always passes. The body is at most 64 KiB and must be an
 * activity. The answer comes at once (202): the work is an alerts poll started in the
 * background (sync/alerts-nudge.ts), which believes only what NinjaOne's API confirms. A
 * redelivery of an activity id already seen is answered 200 and changes nothing.
 * @module
 */
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { AppError } from "../errors";
import { clientAddress, sameToken, type FailedLogins } from "../admin/auth";
import type { App } from "../env";
import type { WebhookReceipts } from "../../sources/ninjaone/webhook-receipts";

export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/** The fields a delivery is read by; the rest of the activity is ignored. */
const Delivery = z.object({
  id: z.number().int().nonnegative(),
  activityType: z.string().optional(),
  statusCode: z.string().optional(),
  activityTime: z.number().optional(),
  seriesUid: z.string().optional(),
}).loose();

export interface NinjaWebhookDeps {
  secret(): string | undefined;
  header: string;
  logins: FailedLogins;
  receipts: Pick<WebhookReceipts, "accepted" | "rejected">;
  /** Starts (or queues) an alerts poll. */
  nudge(): void;
  audit(fields: Record<string, unknown>, message: string): void;
}

/** Activities the product acts on: alert conditions raised and cleared. */
const ACTS = (type?: string, code?: string) => type?.toUpperCase() === "CONDITION" && ["TRIGGERED", "RESET"].includes((code ?? "").toUpperCase());

export function registerNinjaWebhook(app: App, d: NinjaWebhookDeps): void {
  app.post(
    "/webhooks/ninjaone",
    bodyLimit({ maxSize: MAX_WEBHOOK_BODY_BYTES, onError: () => { throw new AppError("payload_too_large", `request body over ${MAX_WEBHOOK_BODY_BYTES / 1024} KiB`); } }),
    async (c) => {
      const expected = d.secret();
      if (expected === undefined) throw new AppError("webhooks_disabled", "NinjaOne webhooks are off: set NINJAONE_WEBHOOK_SECRET (or _FILE) and restart or reload the service");
      const client = clientAddress(c) ?? "unknown";
      const given = c.req.header(d.header);
      // A delivery with the right secret always passes: behind a proxy every sender has the
      // proxy's address, and someone sending wrong secrets through it must not lock NinjaOne out.
      // Wrong ones are throttled (the secret is long: the throttle keeps the log and the CPU calm).
      if (!given || !sameToken(given, expected)) {
        const wait = await d.logins.waitOf(client);
        if (wait > 0) throw new AppError("too_many_requests", `too many refused deliveries from this address; try again in ${wait} s`, { retry_after_s: wait }, { "Retry-After": String(wait) });
        d.receipts.rejected(given ? "wrong secret" : "no secret header");
        const blocked = await d.logins.failed(client);
        d.audit({ route: "/webhooks/ninjaone", status: blocked ? 429 : 401, client }, `NinjaOne webhook refused from ${client}: ${given ? "wrong secret" : "no secret header"}`);
        if (blocked) throw new AppError("too_many_requests", `too many refused deliveries from this address; try again in ${blocked} s`, { retry_after_s: blocked }, { "Retry-After": String(blocked) });
        throw new AppError("unauthorized", `a NinjaOne delivery must carry the ${d.header} header with the webhook secret`);
      }
      const parsed = Delivery.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        d.receipts.rejected("not an activity");
        throw new AppError("bad_request", `not a NinjaOne activity: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`);
      }
      const a = parsed.data;
      const outcome = d.receipts.accepted(a.id, a.statusCode ?? null, a.activityTime ?? null);
      if (outcome === "duplicate") return c.json({ accepted: false, duplicate: true, activity_id: a.id }, 200);
      const acts = ACTS(a.activityType, a.statusCode);
      if (acts) d.nudge();
      return c.json({ accepted: true, activity_id: a.id, alerts_poll: acts ? "started" : "not needed" }, 202);
    },
  );
}
