/**
 * The main thread's side of the HTTP front (front-worker.ts): starts the thread, answers the
 * requests it hands over with the app, keeps the heartbeat the front's /health reads, and stops
 * it once its in-flight requests are answered.
 * @module
 */
import { cannotListen } from "../listen";
import { INTERNAL_ERROR_JSON, type ForwardedRequest, type ForwardedResponse, type FromFront, type ToFront } from "./protocol";

export interface FrontOptions {
  hostname: string;
  port: number;
  version: string;
  /** Milliseconds the service has been up when the front starts (its uptime goes on from there). */
  uptimeMs: number;
  /** The app: gets each forwarded request, with the caller's address as Bun's server would give it. */
  fetch: (req: Request, env: { requestIP: () => ForwardedRequest["remote"] }) => Response | Promise<Response>;
  /** Each /health the front answered (GET or HEAD): for the request histogram. */
  onProbe?: (method: string, status: number, seconds: number) => void;
  onCrash?: (message: string) => void;
  /** The app threw, or its answer could not be read (the caller gets a 500). */
  onHandlerError?: (err: Error) => void;
  /** /health answers 503 once the main thread has not turned for this long (default 10 s). */
  stallAfterMs?: number;
  /** For tests: another script for the thread (one that fails on purpose). */
  entry?: string;
}

export interface Front {
  hostname: string;
  port: number;
  /**
   * Stops listening; in-flight requests are answered first, for up to `deadlineMs` (default 10 s),
   * then the thread is ended whatever is left: a stuck request must not keep the process alive.
   */
  stop(deadlineMs?: number): Promise<void>;
}

/** Bodies over this are refused by the front before they reach the app (the app's own limits are lower). */
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
const BEAT_EVERY_MS = 250;

/**
 * Where the front's code is. In the compiled binary every entry sits in its embedded file system
 * by its path under src/ (the entries' common folder), whatever module asks; from source, beside
 * this file.
 */
function workerEntry(): string {
  return import.meta.url.includes("/$bunfs/") ? "./runtime/front/front-worker.ts" : new URL("./front-worker.ts", import.meta.url).href;
}

export function startFront(o: FrontOptions): Promise<Front> {
  const worker = new Worker(o.entry ?? workerEntry());
  // A counter, not a time: the front reads it against its own monotonic clock.
  const beat = new Int32Array(new SharedArrayBuffer(4));
  const heart = setInterval(() => Atomics.add(beat, 0, 1), BEAT_EVERY_MS);
  heart.unref();
  const send = (m: ToFront, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
  let stopped: (() => void) | null = null;
  let stopping: Promise<void> | null = null;
  /** The thread is gone (failed, exited, or ended by stop): nothing more will come from it. */
  let dead = false;
  let ending = false;

  // Every forwarded request gets an answer, whatever fails here: the front would wait for it forever.
  const answer = async (m: ForwardedRequest) => {
    let reply: ForwardedResponse;
    try {
      const req = new Request(m.url, { method: m.method, headers: m.headers, ...(m.body ? { body: m.body } : {}) });
      const res = await o.fetch(req, { requestIP: () => m.remote });
      reply = { type: "response", id: m.id, status: res.status, headers: [...res.headers], body: res.body ? await res.arrayBuffer() : null };
    } catch (err) {
      o.onHandlerError?.(err as Error);
      const body = new TextEncoder().encode(INTERNAL_ERROR_JSON).buffer as ArrayBuffer;
      reply = { type: "response", id: m.id, status: 500, headers: [["content-type", "application/json"]], body };
    }
    send(reply, reply.body ? [reply.body] : []);
  };

  return new Promise<Front>((resolve, reject) => {
    let listening = false;
    worker.onmessage = (e: MessageEvent<FromFront>) => {
      const m = e.data;
      if (m.type === "request") void answer(m);
      else if (m.type === "probes") for (const [method, status, seconds] of m.answered) o.onProbe?.(method, status, seconds);
      else if (m.type === "stopped") stopped?.();
      else if (m.type === "listening") {
        listening = true;
        resolve({
          hostname: m.hostname,
          port: m.port,
          stop: (deadlineMs = 10_000) =>
            (stopping ??= new Promise<void>((done) => {
              // A front that died answers nothing more: there is nothing to wait for.
              if (dead) return done();
              stopped = done;
              const timer = setTimeout(done, deadlineMs);
              timer.unref();
              send({ type: "stop" });
            }).then(() => {
              ending = true;
              clearInterval(heart);
              worker.terminate();
            })),
        });
      } else if (m.type === "error") {
        clearInterval(heart);
        worker.terminate();
        reject(cannotListen(o.hostname, o.port, m));
      }
    };
    const died = (message: string) => {
      if (dead) return;
      dead = true;
      stopped?.();
      if (!listening) {
        clearInterval(heart);
        worker.terminate();
        reject(new Error(message));
      } else if (!ending) o.onCrash?.(message);
    };
    worker.onerror = (e) => died(e.message || "the HTTP front thread failed");
    // Ended without an error event (it should never end on its own before stop): the same.
    worker.addEventListener("close", () => died("the HTTP front thread exited"));
    send({ type: "init", hostname: o.hostname, port: o.port, version: o.version, uptimeMs: o.uptimeMs, stallAfterMs: o.stallAfterMs ?? 10_000, beat: beat.buffer as SharedArrayBuffer, maxRequestBodyBytes: MAX_REQUEST_BODY_BYTES });
  });
}
