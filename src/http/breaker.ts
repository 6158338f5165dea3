/**
 * The per-API circuit breaker: cockatiel's CircuitBreakerPolicy with a ConsecutiveBreaker, plus
 * what cockatiel does not offer: a readable status, a manual reset and "answered" errors.
 * @module
 */
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
  type IDisposable,
} from "cockatiel";
import type { ApiName } from "./api-name";
import { ApiError, isUpstreamTrouble } from "./errors";
import type { BreakerStatus, GateEvent } from "./gate-types";

interface BreakerSettings {
  api: ApiName;
  failureThreshold: number;
  resetTimeoutMs: number;
  emit: (event: GateEvent) => void;
}

/** An error the API answered with (4xx, 429): carried past cockatiel so it counts as a success. */
class Answered {
  constructor(readonly error: unknown) {}
}

/**
 * Counts whole calls, after their retries: a blip that a retry recovers never reaches it, so a
 * steady 20% error rate leaves it closed and only a run of calls that failed for good opens it.
 * Only upstream trouble (5xx, timeout, network, outcome unknown) counts as a failure. A 4xx or
 * 429 means the API is up and answering, so it resets the streak like a success does.
 */
export class GateBreaker {
  private counter!: ConsecutiveBreaker;
  private policy!: CircuitBreakerPolicy;
  private listeners: IDisposable[] = [];
  private openedAt: number | undefined;

  constructor(private readonly s: BreakerSettings) {
    this.build();
  }

  /** Runs `fn` under the breaker; rejects with cockatiel's BrokenCircuitError when open. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const outcome = await this.policy.execute(async () => {
      try {
        return await fn();
      } catch (err) {
        // Upstream trouble is counted; caller aborts and bugs (not ApiErrors) stay neutral, as
        // cockatiel leaves errors its filter does not handle uncounted.
        if (isUpstreamTrouble(err) || !(err instanceof ApiError)) throw err;
        return new Answered(err);
      }
    });
    if (outcome instanceof Answered) throw outcome.error;
    return outcome;
  }

  status(now = Date.now()): BreakerStatus {
    const base = { consecutiveFailures: this.counter.state, failureThreshold: this.s.failureThreshold };
    const opensAt = this.openedAt === undefined ? undefined : new Date(this.openedAt).toISOString();
    switch (this.policy.state) {
      case CircuitState.Closed:
        return { state: "closed", ...base, halfOpenInMs: null };
      case CircuitState.HalfOpen:
        return { state: "half_open", ...base, opensAt, halfOpenInMs: null };
      default: {
        // cockatiel stays "Open" until a call arrives after the timeout; from then on the next
        // call is the probe, which is what "half_open" means to a reader of this status.
        const left = Math.max(0, (this.openedAt ?? now) + this.s.resetTimeoutMs - now);
        return { state: left === 0 ? "half_open" : "open", ...base, opensAt, halfOpenInMs: left };
      }
    }
  }

  /** Manual close (admin API). cockatiel has no reset, so the policy is rebuilt. */
  reset(): void {
    const wasClosed = this.policy.state === CircuitState.Closed;
    this.build();
    if (!wasClosed) this.s.emit({ type: "breaker_closed", api: this.s.api, manual: true });
  }

  private build(): void {
    for (const l of this.listeners) l.dispose();
    this.openedAt = undefined;
    this.counter = new ConsecutiveBreaker(this.s.failureThreshold);
    this.policy = circuitBreaker(handleWhen(isUpstreamTrouble), {
      halfOpenAfter: this.s.resetTimeoutMs,
      breaker: this.counter,
    });
    const api = this.s.api;
    this.listeners = [
      this.policy.onBreak(() => {
        this.openedAt = Date.now();
        this.s.emit({
          type: "breaker_open",
          api,
          consecutiveFailures: this.counter.state,
          halfOpenInMs: this.s.resetTimeoutMs,
        });
      }),
      this.policy.onHalfOpen(() => this.s.emit({ type: "breaker_half_open", api })),
      this.policy.onReset(() => {
        this.openedAt = undefined;
        this.s.emit({ type: "breaker_closed", api, manual: false });
      }),
    ];
  }
}

/** True when cockatiel refused the call because the breaker is open. */
export const isBreakerRejection = (err: unknown): boolean => isBrokenCircuitError(err);
