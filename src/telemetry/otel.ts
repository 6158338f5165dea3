/**
 * OpenTelemetry for one process: a tracer (exported over OTLP/HTTP only when an endpoint is
 * set) and a meter whose readings `GET /metrics` serializes in Prometheus text format. The
 * light providers (BasicTracerProvider, MeterProvider) are used rather than sdk-node: sdk-node
 * starts an OTLP trace and an OTLP logs exporter pointing at localhost:4318 unless told not to,
 * and detects resources nobody asked for (stack notes §3). Nothing here is global but the
 * context manager (one AsyncLocalStorage per process is what carries the active span through
 * `await`): several runtimes in one test process each keep their own providers.
 * @module
 */
import { context, trace, type Attributes, type Meter, type Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { PrometheusExporter, PrometheusSerializer } from "@opentelemetry/exporter-prometheus";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { ServiceMetrics } from "./metrics";
import { readOtelSettings, type OtelSettings } from "./otel-env";

let contextManagerSet = false;

/** Registers the AsyncLocalStorage context manager once per process (idempotent). */
export function ensureContextManager(): void {
  if (contextManagerSet) return;
  contextManagerSet = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}

function sampler(s: OtelSettings["sampler"]): Sampler {
  switch (s.kind) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(s.ratio);
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(s.ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

export interface TelemetryOptions {
  env: Record<string, string | undefined>;
  version: string;
  commit: string;
}

export class Telemetry {
  readonly tracer: Tracer;
  readonly meter: Meter;
  readonly settings: OtelSettings;
  readonly metrics: ServiceMetrics;
  private readonly tracerProvider: BasicTracerProvider | null;
  private readonly meterProvider: MeterProvider;
  private readonly reader: PrometheusExporter;
  // No scope labels and no target_info: the series are the service's, named as the runbook names them.
  private readonly serializer = new PrometheusSerializer("", false, undefined, true, true);

  constructor(opts: TelemetryOptions) {
    ensureContextManager();
    this.settings = readOtelSettings(opts.env);
    const attrs: Attributes = { "service.version": opts.version, "service.commit": opts.commit, ...this.settings.resource, "service.name": this.settings.serviceName };
    const resource = resourceFromAttributes(attrs);
    const processors: SpanProcessor[] = this.settings.tracesUrl
      ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: this.settings.tracesUrl, headers: this.settings.headers }), { scheduledDelayMillis: 2000 })]
      : [];
    this.tracerProvider = this.settings.disabled ? null : new BasicTracerProvider({ resource, sampler: sampler(this.settings.sampler), spanProcessors: processors });
    // Disabled: the API's no-op tracer (spans cost nothing and carry no ids).
    this.tracer = this.tracerProvider ? this.tracerProvider.getTracer("oberaconnect-sync", opts.version) : trace.getTracer("noop");
    this.reader = new PrometheusExporter({ preventServerStart: true });
    this.meterProvider = new MeterProvider({ resource, readers: [this.reader] });
    this.meter = this.meterProvider.getMeter("oberaconnect-sync", opts.version);
    this.metrics = new ServiceMetrics(this.meter, { version: opts.version, commit: opts.commit });
  }

  /** Prometheus text format (0.0.4) of every instrument's current reading. */
  async scrape(): Promise<string> {
    const { resourceMetrics, errors } = await this.reader.collect();
    if (errors.length) throw new AggregateError(errors, "metric collection failed");
    return this.serializer.serialize(resourceMetrics);
  }

  /** Sends what is buffered (spans) and stops; bounded so a dead collector cannot hold shutdown. */
  async shutdown(timeoutMs = 5000): Promise<void> {
    const work = Promise.allSettled([this.tracerProvider?.shutdown(), this.meterProvider.shutdown()]);
    await Promise.race([work, new Promise((r) => setTimeout(r, timeoutMs).unref?.())]);
  }

  /** Forces buffered spans out now (tests). */
  async flush(): Promise<void> {
    await this.tracerProvider?.forceFlush();
  }
}
