/**
 * What the main thread and the HTTP front thread say to each other, and the one answer the front
 * gives on its own: liveness. Plain data only (structured clone); bodies travel as transferred
 * ArrayBuffers, so a request or a response is moved between threads, not copied.
 * @module
 */

/**
 * The front's setup, sent once. `beat` holds a counter the main thread bumps every turn of a
 * timer; the front notes on its own monotonic clock when it last moved (no wall clock: a clock
 * step must not read as a stall).
 */
export interface FrontInit {
  type: "init";
  hostname: string;
  port: number;
  version: string;
  /** How long the service has been up when the front starts. */
  uptimeMs: number;
  /** /health says 503 once the main thread has not turned for this long. */
  stallAfterMs: number;
  beat: SharedArrayBuffer;
  maxRequestBodyBytes: number;
}

export interface ForwardedResponse {
  type: "response";
  id: number;
  status: number;
  headers: [string, string][];
  body: ArrayBuffer | null;
}

export type ToFront = FrontInit | ForwardedResponse | { type: "stop" };

export interface ForwardedRequest {
  type: "request";
  id: number;
  method: string;
  url: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
  remote: { address: string; family: string; port: number } | null;
}

export type FromFront =
  | { type: "listening"; hostname: string; port: number }
  | { type: "error"; code?: string; message: string }
  | ForwardedRequest
  /** The /health answers since the last batch (method, status, seconds), for the request histogram. */
  | { type: "probes"; answered: [string, number, number][] }
  | { type: "stopped" };

/** The answer when the app's could not be had or could not be carried over: a 500 in the error shape. */
export const INTERNAL_ERROR_JSON = JSON.stringify({ error: { code: "internal", message: "internal error; the service log says more", request_id: null } });

export interface HealthAnswer {
  status: 200 | 503;
  body: { status: "ok" | "stalled"; version: string; uptime_s: number; stalled_s?: number };
}

/**
 * Liveness as the front answers it. The process is alive when its main thread (the sync, the
 * admin API, the ledger) still turns: a main thread stuck for `stallAfterMs` is what a restart
 * cures, and a probe answered only by a healthy front would hide it.
 */
export function healthAnswer(o: { nowMs: number; startedAtMs: number; lastBeatMs: number; stallAfterMs: number; version: string }): HealthAnswer {
  const uptime_s = Math.floor((o.nowMs - o.startedAtMs) / 1000);
  const quiet = o.nowMs - o.lastBeatMs;
  if (quiet < o.stallAfterMs) return { status: 200, body: { status: "ok", version: o.version, uptime_s } };
  return { status: 503, body: { status: "stalled", version: o.version, uptime_s, stalled_s: Math.floor(quiet / 1000) } };
}
