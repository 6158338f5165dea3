/**
 * The HTTP front: its own thread, its own event loop and heap. It owns the listening socket,
 * answers /health itself, and hands every other request to the main thread, where the app
 * (createApp) runs beside the sync. A sync's planning and writing keep the main thread busy in
 * stretches of a few ms (slices, the collector, the JIT); on this thread a liveness probe never
 * waits behind them (BENCHMARKS.md, "/health while a sync plans and writes").
 *
 * A separate bundle entry (scripts/build.ts): it imports nothing but the protocol.
 * @module
 */
import { healthAnswer, INTERNAL_ERROR_JSON, type FromFront, type FrontInit, type ToFront } from "./protocol";

declare const self: { postMessage(m: FromFront, transfer?: ArrayBuffer[]): void; onmessage: ((e: MessageEvent<ToFront>) => void) | null };
const post = (m: FromFront, transfer: ArrayBuffer[] = []) => self.postMessage(m, transfer);

let init: FrontInit | null = null;
let beat: Int32Array | null = null;
let server: ReturnType<typeof Bun.serve> | null = null;
const waiting = new Map<number, (res: Response) => void>();
let nextId = 1;
let answered: [string, number, number][] = [];
/** This thread's clock (ms) when it started, and when it last saw the main thread's counter move. */
const startedAt = performance.now();
let lastSeen = 0;
let movedAt = startedAt;

/** Notes when the main thread's counter last moved (checked on a timer and at every probe). */
function lookAtBeat(): void {
  if (!beat) return;
  const v = Atomics.load(beat, 0);
  if (v !== lastSeen) {
    lastSeen = v;
    movedAt = performance.now();
  }
}
setInterval(lookAtBeat, 100);

const flushProbes = () => {
  if (answered.length === 0) return;
  post({ type: "probes", answered });
  answered = [];
};
setInterval(flushProbes, 1000);

function health(method: string): Response {
  const started = performance.now();
  lookAtBeat();
  const a = healthAnswer({ nowMs: started, startedAtMs: startedAt - init!.uptimeMs, lastBeatMs: movedAt, stallAfterMs: init!.stallAfterMs, version: init!.version });
  const headers = { "content-type": "application/json", "x-request-id": crypto.randomUUID() };
  const res = new Response(method === "HEAD" ? null : JSON.stringify(a.body), { status: a.status, headers });
  answered.push([method, a.status, (performance.now() - started) / 1000]);
  return res;
}

async function forward(req: Request, remote: { address: string; family: string; port: number } | null): Promise<Response> {
  const id = nextId++;
  const body = req.body ? await req.arrayBuffer() : null;
  const answer = new Promise<Response>((resolve) => waiting.set(id, resolve));
  post({ type: "request", id, method: req.method, url: req.url, headers: [...req.headers], body, remote }, body ? [body] : []);
  return answer;
}

function start(m: FrontInit): void {
  init = m;
  beat = new Int32Array(m.beat);
  lastSeen = Atomics.load(beat, 0);
  try {
    server = Bun.serve({
      hostname: m.hostname,
      port: m.port,
      maxRequestBodySize: m.maxRequestBodyBytes,
      fetch(req, srv) {
        // The path without parsing the whole URL: this is the probe's hot path.
        const q = req.url.indexOf("?", 8);
        const path = req.url.slice(req.url.indexOf("/", 8), q === -1 ? undefined : q);
        if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) return health(req.method);
        return forward(req, srv.requestIP(req));
      },
    });
    post({ type: "listening", hostname: server.hostname ?? m.hostname, port: server.port as number });
  } catch (err) {
    post({ type: "error", code: (err as { code?: string }).code, message: (err as Error).message });
  }
}

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === "init") start(m);
  else if (m.type === "response") {
    const resolve = waiting.get(m.id);
    waiting.delete(m.id);
    let res: Response;
    try {
      res = new Response(m.body, { status: m.status, headers: m.headers });
    } catch {
      // A status or header the Response refuses: the caller still gets an answer.
      res = new Response(INTERNAL_ERROR_JSON, { status: 500, headers: { "content-type": "application/json" } });
    }
    resolve?.(res);
  } else if (m.type === "stop") {
    // In-flight requests finish (their answers still come from the main thread), then it says so.
    void (server ? server.stop(false) : Promise.resolve()).then(() => {
      flushProbes();
      post({ type: "stopped" });
    });
  }
};
