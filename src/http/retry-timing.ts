/**
 * Pure timing rules of the gate: how long a Retry-After asks for, and the backoff schedule.
 * @module
 */

/**
 * Milliseconds a Retry-After header asks for: delta-seconds (RFC 9110; decimals accepted, since
 * UniFi's exact format is unconfirmed) or an HTTP-date. Undefined when absent, negative or
 * unreadable, so the caller falls back to backoff, as @notionhq/client does.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number.parseFloat(v) * 1000);
  if (/^-/.test(v)) return undefined;
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * UniFi puts the precise wait in its 429 body ("rate limit exceeded, retry after 5.372786998s");
 * used only when the header is missing.
 */
export function retryAfterFromMessage(message: string | undefined): number | undefined {
  const m = message?.match(/retry after (\d+(?:\.\d+)?)\s*s\b/i);
  return m?.[1] === undefined ? undefined : Math.ceil(Number.parseFloat(m[1]) * 1000);
}

/** The knobs of the exponential backoff. */
export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Delay before retry number `attempt` (1 = the wait after the first failure): exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, with "equal jitter": uniformly within [cap/2, cap].
 * Half the delay is always kept, so a retry never comes back instantly; the random half spreads
 * the clients that failed together so they do not return together.
 */
export function backoffDelay(attempt: number, s: BackoffSettings, random: () => number = Math.random): number {
  const exp = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
