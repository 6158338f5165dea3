import type { Clock } from "@oberaconnect/common/clock";

import type { CheckResult, ComponentCheck } from "../core";

export type { CheckResult, ComponentCheck } from "../core";

import type { ComponentStatus, HealthReport } from "../core";

export type { ComponentStatus, HealthReport } from "../core";


/**
 * Runs every check in parallel, each bounded by `timeoutMs` so one hung dependency cannot hang
 * the probe. A check that throws or times out is reported unhealthy with the reason.
 */
export async function runChecks(checks: ComponentCheck[], timeoutMs: number, clock: Clock): Promise<HealthReport> {
  const entries = await Promise.all(
    checks.map(async (check): Promise<[string, ComponentStatus]> => {
      const started = clock.now();
      const signal = AbortSignal.timeout(timeoutMs);
      let result: CheckResult;
      try {
        result = await Promise.race([
          check.run(signal),
          new Promise<CheckResult>((resolve) =>
            signal.addEventListener("abort", () =>
              resolve({ healthy: false, detail: `no answer within ${timeoutMs} ms` }),
            ),
          ),
        ]);
      } catch (err) {
        result = { healthy: false, detail: (err as Error).message };
      }
      return [check.name, { ...result, latency_ms: Math.max(0, clock.now() - started) }];
    }),
  );
  const components = Object.fromEntries(entries);
  return { healthy: entries.every(([, s]) => s.healthy), components };
}

/**
 * Remembers a check's result for `ttlMs`, so readiness probes every few seconds do not spend
 * an API's rate budget (Notion allows ~3 requests/s for everything the service does).
 */
export function cachedCheck(check: ComponentCheck, ttlMs: number, clock: Clock): ComponentCheck {
  let last: { at: number; result: CheckResult } | undefined;
  let inflight: Promise<CheckResult> | undefined;
  return {
    name: check.name,
    async run(signal) {
      if (last && clock.now() - last.at < ttlMs) return last.result;
      inflight ??= check.run(signal).finally(() => (inflight = undefined));
      const result = await inflight;
      last = { at: clock.now(), result };
      return result;
    },
  };
}
