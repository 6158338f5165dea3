import { afterEach, describe, expect, test } from "bun:test";
import { createLogger } from "../../src/telemetry/logger";
import { json } from "../helpers/http";
import { startOtlpReceiver, type ReceivedSpan } from "../helpers/otlp-receiver";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";
import { spawnCli } from "../helpers/spawn";
import { startStack, type Stack } from "../helpers/stack";

let h: ServiceHarness | undefined;
let s: Stack | undefined;
let receiver: ReturnType<typeof startOtlpReceiver> | undefined;
afterEach(async () => {
  await h?.stop();
  await s?.stop();
  receiver?.stop();
  h = s = receiver = undefined;
});

/** Polls the receiver until `cond` holds (bounded): spans arrive in batches over real HTTP. */
async function until(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("spans did not arrive in time");
    await Bun.sleep(20);
  }
}

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0736ff";
const PARENT = "00f067aa0ba902b7";

describe("traces over OTLP/HTTP", () => {
  test("an admin-triggered sync: HTTP span continues traceparent → sync.run → sync.job and the reads; each write is a sync.write span naming its run → API calls; a failed call is an error span; logs carry the ids", async () => {
    receiver = startOtlpReceiver();
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(l) } });
    h = await startServiceHarness({ customers: 2, logger, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: "obc-test", OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=ci,team=ops%20one" } });
    expect((await fetch(`${h.url}/health`)).status).toBe(200);
    const res = await h.admin("/admin/sync", { method: "POST", body: "{}", headers: { traceparent: `00-${TRACE_ID}-${PARENT}-01` } });
    expect(res.status).toBe(202);
    const { run_id } = await json(res);
    await h.svc.syncs.idle();
    await h.s.rt.telemetry.flush();
    const spans = receiver.spans;
    await until(() => spans.some((x) => x.name === "sync.run"));

    const one = (name: string) => spans.find((x) => x.name === name) as ReceivedSpan;
    // Probes are counted in the histogram, never traced (a load balancer's every few seconds).
    expect(spans.filter((x) => x.name.includes("/health"))).toEqual([]);
    const http = one("HTTP POST /admin/sync");
    expect(http.traceId).toBe(TRACE_ID);
    expect(http.parentSpanId).toBe(PARENT);
    expect(http.attributes).toMatchObject({ "http.route": "/admin/sync", "http.response.status_code": 202 });
    expect(http.resource).toMatchObject({ "service.name": "obc-test", "deployment.environment": "ci", team: "ops one" });

    const run = one("sync.run");
    expect(run.parentSpanId).toBe(http.spanId);
    expect(run.attributes).toMatchObject({ "sync.run_id": run_id, "sync.mode": "incremental", "sync.status": "succeeded" });
    const jobs = spans.filter((x) => x.name === "sync.job");
    expect(jobs.map((j) => j.attributes["sync.job"]).sort()).toEqual(["alerts", "customers", "devices", "sites"]);
    for (const j of jobs) expect(j.parentSpanId).toBe(run.spanId);
    // The writer writes what the run queued, each write in its own span naming the run.
    const customerWrites = spans.filter((x) => x.name === "sync.write" && x.attributes["sync.job"] === "customers");
    expect(customerWrites).toHaveLength(2);
    for (const w of customerWrites) expect(w.attributes).toMatchObject({ "sync.run_id": run_id, "sync.outcome": "created", "sync.priority": 2 });
    const creates = spans.filter((x) => x.name === "notion pages.create" && customerWrites.some((w) => w.spanId === x.parentSpanId));
    expect(creates).toHaveLength(2);
    expect(creates[0]!.attributes).toMatchObject({
      "oberaconnect.api": "notion",
      "http.request.method": "POST",
      "url.template": "/v1/pages",
      "http.response.status_code": 200,
      "oberaconnect.attempts": 1,
      "oberaconnect.breaker_state": "closed",
    });
    // Every API call of the run sits under it, in the caller's trace: the sources' reads too.
    const under = new Set([run.spanId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const x of spans) if (x.parentSpanId && under.has(x.parentSpanId) && !under.has(x.spanId)) grew = Boolean(under.add(x.spanId));
    }
    const calls = spans.filter((x) => under.has(x.spanId) && x.attributes["oberaconnect.api"] !== undefined);
    expect(new Set(calls.map((x) => x.attributes["oberaconnect.api"]))).toEqual(new Set(["notion", "unifi", "ninjaone"]));
    for (const x of calls) expect(x.traceId).toBe(TRACE_ID);

    const completed = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "Sync completed");
    expect(completed).toMatchObject({ trace_id: TRACE_ID, span_id: run.spanId });

    // A second run where every UniFi device list fails: that call's span says so.
    await fetch(`${h.s.emulators.unifi.url}/_emulator/faults`, { method: "POST", body: JSON.stringify({ error_rate: 1, match: { routes: ["/v1/devices"] } }) });
    await h.admin("/admin/sync", { method: "POST", body: "{}" });
    await h.svc.syncs.idle();
    await h.s.rt.telemetry.flush();
    await until(() => spans.some((x) => x.name === "unifi GET /v1/devices" && x.status.code === 2));
    const failed = spans.find((x) => x.name === "unifi GET /v1/devices" && x.status.code === 2)!;
    expect(failed.status.code).toBe(2); // ERROR
    expect(failed.attributes).toMatchObject({ "error.type": "UpstreamError", "url.template": "/v1/devices" });
    expect(failed.attributes["oberaconnect.attempts"]).toBeGreaterThan(1);
    expect(failed.traceId).not.toBe(TRACE_ID); // a new root: no traceparent this time
  }, 30_000);

  test("the CLI traces too: `sync` exports its run, flushed before exit; with no endpoint nothing is sent", async () => {
    receiver = startOtlpReceiver();
    s = await startStack({ customers: 1 });
    const config = s.configFile();
    s.ledger.close();
    const p = spawnCli(["sync", "--config", config], { env: { ...s.env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces` } });
    expect(await p.exited).toBe(0);
    const run = receiver.spans.find((x) => x.name === "sync.run");
    expect(run?.parentSpanId).toBeUndefined();
    expect(receiver.spans.filter((x) => x.name === "sync.job")).toHaveLength(4);

    const before = receiver.spans.length;
    const quiet = spawnCli(["sync", "--config", config], { env: s.env });
    expect(await quiet.exited).toBe(0);
    expect(await quiet.stderr()).not.toMatch(/otel|OTLP|export/i);
    expect(receiver.spans.length).toBe(before);
    s.reopenLedger();
  }, 30_000);
});
