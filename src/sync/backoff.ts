/**
 * When a failed record may be tried again: 1 min, 2, 4, ... capped at 6 h. Pure, so the
 * schedule is a table in the tests. `--retry-failed` ignores it on purpose: an operator who
 * asks for a retry wants it now.
 */
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3600_000;

export function nextAttemptAt(attempts: number, nowMs: number): string {
  const exp = Math.min(Math.max(attempts, 1) - 1, 20);
  return new Date(nowMs + Math.min(RETRY_BASE_MS * 2 ** exp, RETRY_MAX_MS)).toISOString();
}
