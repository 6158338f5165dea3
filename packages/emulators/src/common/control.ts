import type { Hono } from "hono";
import { z } from "zod";
import { FaultsSchema, type FaultState } from "./faults";
import type { StatsRecorder } from "./stats";

export interface ControlHooks {
  dump(): unknown;
  /** Back to the state the emulator started with (data, faults and stats). */
  reset(): void;
  /** Source emulators change their data between runs; Notion has no mutate. */
  mutate?(body: unknown): unknown;
}

/**
 * The control API lives under /_emulator, outside every real API path, and is never rate
 * limited, faulted or counted: tests and the demo use it to look at and steer the emulator.
 */
export function registerControl(app: Hono, state: FaultState, stats: StatsRecorder, hooks: ControlHooks): void {
  app.get("/_emulator/stats", (c) => c.json({ ...stats.snapshot(), held_writes: state.heldWrites }));
  /** Every write received, in arrival order (see WriteLogEntry). */
  app.get("/_emulator/writes", (c) => c.json({ writes: stats.writeLog() }));
  /** Applies the writes parked by the `hold_writes` fault, in arrival order. */
  app.post("/_emulator/release", (c) => c.json({ released: state.release() }));
  app.get("/_emulator/dump", (c) => c.json(hooks.dump() as object));
  app.post("/_emulator/reset", (c) => {
    hooks.reset();
    state.reset();
    stats.reset();
    return c.json({ ok: true });
  });
  app.post("/_emulator/stats/reset", (c) => {
    stats.reset();
    return c.json({ ok: true });
  });
  app.get("/_emulator/faults", (c) => c.json({ ...state.faults, rate_limit: state.bucket.current }));
  app.post("/_emulator/faults", async (c) => {
    const parsed = FaultsSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: describe(parsed.error) }, 400);
    state.set(parsed.data);
    return c.json({ ...state.faults, rate_limit: state.bucket.current });
  });
  app.post("/_emulator/mutate", async (c) => {
    if (!hooks.mutate) return c.json({ error: "this emulator has no source data to mutate" }, 404);
    try {
      return c.json(hooks.mutate(await c.req.json().catch(() => undefined)) as object);
    } catch (err) {
      return c.json({ error: (err as Error).message }, 400);
    }
  });
}

export function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ");
}
