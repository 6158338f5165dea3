/**
 * A small Chrome DevTools Protocol client over Bun's WebSocket, for browser tests that click and
 * type (sign in, press a button): Debian's headless Chromium started with a debugging port, one
 * page, and the handful of commands the tests use. Kept here rather than a driver dependency
 * (playwright-core, puppeteer-core) because this is all they need.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARTIFACTS, CHROMIUM } from "./chromium";

export interface Page {
  goto(url: string): Promise<void>;
  /** Evaluates an expression in the page and returns its (JSON) value. */
  eval<T = unknown>(expression: string): Promise<T>;
  /** Runs `expression` (which submits a form or follows a link) and waits for the next page load. */
  navigateBy(expression: string): Promise<void>;
  viewport(width: number, height: number, mobile?: boolean): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openPage(): Promise<Page> {
  const profile = mkdtempSync(join(tmpdir(), "oc-cdp-"));
  const proc = Bun.spawn([CHROMIUM!, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank"], { stdout: "ignore", stderr: "pipe", stdin: "ignore" });
  const wsUrl = await (async () => {
    let text = "";
    for await (const chunk of proc.stderr) {
      text += new TextDecoder().decode(chunk);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) return m[1]!;
    }
    throw new Error(`chromium did not start: ${text.slice(-400)}`);
  })();
  const ws = new WebSocket(wsUrl);
  await new Promise((ok, fail) => ((ws.onopen = ok), (ws.onerror = fail)));
  let nextId = 0;
  const pending = new Map<number, { ok: (v: any) => void; fail: (e: Error) => void }>();
  const listeners: ((m: any) => void)[] = [];
  ws.onmessage = (e) => {
    const m = JSON.parse(String(e.data));
    if (m.id !== undefined) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.fail(new Error(`${m.error.message} ${m.error.data ?? ""}`));
      else p?.ok(m.result);
    } else for (const l of [...listeners]) l(m);
  };
  const send = (method: string, params: object = {}, sessionId?: string): Promise<any> =>
    new Promise((ok, fail) => {
      const id = ++nextId;
      pending.set(id, { ok, fail });
      ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const cmd = (method: string, params: object = {}) => send(method, params, sessionId);
  await cmd("Page.enable");
  const loaded = (timeoutMs = 15_000) =>
    new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error("page did not load")), timeoutMs);
      const l = (m: any) => {
        if (m.sessionId === sessionId && m.method === "Page.loadEventFired") {
          clearTimeout(timer);
          listeners.splice(listeners.indexOf(l), 1);
          ok();
        }
      };
      listeners.push(l);
    });
  const evaluate = async (expression: string) => {
    const r = await cmd("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(`in page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };
  return {
    goto: async (url) => {
      const done = loaded();
      await cmd("Page.navigate", { url });
      await done;
    },
    eval: evaluate,
    navigateBy: async (expression) => {
      const done = loaded();
      await evaluate(expression);
      await done;
    },
    viewport: async (width, height, mobile = false) => {
      await cmd("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile });
    },
    screenshot: async (name) => {
      const { data } = await cmd("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, name);
      writeFileSync(file, Buffer.from(data, "base64"));
      return file;
    },
    close: async () => {
      ws.close();
      proc.kill("SIGKILL");
      await proc.exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
