import type { LedgerFaultSink } from "./errors";
import type { Clock } from "@oberaconnect/common/clock";
import type { ComponentCheck } from "../health/checks";
import type { Logger } from "../telemetry/logger";
import type { Telemetry } from "../telemetry/otel";
import type { AdminDeps } from "./admin/deps";
import type { MetricsRouteDeps } from "./metrics";
import type { StatusPageDeps } from "./status-page";
import type { NinjaWebhookDeps } from "./webhooks/ninjaone";

/** Everything the HTTP shell needs, built once at boot and injected (tests pass their own). */
export interface AppDeps {
  version: string;
  startedAt: number;
  clock: Clock;
  logger: Logger;
  /** Components /ready reports on, each answering from cached state. */
  readiness: ComponentCheck[];
  readyTimeoutMs: number;
  /** Hears a request stopped by an unwritable ledger (ledger/faults.ts): the service then pauses. */
  ledgerFaults?: LedgerFaultSink;
  /** The admin API; absent in tests of the probes alone. */
  admin?: AdminDeps;
  /** Inbound spans and the request histogram, and GET /metrics. */
  telemetry?: Telemetry;
  metrics?: Omit<MetricsRouteDeps, "telemetry">;
  /** GET / and /status (needs `admin`: the page shows and does what the admin API does). */
  statusPage?: Omit<StatusPageDeps, "admin" | "logins">;
  /** POST /webhooks/ninjaone (it shares the admin API's throttle). */
  ninjaWebhook?: Omit<NinjaWebhookDeps, "logins">;
}
