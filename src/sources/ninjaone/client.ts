/**
 * The NinjaOne Public API v2 connector: organizations, locations, devices (detailed), alerts and
 * activities, each record parsed on its own. Every call carries a bearer token from
 * NinjaTokenProvider; a 401 drops the token, fetches a new one and re-sends the call once (a 401
 * was refused before anything happened, so re-sending is safe). A second 401 is final: an
 * UnauthorizedError whose hint names NINJAONE_CLIENT_ID / NINJAONE_CLIENT_SECRET.
 * @module
 */
import { z } from "zod";
import { ApiClient, UnauthorizedError, type ApiGate, type CallOverrides, type FetchLike, type QueryParams } from "../../http";
import type { Clock } from "@oberaconnect/common/clock";
import { keys } from "../../core/model";
import { runSliced } from "../../lib/slices";
import { mergeParsed, parseEachSteps, readId, type Parsed, type RecordKind } from "../quarantine";
import { NinjaTokenProvider } from "./auth";
import { afterPages } from "./paging";
import {
  NinjaActivitySchema,
  NinjaAlertSchema,
  NinjaDeviceSchema,
  NinjaLocationSchema,
  NinjaOrganizationSchema,
  type NinjaActivity,
  type NinjaAlert,
  type NinjaDevice,
  type NinjaLocation,
  type NinjaOrganization,
} from "@oberaconnect/common/wire/ninjaone";
import type { ActivitySource } from "./severity";

export interface NinjaOneConnectorOptions {
  /** Regional instance (config `ninjaone.base_url`). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  gate: ApiGate;
  /** Records per page (config `ninjaone.page_size`). */
  pageSize: number;
  /** Token expiry is judged on this clock. */
  clock?: Clock;
  fetch?: FetchLike;
}

const id = (r: unknown) => readId(r, "id");
const ORG: RecordKind = { source: "ninjaone", entity: "organization", idOf: id, keyOf: (v) => keys.customer(Number(v)) };
const LOCATION: RecordKind = { source: "ninjaone", entity: "location", idOf: id, keyOf: () => null };
const DEVICE: RecordKind = { source: "ninjaone", entity: "device", idOf: id, keyOf: (v) => keys.ninjaDevice(Number(v)) };
const ALERT: RecordKind = { source: "ninjaone", entity: "alert", idOf: (r) => readId(r, "uid"), keyOf: keys.alert };
const ACTIVITY: RecordKind = { source: "ninjaone", entity: "activity", idOf: id, keyOf: () => null };

/** Lists are bare JSON arrays (no envelope); records are checked one by one afterwards. */
const ArraySchema = z.array(z.unknown());
const ActivitiesEnvelopeSchema = z.object({ lastActivityId: z.number().optional(), activities: z.array(z.unknown()) }).loose();

/** Reads NinjaOne through the NinjaOne gate. */
export class NinjaOneConnector implements ActivitySource {
  readonly auth: NinjaTokenProvider;

  constructor(private readonly opts: NinjaOneConnectorOptions) {
    this.auth = new NinjaTokenProvider(opts);
  }

  listOrganizations(signal?: AbortSignal): Promise<Parsed<NinjaOrganization>> {
    return this.paged("/v2/organizations", NinjaOrganizationSchema, ORG, signal);
  }

  listLocations(signal?: AbortSignal): Promise<Parsed<NinjaLocation>> {
    return this.paged("/v2/locations", NinjaLocationSchema, LOCATION, signal);
  }

  /** Every device with its agent blocks (os, system...). */
  listDevices(signal?: AbortSignal): Promise<Parsed<NinjaDevice>> {
    return this.paged("/v2/devices-detailed", NinjaDeviceSchema, DEVICE, signal);
  }

  /** Every open alert; the endpoint is not paged (NSPEC lists no paging parameters). */
  async listAlerts(signal?: AbortSignal): Promise<Parsed<NinjaAlert>> {
    const raws = await this.get("GET /v2/alerts", "/v2/alerts", {}, ArraySchema, signal);
    return runSliced(parseEachSteps(raws, NinjaAlertSchema, ALERT));
  }

  /**
   * One page of activities, newest first. There is deliberately no `status` filter: which field
   * the spec's `status` parameter matches is not documented (TRIGGERED is a `statusCode`, `status`
   * a free description), so callers keep what they need by `statusCode` (see ./severity.ts).
   */
  async activities(
    query: { seriesUid?: string; olderThan?: number; pageSize: number },
    signal?: AbortSignal,
  ): Promise<Parsed<NinjaActivity>> {
    const body = await this.get("GET /v2/activities", "/v2/activities", query, ActivitiesEnvelopeSchema, signal);
    return runSliced(parseEachSteps(body.activities, NinjaActivitySchema, ACTIVITY));
  }

  /**
   * The cheapest call that proves the API answers our token (one organization), for readiness.
   * The token comes from the shared cache when it is still valid, so a probe costs one request.
   */
  async ping(signal?: AbortSignal, overrides?: CallOverrides): Promise<void> {
    await this.get("GET /v2/organizations", "/v2/organizations", { pageSize: 1 }, ArraySchema, signal, overrides);
  }

  /**
   * PUT /v2/webhook: the API client's one webhook (answers 204; 403 without system-administrator
   * rights, which a token needs the `management` scope for). Not retried blindly: PUT is idempotent.
   */
  async configureWebhook(body: { url: string; activities: Record<string, string[]>; expand: string[]; headers: { name: string; value: string }[] }, signal?: AbortSignal): Promise<void> {
    await this.send("PUT /v2/webhook", "PUT", "/v2/webhook", body, signal);
  }

  /** DELETE /v2/webhook (204). */
  async removeWebhook(signal?: AbortSignal): Promise<void> {
    await this.send("DELETE /v2/webhook", "DELETE", "/v2/webhook", undefined, signal);
  }

  private async send(operation: string, method: string, path: string, body: unknown, signal?: AbortSignal): Promise<void> {
    const request = (token: string) => this.clientFor(token).request({ operation, method, path, ...(body !== undefined ? { body } : {}), schema: z.unknown(), signal });
    const token = await this.auth.token(signal);
    try {
      await request(token);
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      await request(await this.auth.renew(token, signal));
    }
  }

  private async paged<T>(path: string, schema: z.ZodType<T>, kind: RecordKind, signal?: AbortSignal): Promise<Parsed<T>> {
    const operation = `GET ${path}`;
    const pageSize = this.opts.pageSize;
    const out: Parsed<T> = { items: [], quarantine: [] };
    let position = 0;
    const fetchPage = (after: number | undefined) => this.get(operation, path, { pageSize, after }, ArraySchema, signal);
    for await (const page of afterPages(fetchPage, { operation, pageSize })) {
      mergeParsed(out, await runSliced(parseEachSteps(page, schema, kind, position)));
      position += page.length;
    }
    return out;
  }

  /** One GET with a bearer token, renewed and re-sent once on a 401. */
  private async get<T>(
    operation: string,
    path: string,
    query: QueryParams,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
    overrides?: CallOverrides,
  ): Promise<T> {
    const request = (token: string) => this.clientFor(token).request({ operation, path, query, schema, signal, ...(overrides ? { overrides } : {}) });
    const token = await this.auth.token(signal, overrides);
    try {
      return await request(token);
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      return request(await this.auth.renew(token, signal));
    }
  }

  /**
   * A client bound to one token, so a 401 is known to be about that token: concurrent callers
   * that all got a 401 for the same expired token then share a single renewal.
   */
  private clientFor(token: string): ApiClient {
    const { baseUrl, gate, fetch } = this.opts;
    return new ApiClient({ api: "ninjaone", baseUrl, gate, fetch, headers: () => ({ Authorization: `Bearer ${token}` }) });
  }
}
