import { jest } from "bun:test";

/**
 * Fake-timer helpers. Bun's fake timers move setTimeout, Date.now and AbortSignal.timeout, but
 * have no async advance: code awaiting a timer needs microtask turns between steps to schedule
 * its next timer, so time is moved in small steps with a flush after each.
 */
export async function flush(turns = 60): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

export async function advance(ms: number, step = 5): Promise<void> {
  await flush();
  for (let left = ms; left > 0; left -= step) {
    jest.advanceTimersByTime(Math.min(step, left));
    await flush();
  }
}

/** A promise with its resolve/reject exposed, to script an attempt's outcome by hand. */
export function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
