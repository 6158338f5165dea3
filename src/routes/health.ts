import type { App } from "./env";
import type { AppDeps } from "./app-deps";

/** Liveness: the process answers. Deliberately checks nothing else, so it never flaps. */
export function registerHealth(app: App, deps: AppDeps): void {
  app.get("/health", (c) =>
    c.json({
      status: "ok",
      version: deps.version,
      uptime_s: Math.floor((deps.clock.now() - deps.startedAt) / 1000),
    }),
  );
}
