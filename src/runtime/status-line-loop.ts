import { JOBS } from "../sync/jobs";
import { StatusLines } from "../sync/status-line";
import type { Runtime } from "./runtime";

/**
 * The "Sync status" line in each database: looked at every 30 s, written only when due (at most
 * once per database per `writer.status_line_minutes`), never while writes are blocked (a pause, a
 * maintenance window, a replica) or without a Notion token. `done` settles once the signal aborts.
 */
export function startStatusLines(rt: Runtime, o: { blocked: () => string | null; signal: AbortSignal }): { lines: StatusLines; done: Promise<void> } {
  const lines = new StatusLines({
    notion: () => rt.notion(),
    clock: rt.clock,
    logger: rt.logger,
    queue: () => ({ ...rt.repos.pending.stats(), nowMs: rt.clock.now() }),
    databaseId: (job) => {
      const db = JOBS.find((j) => j.name === job)!.database;
      return rt.config.databases[db] ?? rt.repos.registry.get(db)?.databaseId ?? null;
    },
    everyMinutes: () => rt.config.writer.status_line_minutes,
  });
  const done = (async () => {
    while (!o.signal.aborted) {
      if (!o.blocked() && rt.loaded.secrets.get("NOTION_TOKEN") !== undefined) await lines.update(o.signal).catch(() => undefined);
      await rt.clock.sleep(30_000, o.signal).catch(() => undefined);
    }
  })();
  return { lines, done };
}
