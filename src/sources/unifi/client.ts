/**
 * The UniFi Site Manager connector (api.ui.com): hosts, sites and devices read to the end of
 * their cursor lists, each record parsed on its own. Authentication is the static `X-API-Key`
 * header; there is no token to refresh (LCD gettingstarted).
 * @module
 */
import { z } from "zod";
import { ApiClient, type ApiGate, type CallOverrides, type FetchLike } from "../../http";
import { keys } from "../../core/model";
import { mergeParsed, parseEach, parseEachSteps, readId, type Parsed, type RecordKind } from "../quarantine";
import { parseDeviceGroupsSteps, type UnifiDeviceGroup } from "./device-groups";
import { runSliced } from "../../lib/slices";
import { cursorPages, type CursorPage } from "./paginate";
import {
  unifiEnvelope,
  UnifiHostSchema,
  UnifiIspMetricSchema,
  UnifiSiteSchema,
  type UnifiHost,
  type UnifiIspMetric,
  type UnifiSite,
} from "@oberaconnect/common/wire/unifi";

export type { UnifiDeviceGroup } from "./device-groups";

export interface UnifiConnectorOptions {
  /** e.g. "https://api.ui.com". */
  baseUrl: string;
  apiKey: string;
  gate: ApiGate;
  /** Records per page (config `unifi.page_size`). */
  pageSize: number;
  fetch?: FetchLike;
}

/** Every list envelope: `data` is an array whose records are checked one by one afterwards. */
const ListEnvelopeSchema = unifiEnvelope(z.array(z.unknown()));

const HOST: RecordKind = { source: "unifi", entity: "host", idOf: (r) => readId(r, "id"), keyOf: () => null };
const SITE: RecordKind = { source: "unifi", entity: "site", idOf: (r) => readId(r, "siteId"), keyOf: keys.site };
const ISP: RecordKind = { source: "unifi", entity: "isp-metric", idOf: (r) => readId(r, "siteId"), keyOf: () => null };

/** Reads the UniFi Site Manager inventory through the UniFi gate. */
export class UnifiConnector {
  private readonly client: ApiClient;

  constructor(private readonly opts: UnifiConnectorOptions) {
    this.client = new ApiClient({
      api: "unifi",
      baseUrl: opts.baseUrl,
      gate: opts.gate,
      headers: () => ({ "X-API-Key": opts.apiKey }),
      fetch: opts.fetch,
    });
  }

  /** Every host (console or network server). */
  listHosts(signal?: AbortSignal): Promise<Parsed<UnifiHost>> {
    return this.collect("/v1/hosts", UnifiHostSchema, HOST, signal);
  }

  /** Every site with its statistics. */
  listSites(signal?: AbortSignal): Promise<Parsed<UnifiSite>> {
    return this.collect("/v1/sites", UnifiSiteSchema, SITE, signal);
  }

  /** Every device, grouped by host as the API returns them. */
  async listDevices(signal?: AbortSignal): Promise<Parsed<UnifiDeviceGroup>> {
    const out: Parsed<UnifiDeviceGroup> = { items: [], quarantine: [] };
    let position = 0;
    for await (const data of this.pages("/v1/devices", signal)) {
      mergeParsed(out, await runSliced(parseDeviceGroupsSteps(data, position)));
      position += data.length;
    }
    return out;
  }

  /**
   * ISP metrics of every site (`GET /v1/isp-metrics/{type}`, not paged). Optional: the sync does
   * not read them on every run, as they are a time series the Notion dashboards do not show.
   */
  async ispMetrics(type: "5m" | "1h", duration: "24h" | "7d" | "30d", signal?: AbortSignal): Promise<Parsed<UnifiIspMetric>> {
    const body = await this.client.request({
      operation: `GET /v1/isp-metrics/${type}`,
      path: `/v1/isp-metrics/${type}`,
      query: { duration },
      schema: ListEnvelopeSchema,
      signal,
    });
    return parseEach(body.data, UnifiIspMetricSchema, ISP);
  }

  /** The cheapest authenticated call (one host), for health checks. */
  async ping(signal?: AbortSignal, overrides?: CallOverrides): Promise<void> {
    await this.client.request({ operation: "GET /v1/hosts", path: "/v1/hosts", query: { pageSize: 1 }, schema: ListEnvelopeSchema, signal, ...(overrides ? { overrides } : {}) });
  }

  private async collect<T>(path: string, schema: z.ZodType<T>, kind: RecordKind, signal?: AbortSignal): Promise<Parsed<T>> {
    const out: Parsed<T> = { items: [], quarantine: [] };
    let position = 0;
    for await (const data of this.pages(path, signal)) {
      mergeParsed(out, await runSliced(parseEachSteps(data, schema, kind, position)));
      position += data.length;
    }
    return out;
  }

  private pages(path: string, signal?: AbortSignal): AsyncGenerator<unknown[]> {
    const operation = `GET ${path}`;
    const fetchPage = async (nextToken: string | undefined): Promise<CursorPage> =>
      this.client.request({
        operation,
        path,
        // pageSize travels as a string of digits (LCD listhosts); ApiClient stringifies it.
        query: { pageSize: this.opts.pageSize, nextToken },
        schema: ListEnvelopeSchema,
        signal,
      });
    return cursorPages(fetchPage, { operation });
  }
}
