/** What a health or readiness component answers (`health --check`, GET /ready). */
/** Result of one component check; `detail` is a short human sentence, never a secret. */
export interface CheckResult {
  healthy: boolean;
  detail: string;
  /** Why it is unhealthy, in the failing API's or system's words (scrubbed of secrets). */
  error?: string;
  /** Healthy enough to serve, but something the on-call must act on (e.g. Notion refuses new pages). */
  degraded?: boolean;
}

export interface ComponentCheck {
  name: string;
  run(signal: AbortSignal): Promise<CheckResult>;
}

export interface ComponentStatus extends CheckResult {
  latency_ms: number;
}

export interface HealthReport {
  healthy: boolean;
  components: Record<string, ComponentStatus>;
}
