/**
 * A response body as a loosely typed value: tests assert on its fields, and a wrong shape fails
 * the assertion, which is the point. (`Response.json()` is typed `unknown` in Bun.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const json = async (res: Response | Promise<Response>): Promise<Json> => (await res).json();

/**
 * Polls GET /ready until it answers 200 or `timeoutMs` passes (bounded; returns the last answer).
 * A fresh service is not ready until each API has answered its first background probe.
 */
export async function waitReady(baseUrl: string, timeoutMs = 5000): Promise<{ status: number; body: Json }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${baseUrl}/ready`);
    const body = await res.json();
    if (res.status === 200 || Date.now() > end) return { status: res.status, body };
    await Bun.sleep(20);
  }
}
