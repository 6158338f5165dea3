import { expect } from "bun:test";
import { APIResponseError, Client } from "@notionhq/client";
import { createNotionEmulator, NOTION_EMULATOR_TOKEN, type NotionEmulator, type NotionEmulatorOptions } from "../src/notion";
import { serveOnLoopback, type RunningServer } from "../src/common/serve";

/** A Notion emulator on a random loopback port with a real client pointed at it. */
export interface NotionHarness {
  emu: NotionEmulator;
  server: RunningServer;
  client: Client;
  stop(): Promise<void>;
}

/** Starts a fresh emulator; the rate limit is out of the way unless the test sets one. */
export function startNotion(opts: NotionEmulatorOptions = {}): NotionHarness {
  const emu = createNotionEmulator({ rateLimit: { per_second: 10_000, burst: 10_000 }, ...opts });
  const server = serveOnLoopback(emu.app);
  const client = new Client({ auth: NOTION_EMULATOR_TOKEN, baseUrl: server.url, retry: false, logger: () => {} });
  return { emu, server, client, stop: () => server.stop() };
}

/** Request rich text for a plain string. */
export const text = (content: string) => [{ text: { content } }];

/** Awaits a call that must fail with an APIResponseError of `code`, and returns the error. */
export async function apiError(call: Promise<unknown>, code: string): Promise<APIResponseError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(APIResponseError.isAPIResponseError(err)).toBe(true);
  const apiErr = err as APIResponseError;
  expect(apiErr.code as string).toBe(code);
  return apiErr;
}

export interface DeviceSchema {
  sitesDatabaseId: string;
  sitesDataSourceId: string;
  devicesDatabaseId: string;
  devicesDataSourceId: string;
}

/**
 * The shape our sync writes: a Sites database and a Devices database whose "Site" relation
 * points at it, keyed by a rich_text "Sync Key".
 */
export async function createDeviceSchema(h: NotionHarness): Promise<DeviceSchema> {
  const parent = { type: "page_id" as const, page_id: h.emu.store.rootPageId };
  const sites = await h.client.databases.create({
    parent,
    title: text("Sites"),
    initial_data_source: { properties: { Name: { title: {} }, "Sync Key": { rich_text: {} } } },
  });
  const sitesDataSourceId = dataSourceOf(sites);
  const devices = await h.client.databases.create({
    parent,
    title: text("Devices"),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        "Sync Key": { rich_text: {} },
        Ports: { number: { format: "number" } },
        Kind: { select: { options: [{ name: "AP", color: "blue" }, { name: "Switch" }, { name: "Gateway" }] } },
        Tags: { multi_select: {} },
        State: { status: {} },
        Online: { checkbox: {} },
        "Last Seen": { date: {} },
        Website: { url: {} },
        Contact: { email: {} },
        Phone: { phone_number: {} },
        Site: { relation: { data_source_id: sitesDataSourceId, type: "single_property", single_property: {} } },
        Edited: { last_edited_time: {} },
      },
    },
  });
  return {
    sitesDatabaseId: sites.id,
    sitesDataSourceId,
    devicesDatabaseId: devices.id,
    devicesDataSourceId: dataSourceOf(devices),
  };
}

export function dataSourceOf(db: object): string {
  const refs = (db as { data_sources?: { id: string }[] }).data_sources;
  const id = refs?.[0]?.id;
  if (!id) throw new Error("database has no data source");
  return id;
}

/** GET/POST a control endpoint and return its JSON. */
export async function control<T = Record<string, unknown>>(h: NotionHarness, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${h.server.url}/_emulator/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  return (await res.json()) as T;
}
