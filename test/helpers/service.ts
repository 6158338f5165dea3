import type { Clock } from "@oberaconnect/common/clock";
import type { Logger } from "../../src/telemetry/logger";
import { startService, type RunningService, type ServiceOptions } from "../../src/runtime/service";
import { startStack, type Stack } from "./stack";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdefgh";

export interface ServiceHarness {
  s: Stack;
  svc: RunningService;
  url: string;
  shutdown: AbortController;
  /** fetch against the service with the admin token. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The whole service (SyncService, scheduler, readiness, admin API, HTTP on 127.0.0.1:0) on the
 * emulator stack. The scheduler is off unless the test's config turns it on.
 */
export async function startServiceHarness(
  opts: { customers?: number; seed?: number; adminToken?: string | null; config?: Record<string, unknown>; service?: Partial<ServiceOptions>; setup?: boolean; clock?: Clock; logger?: Logger; env?: Record<string, string> } = {},
): Promise<ServiceHarness> {
  const token = opts.adminToken === undefined ? ADMIN_TOKEN : opts.adminToken;
  const s = await startStack({
    customers: opts.customers ?? 2,
    seed: opts.seed ?? 3,
    env: { ...(token === null ? {} : { ADMIN_TOKEN: token }), ...opts.env },
    config: { scheduler: { enabled: false }, ...opts.config },
    ...(opts.setup === false ? { setup: false } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const shutdown = new AbortController();
  const svc = await startService(s.rt, { listen: { host: "127.0.0.1", port: 0 }, shutdownSignal: shutdown.signal, ...opts.service });
  const h: ServiceHarness = {
    s,
    svc,
    url: svc.url,
    shutdown,
    admin: (path, init = {}) =>
      fetch(`${svc.url}${path}`, { ...init, headers: { authorization: `Bearer ${token ?? ""}`, ...(init.headers as Record<string, string> | undefined) } }),
    stop: async () => {
      shutdown.abort();
      await svc.stop(5000);
      await s.stop();
    },
  };
  return h;
}
