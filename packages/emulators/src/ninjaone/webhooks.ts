/**
 * NinjaOne's webhook, as the API client configures it and NinjaOne delivers it (shared
 * reference "NinjaOne webhooks"): `PUT /v2/webhook` sets the client's one webhook (`url`,
 * `activities` type → status codes, `expand`, `headers` as `{name, value}`, `organizationIds`),
 * 204; 403 without system-administrator rights (here: the `management` scope); `DELETE` removes
 * it, 204; there is no GET. Each new activity that the configuration selects is POSTed as one
 * JSON object shaped like an activity, with `device` when `expand` asks for it, and the
 * configured headers; nothing is signed. The retry policy is not documented: ours is three
 * attempts (at once, after 1 s, after 5 s) on a network error or a non-2xx answer, then the
 * delivery is lost. Faults drop a share of deliveries, or send some twice.
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { NinjaActivity } from "@oberaconnect/common/wire/ninjaone";
import type { SharedDataset } from "../common/shared-dataset";
import { createRng, type Rng } from "@oberaconnect/common/random";
import { badRequest, platformError } from "./errors";
import type { NinjaOneState } from "./state";

export const WebhookConfigSchema = z.object({
  url: z.string().url(),
  activities: z.record(z.string(), z.array(z.string())),
  expand: z.array(z.string()).optional(),
  headers: z.array(z.object({ name: z.string().min(1), value: z.string() })).optional(),
  organizationIds: z.array(z.number().int()).optional(),
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;

export const WebhookFaultsSchema = z.strictObject({
  drop_rate: z.number().min(0).max(1).default(0),
  duplicate_rate: z.number().min(0).max(1).default(0),
  seed: z.number().int().default(1),
});

const RETRY_DELAYS_MS = [0, 1000, 5000];

export class WebhookHub {
  config: WebhookConfig | null = null;
  private seen = 0;
  private faults = WebhookFaultsSchema.parse({});
  private rng: Rng = createRng(1);
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  readonly stats = { selected: 0, delivered: 0, dropped: 0, duplicated: 0, failed: 0, attempts: 0, last: null as null | { activityId: number; status: number | string; atMs: number } };

  constructor(private readonly shared: SharedDataset, private readonly now: () => number) {
    shared.onChange(() => this.deliverNew());
  }

  configure(config: WebhookConfig): void {
    this.config = config;
    this.seen = this.maxActivityId(); // only what happens from now on
  }

  remove(): void {
    this.config = null;
  }

  setFaults(raw: unknown): void {
    this.faults = WebhookFaultsSchema.parse(raw ?? {});
    this.rng = createRng(this.faults.seed);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private maxActivityId(): number {
    return this.shared.current.ninjaone.activities.reduce((m, a) => Math.max(m, a.id), 0);
  }

  private selects(a: NinjaActivity): boolean {
    const c = this.config;
    if (!c || !a.activityType || !a.statusCode) return false;
    const codes = c.activities[a.activityType];
    if (!codes?.includes(a.statusCode)) return false;
    if (c.organizationIds?.length) {
      const device = this.shared.current.ninjaone.devices.find((d) => d.id === a.deviceId);
      if (!device || !c.organizationIds.includes(device.organizationId)) return false;
    }
    return true;
  }

  private body(a: NinjaActivity): Record<string, unknown> {
    if (!this.config?.expand?.includes("device")) return { ...a };
    const n = this.shared.current.ninjaone;
    const device = n.devices.find((d) => d.id === a.deviceId);
    if (!device) return { ...a };
    const organization = n.organizations.find((o) => o.id === device.organizationId);
    const location = n.locations.find((l) => l.id === device.locationId);
    return { ...a, device: { ...device, references: { organization: organization ?? null, location: location ?? null } } };
  }

  private deliverNew(): void {
    const fresh = this.shared.current.ninjaone.activities.filter((a) => a.id > this.seen);
    if (fresh.length === 0) return;
    this.seen = Math.max(this.seen, ...fresh.map((a) => a.id));
    if (!this.config) return;
    for (const a of fresh.filter((x) => this.selects(x)).sort((x, y) => x.id - y.id)) {
      this.stats.selected++;
      if (this.rng() < this.faults.drop_rate) {
        this.stats.dropped++;
        continue;
      }
      const body = JSON.stringify(this.body(a));
      const copies = this.rng() < this.faults.duplicate_rate ? 2 : 1;
      if (copies === 2) this.stats.duplicated++;
      for (let k = 0; k < copies; k++) this.attempt(this.config, a.id, body, 0);
    }
  }

  private attempt(config: WebhookConfig, activityId: number, body: string, n: number): void {
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      this.stats.attempts++;
      const headers: Record<string, string> = { "content-type": "application/json" };
      for (const h of config.headers ?? []) headers[h.name] = h.value;
      let status: number | string;
      try {
        const r = await fetch(config.url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
        status = r.status;
        await r.arrayBuffer().catch(() => undefined);
      } catch (err) {
        status = (err as Error).name;
      }
      this.stats.last = { activityId, status, atMs: this.now() };
      if (typeof status === "number" && status >= 200 && status < 300) this.stats.delivered++;
      else if (n + 1 < RETRY_DELAYS_MS.length) this.attempt(config, activityId, body, n + 1);
      else this.stats.failed++;
    }, RETRY_DELAYS_MS[n]);
    this.timers.add(timer);
  }
}

/** Whether the request's token may manage the webhook (system-administrator rights: the `management` scope). */
function canManage(state: NinjaOneState, authorization: string | undefined): boolean {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  const check = token ? state.tokens.check(token) : { ok: false as const };
  return check.ok && check.scopes.has("management");
}

/** PUT and DELETE /v2/webhook on `api` (mounted under /v2; the bearer check has run). */
export function registerWebhookRoutes(api: Hono, hub: WebhookHub, state: NinjaOneState): void {
  const forbidden = (c: Context) => platformError(c, state.incidents, 403, "Insufficient privileges: configuring the webhook needs system administrator rights");
  api.put("/webhook", async (c) => {
    if (!canManage(state, c.req.header("authorization"))) return forbidden(c);
    const body = await c.req.json().catch(() => undefined);
    const parsed = WebhookConfigSchema.safeParse(body);
    if (!parsed.success) return badRequest(c, state.incidents, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    hub.configure(parsed.data);
    return c.body(null, 204);
  });
  api.delete("/webhook", (c) => {
    if (!canManage(state, c.req.header("authorization"))) return forbidden(c);
    hub.remove();
    return c.body(null, 204);
  });
}
