import type { Hono } from "hono";

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Serves an emulator on loopback only; port 0 picks a free one. */
export function serveOnLoopback(app: Hono, port = 0): RunningServer {
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    // Hung requests must outlive the client's timeout, so the socket is never idled out by us.
    idleTimeout: 0,
    fetch: app.fetch,
  });
  const actual = server.port as number;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    stop: async () => {
      await server.stop(true);
    },
  };
}
