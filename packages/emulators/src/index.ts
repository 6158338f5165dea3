/**
 * Starts the three emulators together on 127.0.0.1: Notion, UniFi Site Manager and NinjaOne. The
 * two source emulators share one dataset, so a mutation through either control API changes what
 * both serve, as a real change at a customer shows up in both tools.
 */
import { systemClock, type Clock } from "@oberaconnect/common/clock";
import { clockMutator, SharedDataset } from "./common/shared-dataset";
import { serveOnLoopback, type RunningServer } from "./common/serve";
import type { RateLimitSettings } from "./common/token-bucket";
import { generateDataset } from "./dataset/generate";
import type { Dataset } from "./dataset/types";
import {
  createNinjaOneEmulator,
  NINJAONE_EMULATOR_CLIENT_ID,
  NINJAONE_EMULATOR_CLIENT_SECRET,
  type NinjaOneEmulator,
} from "./ninjaone";
import { createNotionEmulator, NOTION_EMULATOR_TOKEN, type NotionEmulator } from "./notion";
import { createUnifiEmulator, UNIFI_EMULATOR_API_KEY, type UnifiEmulator } from "./unifi";

/** Options of `startEmulators`; everything has a default. */
export interface StartEmulatorsOptions {
  /** Customers to generate when no `dataset` is given (default 10). */
  customers?: number;
  /** Seeds the generated dataset, the mutation stream and every emulator's ids (default 1). */
  seed?: number;
  /** Serve this dataset instead of generating one (it is copied, never changed in place). */
  dataset?: Dataset;
  /** Fixed ports; omitted or 0 picks a free one. */
  ports?: { notion?: number; unifi?: number; ninjaone?: number };
  /** Start-up rate limits; each emulator's documented default otherwise. */
  rateLimits?: { notion?: RateLimitSettings; unifi?: RateLimitSettings; ninjaone?: RateLimitSettings };
  clock?: Clock;
}

/** The fixed credentials the emulators accept. Not secrets: they open local fakes only. */
export interface EmulatorCredentials {
  notionToken: string;
  unifiApiKey: string;
  ninjaoneClientId: string;
  ninjaoneClientSecret: string;
}

/** Three running emulators, their handles, and one `stop()` for all. */
export interface RunningEmulators {
  notion: RunningServer & NotionEmulator;
  unifi: RunningServer & UnifiEmulator;
  ninjaone: RunningServer & NinjaOneEmulator;
  credentials: EmulatorCredentials;
  /** The holder both source emulators serve from (mutate, reset, version). */
  shared: SharedDataset;
  /** What the source emulators serve right now (changes with mutations and resets). */
  readonly dataset: Dataset;
  stop(): Promise<void>;
}

/** Serves Notion, UniFi and NinjaOne on 127.0.0.1; rejects (and stops what started) if a port is taken. */
export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<RunningEmulators> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  // Generated "now" is the clock's, so ISP-metric windows and last-contact times look current.
  const dataset =
    options.dataset ?? generateDataset({ customers: options.customers ?? 10, seed, now: new Date(clock.now()) });
  const shared = new SharedDataset(dataset, { seed, mutator: clockMutator(clock) });
  const limits = options.rateLimits ?? {};

  const notion = createNotionEmulator({ clock, seed, ...(limits.notion ? { rateLimit: limits.notion } : {}) });
  const unifi = createUnifiEmulator({ dataset: shared, clock, seed, ...(limits.unifi ? { rateLimit: limits.unifi } : {}) });
  const ninjaone = createNinjaOneEmulator({
    dataset: shared,
    clock,
    seed,
    ...(limits.ninjaone ? { rateLimit: limits.ninjaone } : {}),
  });

  const started: RunningServer[] = [];
  const serve = (app: Parameters<typeof serveOnLoopback>[0], port: number | undefined) => {
    const server = serveOnLoopback(app, port ?? 0);
    started.push(server);
    return server;
  };
  try {
    const ports = options.ports ?? {};
    const notionServer = serve(notion.app, ports.notion);
    const unifiServer = serve(unifi.app, ports.unifi);
    const ninjaServer = serve(ninjaone.app, ports.ninjaone);
    return {
      notion: { ...notionServer, ...notion },
      unifi: { ...unifiServer, ...unifi },
      ninjaone: { ...ninjaServer, ...ninjaone },
      credentials: {
        notionToken: NOTION_EMULATOR_TOKEN,
        unifiApiKey: UNIFI_EMULATOR_API_KEY,
        ninjaoneClientId: NINJAONE_EMULATOR_CLIENT_ID,
        ninjaoneClientSecret: NINJAONE_EMULATOR_CLIENT_SECRET,
      },
      shared,
      get dataset() {
        return shared.current;
      },
      stop: async () => {
        ninjaone.webhooks.stop(); // deliveries still waiting to be retried
        await Promise.all(started.map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((s) => s.stop()));
    throw err;
  }
}
