import { createApp } from "./app";
import type { LoadedConfig } from "./config/load";
import { ledgerStatus, type Ledger } from "./db/ledger";
import type { ComponentCheck } from "./health/checks";
import type { Clock } from "./lib/clock";
import type { Logger } from "./telemetry/logger";
import { VERSION } from "./version";

export interface ServerDeps {
  loaded: LoadedConfig;
  ledger: Ledger;
  logger: Logger;
  clock: Clock;
  /** Overrides config.server (the demo and tests pick a free port). */
  listen?: { host?: string; port?: number };
  /** Extra readiness components (the API checks). */
  extraChecks?: ComponentCheck[];
}

export interface RunningService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Readiness of the parts every deployment has: the ledger and the loaded config. */
export function baseChecks(deps: Pick<ServerDeps, "loaded" | "ledger">): ComponentCheck[] {
  return [
    { name: "ledger", run: async () => ledgerStatus(deps.ledger) },
    { name: "config", run: async () => ({ healthy: true, detail: `loaded from ${deps.loaded.file}` }) },
  ];
}

/** Binds the HTTP app; the caller owns shutdown order (server first, then ledger). */
export function startServer(deps: ServerDeps): RunningService {
  const app = createApp({
    version: VERSION,
    startedAt: deps.clock.now(),
    clock: deps.clock,
    logger: deps.logger,
    readiness: [...baseChecks(deps), ...(deps.extraChecks ?? [])],
    readyTimeoutMs: 5000,
  });
  const server = Bun.serve({
    hostname: deps.listen?.host ?? deps.loaded.config.server.host,
    port: deps.listen?.port ?? deps.loaded.config.server.port,
    fetch: app.fetch,
  });
  const port = server.port as number;
  const host = server.hostname === "0.0.0.0" ? "127.0.0.1" : server.hostname;
  return {
    url: `http://${host}:${port}`,
    port,
    // Graceful: stop accepting, let in-flight requests finish.
    stop: () => server.stop(false),
  };
}
