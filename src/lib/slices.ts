/**
 * Long synchronous work in slices, so the service's main event loop answers /ready, /metrics, the
 * admin API and the writer's responses in between (/health has a thread of its own, runtime/front). Reading a fleet (parsing every record, matching every site,
 * normalizing every device) is tens of milliseconds for 30 customers and seconds for 2,000; run
 * in one go, every probe waits for all of it.
 *
 * The work is written once, as a generator that `yield`s (nothing) wherever it may pause and
 * returns its result. `runSteps` runs it to the end at once (the pure callers and their tests);
 * `runSliced` runs it in slices of about SLICE_MS and lets the loop turn between them (the
 * reader). Written here because nothing kept slices synchronous code: p-queue and cockatiel
 * schedule promises, and `scheduler.yield()` exists only in browsers.
 * @module
 */

/** Work that may pause at each `yield` and returns T. */
export type Steps<T> = Generator<void, T, void>;

/** How long a slice may keep the loop: a probe waits at most about this long behind it. */
export const SLICE_MS = 2;

/**
 * Slicing is for a process that answers while it works: `serve` turns it on (startService). A CLI
 * command has nothing to answer in between, and the turns cost it: an unchanged `sync` of the
 * 2,000-customer fleet took 7.4 s of wall time sliced, 5.1 s not (BENCHMARKS.md). Off, runSliced
 * runs the steps at once and a Slicer never pauses.
 */
let slicing = false;

/** On in a serving process (one runtime per process, so one switch). */
export function setSlicing(on: boolean): void {
  slicing = on;
}

/** Whether this process slices (work that cannot yield, such as one transaction, keeps its batches small then). */
export const isSlicing = (): boolean => slicing;

/**
 * Lets timers and sockets run before the caller goes on. Work that breathes is served one slice
 * per turn of the loop: two readers slicing side by side (UniFi and NinjaOne) would otherwise both
 * run in the same turn, and a probe would wait for both slices.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

const waiting: (() => void)[] = [];
let pumping = false;

/** One waiter per turn (setImmediate runs after the loop has polled for I/O). */
function pump(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(pump);
  else pumping = false;
}

/** Runs `steps` to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs `steps` to the end, letting the event loop turn after each slice of about `budgetMs`. */
export async function runSliced<T>(steps: Steps<T>, budgetMs = SLICE_MS): Promise<T> {
  if (!slicing) return runSteps(steps);
  const slicer = new Slicer(budgetMs);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const pause = slicer.tick();
    if (pause) await pause;
  }
}

/** `items.map(fn)` with a pause point after each item. */
export function* mapSteps<T, U>(items: readonly T[], fn: (item: T, index: number) => U): Steps<U[]> {
  const out: U[] = new Array<U>(items.length);
  for (let i = 0; i < items.length; i++) {
    out[i] = fn(items[i]!, i);
    yield;
  }
  return out;
}

/** For async loops: `await slicer.tick()` after each item turns the loop once per slice. */
export class Slicer {
  private start = performance.now();
  constructor(private readonly budgetMs = SLICE_MS) {}

  /** Resolves at once inside a slice (no microtask churn), after one loop turn at its end. */
  tick(): Promise<void> | undefined {
    if (!slicing || performance.now() - this.start < this.budgetMs) return undefined;
    return breathe().then(() => void (this.start = performance.now()));
  }
}
