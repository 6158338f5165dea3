/**
 * Real connectors over real HTTP against the emulators on 127.0.0.1: config pointing at them,
 * gates with short backoffs (so a fault test takes seconds, not minutes), and a log collector.
 */
import { afterEach } from "bun:test";
import { Hono } from "hono";
import { serveOnLoopback, type RunningServer } from "@oberaconnect/emulators/common/serve";
import type { LoadedConfig } from "../../src/config/load";
import { ConfigSchema } from "../../src/config/schema";
import { Secrets } from "../../src/config/secrets";
import { startEmulators, type RunningEmulators, type StartEmulatorsOptions } from "@oberaconnect/emulators";
import type { ApiGateOptions, FetchLike } from "../../src/http";
import type { Clock } from "@oberaconnect/common/clock";
import { createGates } from "../../src/runtime/gates";
import { connectorsFromConfig } from "../../src/sources/connectors";
import { createSourceReader, type ReaderLogger } from "../../src/sources/reader";

/** Test gates: quick backoff, tight total budget. */
export const FAST_RETRY = { maxAttempts: 6, maxTotalMs: 20_000, baseDelayMs: 5, maxDelayMs: 40 };

export interface HarnessOptions extends StartEmulatorsOptions {
  /** Deep-merged over the generated config (only the keys given). */
  config?: Record<string, unknown>;
  gate?: Partial<ApiGateOptions>;
  clock?: Clock;
  fetch?: FetchLike;
  secrets?: Partial<Record<"UNIFI_API_KEY" | "NINJAONE_CLIENT_ID" | "NINJAONE_CLIENT_SECRET" | "NOTION_TOKEN", string>>;
  /** Puts a body-rewriting proxy in front of an emulator (malformed payloads on the wire). */
  mutate?: { unifi?: BodyMutator; ninjaone?: BodyMutator };
}

/** Rewrites a JSON response body; `n` counts the responses of that path so far (1-based). */
export type BodyMutator = (path: string, body: unknown, n: number) => unknown;

const proxies: RunningServer[] = [];

/**
 * A tiny Hono app forwarding everything to `target` and rewriting 2xx JSON bodies: the way to
 * put a malformed record on the wire, since the emulators themselves only hold valid data.
 */
export function mutatingProxy(target: string, mutate: BodyMutator): RunningServer {
  const app = new Hono();
  const seen = new Map<string, number>();
  app.all("*", async (c) => {
    const url = new URL(c.req.url);
    const res = await fetch(`${target}${url.pathname}${url.search}`, {
      method: c.req.method,
      headers: c.req.raw.headers,
      body: c.req.method === "GET" ? undefined : await c.req.text(),
    });
    const text = await res.text();
    if (!res.ok || !(res.headers.get("content-type") ?? "").includes("json")) {
      return new Response(text, { status: res.status, headers: { "content-type": res.headers.get("content-type") ?? "text/plain" } });
    }
    const n = (seen.get(url.pathname) ?? 0) + 1;
    seen.set(url.pathname, n);
    return c.json(mutate(url.pathname, JSON.parse(text), n) as object, res.status as 200);
  });
  const server = serveOnLoopback(app);
  proxies.push(server);
  return server;
}

/** Collects log lines instead of printing them. */
export function collectingLogger() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const logger: ReaderLogger & { debug(obj: object, msg?: string): void } = {
    info: (obj, msg) => void lines.push({ level: "info", obj, msg }),
    warn: (obj, msg) => void lines.push({ level: "warn", obj, msg }),
    debug: () => undefined,
  };
  return { logger, lines };
}

const running: RunningEmulators[] = [];
afterEach(async () => {
  await Promise.all([...running.splice(0).map((e) => e.stop()), ...proxies.splice(0).map((p) => p.stop())]);
});

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === "object" && !Array.isArray(v) && b && typeof b === "object" ? merge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** Starts the emulators and builds config, gates, connectors and a reader on them. */
export async function sourceHarness(opts: HarnessOptions = {}) {
  const emu = await startEmulators({
    customers: opts.customers ?? 6,
    seed: opts.seed ?? 7,
    rateLimits: opts.rateLimits ?? { unifi: { per_second: 1000, burst: 1000 }, ninjaone: { per_second: 1000, burst: 1000 } },
    ...(opts.dataset ? { dataset: opts.dataset } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  running.push(emu);
  const raw = merge(
    {
      api_timeout_seconds: 5,
      notion: { base_url: emu.notion.url },
      unifi: { base_url: opts.mutate?.unifi ? mutatingProxy(emu.unifi.url, opts.mutate.unifi).url : emu.unifi.url, rate_limit_per_second: 150, page_size: 200 },
      ninjaone: {
        base_url: opts.mutate?.ninjaone ? mutatingProxy(emu.ninjaone.url, opts.mutate.ninjaone).url : emu.ninjaone.url,
        rate_limit_per_second: 100,
        page_size: 500,
      },
    },
    opts.config ?? {},
  );
  const config = ConfigSchema.parse(raw);
  const c = emu.credentials;
  const values = {
    NOTION_TOKEN: c.notionToken,
    UNIFI_API_KEY: c.unifiApiKey,
    NINJAONE_CLIENT_ID: c.ninjaoneClientId,
    NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret,
    ...opts.secrets,
  };
  const secrets = new Secrets(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, source: "env" as const }])));
  const loaded: LoadedConfig = { file: "/dev/null/config.json", config, secrets };
  const gateOverride = { retry: FAST_RETRY, ...opts.gate };
  const gates = createGates(config, { overrides: { notion: gateOverride, unifi: gateOverride, ninjaone: gateOverride } });
  const connectors = connectorsFromConfig(loaded, gates, { clock: opts.clock, fetch: opts.fetch });
  const { logger, lines } = collectingLogger();
  const reader = createSourceReader({ config, unifi: connectors.unifi, ninjaone: connectors.ninjaone, logger });
  return { emu, config, loaded, gates, ...connectors, reader, logs: lines, logger };
}

/** POST /_emulator/faults on one emulator. */
export async function setFaults(baseUrl: string, faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${baseUrl}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(faults) });
  if (!res.ok) throw new Error(`faults refused: ${await res.text()}`);
}

/** GET /_emulator/stats of one emulator. */
export async function stats(baseUrl: string) {
  return (await (await fetch(`${baseUrl}/_emulator/stats`)).json()) as {
    total: number;
    requests: Record<string, number>;
    rate_limited: number;
    max_requests_in_1s_after_first_429: number;
  };
}

/** Count of requests whose "METHOD route status" key starts with `prefix`. */
export const countOf = (requests: Record<string, number>, prefix: string): number =>
  Object.entries(requests).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
