import { describe, expect, test } from "bun:test";
import { afterAll, beforeAll } from "bun:test";
import { mapSteps, runSliced, runSteps, setSlicing, Slicer, type Steps } from "../../src/lib/slices";

/** Busy work in `n` steps of about `ms` each. */
function* busy(n: number, ms: number): Steps<number> {
  for (let i = 0; i < n; i++) {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      /* spin */
    }
    yield;
  }
  return n;
}

describe("slices", () => {
  beforeAll(() => setSlicing(true)); // as in `serve`
  afterAll(() => setSlicing(false));

  test("runSteps and runSliced return what the steps return", async () => {
    const double = () => mapSteps([1, 2, 3], (x, i) => x * 2 + i);
    expect(runSteps(double())).toEqual([2, 5, 8]);
    expect(await runSliced(double())).toEqual([2, 5, 8]);
    expect(runSteps(mapSteps([], (x) => x))).toEqual([]);
  });

  test("runSliced lets a timer run in the middle of long work; runSteps does not", async () => {
    let fired = false;
    const timer = setTimeout(() => (fired = true), 0);
    runSteps(busy(20, 1));
    expect(fired).toBe(false); // 20 ms of work, and the loop never turned
    clearTimeout(timer);

    const seenAt: boolean[] = [];
    setTimeout(() => (fired = true), 0);
    fired = false;
    function* watched(): Steps<void> {
      for (let i = 0; i < 30; i++) {
        yield* busy(1, 1);
        seenAt.push(fired);
      }
    }
    await runSliced(watched(), 2);
    expect(seenAt[0]).toBe(false);
    expect(seenAt.at(-1)).toBe(true); // the timer ran between two slices, before the work ended
  });

  test("two sliced jobs side by side take one slice per turn of the loop, not one each", async () => {
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const turns: number[] = [];
    function* job(): Steps<void> {
      for (let i = 0; i < 10; i++) {
        turns.push(turn);
        yield; // budget 0: every step ends a slice
      }
    }
    await Promise.all([runSliced(job(), 0), runSliced(job(), 0)]);
    ticking = false;
    expect(turns).toHaveLength(20);
    // No two slices in the same turn (the first of each job runs before any pause).
    expect(new Set(turns.slice(2)).size).toBe(turns.length - 2);
  });

  test("Slicer.tick answers at once inside a slice and pauses at its end", async () => {
    const s = new Slicer(1000);
    expect(s.tick()).toBeUndefined();
    const ended = new Slicer(0);
    const pause = ended.tick();
    expect(pause).toBeInstanceOf(Promise);
    await pause;
  });
});

describe("slices in a CLI process (slicing off)", () => {
  test("runSliced runs to the end without letting a timer in; a Slicer never pauses", async () => {
    setSlicing(false);
    let fired = false;
    const timer = setTimeout(() => (fired = true), 0);
    function* work(): Steps<boolean> {
      for (let i = 0; i < 10; i++) yield* busy(1, 1);
      return fired;
    }
    expect(await runSliced(work(), 1)).toBe(false);
    clearTimeout(timer);
    expect(new Slicer(0).tick()).toBeUndefined();
  });
});
