/**
 * Named shutdown steps run once, newest first (server stops taking requests before the ledger
 * it writes to is closed), each bounded so a stuck step cannot keep the process alive forever.
 */
export class ShutdownManager {
  private steps: { name: string; fn: () => Promise<void> | void; timeoutMs: number }[] = [];
  private running: Promise<void> | undefined;
  private readonly controller = new AbortController();

  constructor(private readonly stepTimeoutMs = 10_000) {}

  /** Aborted when shutdown starts; long-running work listens to it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** A named step; `timeoutMs` bounds it (default: the manager's step timeout). */
  add(name: string, fn: () => Promise<void> | void, timeoutMs = this.stepTimeoutMs): void {
    this.steps.push({ name, fn, timeoutMs });
  }

  /** Runs every step once; later calls return the same promise. */
  run(reason: string, log?: (msg: string, err?: unknown) => void): Promise<void> {
    this.running ??= (async () => {
      this.controller.abort(new Error(`shutdown: ${reason}`));
      for (const step of [...this.steps].reverse()) {
        try {
          await Promise.race([
            Promise.resolve().then(step.fn),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error(`timed out after ${step.timeoutMs} ms`)), step.timeoutMs).unref(),
            ),
          ]);
        } catch (err) {
          log?.(`shutdown step ${step.name} failed`, err);
        }
      }
    })();
    return this.running;
  }

  /** Starts shutdown on SIGTERM/SIGINT; returns a function that removes the listeners. */
  onSignals(log?: (msg: string, err?: unknown) => void, exit: (code: number) => void = (code) => process.exit(code)): () => void {
    // A second signal while the steps run: the operator means it, exit at once (SQLite keeps the
    // ledger whole; an interrupted write is looked up by the next run).
    const handler = (sig: NodeJS.Signals) => {
      if (this.running) {
        process.stderr.write(`${sig} again: exiting now\n`);
        exit(sig === "SIGINT" ? 130 : 143);
        return;
      }
      void this.run(sig, log);
    };
    process.on("SIGTERM", handler);
    process.on("SIGINT", handler);
    return () => {
      process.off("SIGTERM", handler);
      process.off("SIGINT", handler);
    };
  }
}

/** Resolves once the signal aborts (at once if it already has): "run until SIGTERM/SIGINT". */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
