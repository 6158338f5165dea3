import type { FakeClock } from "@oberaconnect/common/clock";

/**
 * Runs `work` on a fake clock while it talks to in-process servers over real loopback HTTP:
 * whenever nothing is on the wire (`idle()`) and something sleeps on the clock, time moves on to
 * that sleep's end, in steps of at most `stepMs` with a real pause between steps, so a request
 * sent too early still arrives at a fake time before the wait it skipped had ended. Long waits
 * (a 3-minute Retry-After) then cost milliseconds. Bounded by `maxRealMs` of real time.
 */
export async function driveFakeTime<T>(clock: FakeClock, work: Promise<T>, idle: () => boolean, opts: { stepMs?: number; maxRealMs?: number } = {}): Promise<T> {
  const stepMs = opts.stepMs ?? 1000;
  const deadline = performance.now() + (opts.maxRealMs ?? 60_000);
  let done = false;
  const settled = work.finally(() => {
    done = true;
  });
  while (!done) {
    if (performance.now() > deadline) throw new Error(`driveFakeTime: not done within ${opts.maxRealMs ?? 60_000} ms of real time`);
    await Bun.sleep(2);
    const due = clock.nextDueIn();
    if (due !== null && idle()) await clock.advance(Math.min(Math.max(due, 1), stepMs));
  }
  return settled;
}
