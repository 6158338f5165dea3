import type { Clock } from "@oberaconnect/common/clock";

export interface EmulatorStats {
  total: number;
  /** "METHOD route status" → count, e.g. "PATCH /v1/pages/:page_id 200". */
  requests: Record<string, number>;
  rate_limited: number;
  /** Most requests received inside any sliding 1-second window since the last reset. */
  max_requests_in_1s: number;
  /** The same, counting only requests that arrived after the first 429 was sent. */
  max_requests_in_1s_after_first_429: number;
  first_429_at: string | null;
  /** Writes applied whose response was then dropped on purpose (commit-then-drop). */
  dropped_after_commit: number;
  /**
   * Requests that came back before a Retry-After this connection was given had ended: "requests
   * made after waiting this minimum amount of time should no longer be rate limited", so these
   * are a client that did not wait. A request arriving within EARLY_GRACE_MS of the 429 is not
   * counted: it was already on its way when the answer went out.
   */
  early_requests: number;
}

/** See early_requests: loopback requests in flight when a 429 left arrive within a few ms. */
export const EARLY_GRACE_MS = 250;

/**
 * One write the emulated API received, in arrival order: when it came, when it was applied and
 * answered, and whether its client was still there. A page left stale after a crash is explained
 * by the order in which writes to it landed, which is what this log shows.
 */
export interface WriteLogEntry {
  seq: number;
  method: string;
  /** The request path (carries the page id of a PATCH). */
  path: string;
  arrived_ms: number;
  done_ms: number;
  status: number;
  /** The client had disconnected (killed, timed out) before the write was applied. */
  client_gone: boolean;
  /** The first bytes of the request body. */
  body: string;
}

/** Most writes kept in the log (the oldest go first). */
const WRITE_LOG_MAX = 50_000;

/**
 * Counts every request the emulated API receives (429s included: a client that keeps sending
 * while limited is exactly what the stats must show). The 1-second window slides, which is
 * stricter than counting per calendar second.
 */
export class StatsRecorder {
  private counts = new Map<string, number>();
  private window: number[] = [];
  private total = 0;
  private limited = 0;
  private maxWindow = 0;
  private maxWindowAfter429 = 0;
  private first429: number | null = null;
  private dropped = 0;
  private writes: WriteLogEntry[] = [];
  private early = 0;
  /** Per token: when its last 429/529 went out and until when it must wait. */
  private waits = new Map<string, { sentMs: number; untilMs: number }>();
  private writeSeq = 0;

  constructor(private clock: Clock) {}

  /** Called once a write has been handled (see WriteLogEntry). */
  logWrite(entry: Omit<WriteLogEntry, "seq">): void {
    this.writes.push({ seq: ++this.writeSeq, ...entry });
    if (this.writes.length > WRITE_LOG_MAX) this.writes.splice(0, this.writes.length - WRITE_LOG_MAX);
  }

  /** The writes received so far, oldest first (at most the last 50,000). */
  writeLog(): readonly WriteLogEntry[] {
    return this.writes;
  }

  /** Called when a request arrives, before it is handled; `token` identifies the connection. */
  arrive(token = ""): void {
    const now = this.clock.now();
    const w = this.waits.get(token);
    if (w && now < w.untilMs && now > w.sentMs + EARLY_GRACE_MS) this.early++;
    this.total++;
    this.window.push(now);
    while (this.window.length && (this.window[0] as number) <= now - 1000) this.window.shift();
    const inWindow = this.window.length;
    this.maxWindow = Math.max(this.maxWindow, inWindow);
    if (this.first429 !== null) {
      const afterFirst = this.window.filter((t) => t > (this.first429 as number)).length;
      this.maxWindowAfter429 = Math.max(this.maxWindowAfter429, afterFirst);
    }
  }

  /** Called once the response status is known. */
  finish(method: string, route: string, status: number): void {
    const key = `${method} ${route} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (status === 429) {
      this.limited++;
      if (this.first429 === null) this.first429 = this.clock.now();
    }
  }

  /** A 429/529 with this Retry-After went out to `token`. */
  answeredLimited(token: string, retryAfterSeconds: number): void {
    const now = this.clock.now();
    const prev = this.waits.get(token);
    this.waits.set(token, { sentMs: now, untilMs: Math.max(prev?.untilMs ?? 0, now + retryAfterSeconds * 1000) });
  }

  droppedAfterCommit(): void {
    this.dropped++;
  }

  /** Sum of counts whose key matches every given part ("POST", "/v1/pages", "200"...). */
  count(method?: string, route?: string, status?: number): number {
    let n = 0;
    for (const [key, v] of this.counts) {
      const [m, r, s] = key.split(" ");
      if (method && m !== method) continue;
      if (route && r !== route) continue;
      if (status !== undefined && s !== String(status)) continue;
      n += v;
    }
    return n;
  }

  snapshot(): EmulatorStats {
    return {
      total: this.total,
      requests: Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b))),
      rate_limited: this.limited,
      max_requests_in_1s: this.maxWindow,
      max_requests_in_1s_after_first_429: this.maxWindowAfter429,
      first_429_at: this.first429 === null ? null : new Date(this.first429).toISOString(),
      dropped_after_commit: this.dropped,
      early_requests: this.early,
    };
  }

  reset(): void {
    this.counts.clear();
    this.window = [];
    this.total = this.limited = this.maxWindow = this.maxWindowAfter429 = this.dropped = 0;
    this.first429 = null;
    this.writes = [];
    this.early = 0;
    this.waits.clear();
  }
}
