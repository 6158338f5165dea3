/**
 * ISP metrics (LCD getispmetrics, queryispmetrics). GET answers `data` as an array; the query
 * POST answers `data` as an object `{metrics, status, message}` (go-unifi testdata/metrics).
 */
import type { Context, Hono } from "hono";
import { UnifiIspMetricsQueryRequestSchema, type UnifiIspMetric } from "@oberaconnect/common/wire/unifi";
import { describe } from "../common/control";
import { fail, invalidParameter, ok } from "./envelope";
import { parseRfc3339 } from "./pagination";
import { unifiData, type UnifiState } from "./state";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Allowed `duration` values per metric type (LCD getispmetrics). */
const DURATIONS: Record<string, Record<string, number>> = {
  "5m": { "24h": DAY },
  "1h": { "7d": 7 * DAY, "30d": 30 * DAY },
};

/** Window served when neither duration nor timestamps are given (inferred: the shortest duration). */
const DEFAULT_SPAN: Record<string, number> = { "5m": DAY, "1h": 7 * DAY };

const PARTIAL_MESSAGE = "some of the requested sites are not accessible for the user or were ignored as duplicates";

/** The metrics of `type` for one site, with periods inside [from, to]; null when none are left. */
function clip(metric: UnifiIspMetric, from: number, to: number): UnifiIspMetric | null {
  const periods = metric.periods.filter((p) => {
    const t = Date.parse(p.metricTime);
    return t >= from && t <= to;
  });
  return periods.length ? { ...metric, periods } : null;
}

type Window = { from: number; to: number } | { error: string };

/** Resolves `duration` or `beginTimestamp`/`endTimestamp` into a window; the two forms exclude each other. */
export function resolveWindow(type: string, query: Record<string, string | undefined>, now: number): Window {
  const { duration, beginTimestamp, endTimestamp } = query;
  if (duration !== undefined) {
    if (beginTimestamp !== undefined || endTimestamp !== undefined) {
      return { error: "duration cannot be combined with beginTimestamp or endTimestamp" };
    }
    const span = DURATIONS[type]?.[duration];
    if (span === undefined) return { error: `invalid duration: ${duration}` };
    return { from: now - span, to: now };
  }
  const begin = beginTimestamp === undefined ? undefined : parseRfc3339(beginTimestamp);
  if (begin === null) return { error: `invalid time format: ${beginTimestamp}` };
  const end = endTimestamp === undefined ? undefined : parseRfc3339(endTimestamp);
  if (end === null) return { error: `invalid time format: ${endTimestamp}` };
  const to = end ?? now;
  const from = begin ?? to - (DEFAULT_SPAN[type] ?? DAY);
  if (from > to) return { error: "beginTimestamp must not be after endTimestamp" };
  return { from, to };
}

function checkType(c: Context, state: UnifiState): string | Response {
  const type = c.req.param("type") ?? "";
  return type in DURATIONS ? type : invalidParameter(c, state.trace, `invalid metric type: ${type}`);
}

/** Mounts GET /isp-metrics/:type and POST /isp-metrics/:type/query on `api`. */
export function registerIspRoutes(api: Hono, state: UnifiState): void {
  api.get("/isp-metrics/:type", (c) => {
    const type = checkType(c, state);
    if (typeof type !== "string") return type;
    const window = resolveWindow(type, c.req.query(), state.clock.now());
    if ("error" in window) return invalidParameter(c, state.trace, window.error);
    const data = unifiData(state)
      .ispMetrics.filter((m) => m.metricType === type)
      .map((m) => clip(m, window.from, window.to))
      .filter((m): m is UnifiIspMetric => m !== null);
    return ok(c, state.trace, data);
  });

  api.post("/isp-metrics/:type/query", async (c) => {
    const type = checkType(c, state);
    if (typeof type !== "string") return type;
    const parsed = UnifiIspMetricsQueryRequestSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return invalidParameter(c, state.trace, describe(parsed.error));

    const { sites, ispMetrics } = unifiData(state);
    const seen = new Set<string>();
    const metrics: UnifiIspMetric[] = [];
    let ignored = 0;
    for (const req of parsed.data.sites) {
      const key = `${req.hostId}\u0000${req.siteId}`;
      const known = sites.some((s) => s.hostId === req.hostId && s.siteId === req.siteId);
      if (seen.has(key) || !known) {
        ignored++;
        continue;
      }
      seen.add(key);
      const from = Date.parse(req.beginTimestamp);
      const to = Date.parse(req.endTimestamp);
      if (from > to) return invalidParameter(c, state.trace, "beginTimestamp must not be after endTimestamp");
      const metric = ispMetrics.find((m) => m.metricType === type && m.hostId === req.hostId && m.siteId === req.siteId);
      const clipped = metric ? clip(metric, from, to) : null;
      if (clipped) metrics.push(clipped);
    }
    // None reachable: the docs say 502; the body follows go-unifi errors/bad_gateway.json.
    if (seen.size === 0) return fail(c, state.trace, 502, "bad_gateway", "bad gateway");
    // The success form is not captured: status "success" and no message (inferred).
    const data = ignored ? { metrics, status: "partialSuccess", message: PARTIAL_MESSAGE } : { metrics, status: "success" };
    return ok(c, state.trace, data);
  });
}
