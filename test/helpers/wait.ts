/**
 * Polls until `probe` returns something other than undefined, or fails after `timeoutMs`.
 * For conditions in another process or over real HTTP on the real clock, where no fake clock can
 * stand in; bounded, so a broken condition fails the test instead of hanging it.
 */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await Bun.sleep(25);
  }
}
