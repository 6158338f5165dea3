import type { Clock } from "@oberaconnect/common/clock";

export interface RateLimitSettings {
  /** Average requests per second refilled into the bucket. */
  per_second: number;
  /** Bucket size: how many requests may arrive back to back after an idle period. */
  burst: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Token bucket as the real APIs describe theirs ("an average of three requests per second, with
 * some bursts allowed"). A refused request costs nothing; Retry-After is the whole seconds until
 * one token is back, never 0, because real servers send an integer and a client that retries
 * after "0" would just be refused again.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private settings: RateLimitSettings,
    private clock: Clock,
  ) {
    this.tokens = settings.burst;
    this.last = clock.now();
  }

  configure(settings: RateLimitSettings): void {
    this.refill();
    this.settings = settings;
    this.tokens = Math.min(this.tokens, settings.burst);
  }

  get current(): RateLimitSettings {
    return { ...this.settings };
  }

  take(): TakeResult {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const waitMs = ((1 - this.tokens) / this.settings.per_second) * 1000;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.settings.burst, this.tokens + elapsed * this.settings.per_second);
  }
}
