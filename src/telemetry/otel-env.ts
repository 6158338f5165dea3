/**
 * The standard OTEL_* variables, read once at boot from the environment the process was given
 * (never from process.env later). The SDK packages would read process.env themselves; doing it
 * here keeps one place that decides, and lets tests hand in their own environment.
 * @module
 */
import type { Attributes } from "@opentelemetry/api";

export interface OtelSettings {
  /** OTEL_SDK_DISABLED=true: no spans are recorded or exported (the /metrics endpoint stays: it is the service's own API). */
  disabled: boolean;
  serviceName: string;
  /** OTEL_RESOURCE_ATTRIBUTES, decoded. */
  resource: Attributes;
  /** The OTLP/HTTP traces URL, or null: nothing is exported and nothing complains. */
  tracesUrl: string | null;
  /** OTEL_EXPORTER_OTLP_HEADERS / _TRACES_HEADERS (e.g. an API key of a hosted collector). */
  headers: Record<string, string>;
  sampler: { kind: "always_on" | "always_off" | "traceidratio" | "parentbased_always_on" | "parentbased_always_off" | "parentbased_traceidratio"; ratio: number };
  /** Problems to log once at start (a bad sampler name...), never fatal. */
  warnings: string[];
}

const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"] as const;

/** `k1=v1,k2=v2` with percent-encoding, as the spec writes both lists. */
export function parseKeyValues(text: string | undefined, warnings: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = (text ?? "").split(",");
  for (const [i, part] of parts.entries()) {
    const position = i + 1;
    if (!part.trim()) continue;
    const eq = part.indexOf("=");
    if (eq <= 0) {
      // Never the entry itself: in OTEL_EXPORTER_OTLP_HEADERS it is most likely a collector key.
      warnings.push(`${what}: ignored entry ${position} of ${parts.length} (expected key=value; its text is not shown, it may be a secret)`);
      continue;
    }
    try {
      out[decodeURIComponent(part.slice(0, eq).trim())] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      warnings.push(`${what}: ignored an entry that is not valid percent-encoding`);
    }
  }
  return out;
}

export function readOtelSettings(env: Record<string, string | undefined>): OtelSettings {
  const warnings: string[] = [];
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  // The signal-specific endpoint is used as is; the base one gets the signal's path (spec).
  const tracesUrl = traces ? traces : base ? `${base.replace(/\/+$/, "")}/v1/traces` : null;
  const raw = (env.OTEL_TRACES_SAMPLER ?? "parentbased_always_on").trim().toLowerCase();
  const kind = (SAMPLERS as readonly string[]).includes(raw) ? (raw as OtelSettings["sampler"]["kind"]) : "parentbased_always_on";
  if (kind !== raw) warnings.push(`OTEL_TRACES_SAMPLER: "${raw}" is not one of ${SAMPLERS.join(", ")}; using parentbased_always_on`);
  let ratio = 1;
  if (kind.endsWith("traceidratio")) {
    const arg = Number(env.OTEL_TRACES_SAMPLER_ARG);
    if (env.OTEL_TRACES_SAMPLER_ARG !== undefined && Number.isFinite(arg) && arg >= 0 && arg <= 1) ratio = arg;
    else warnings.push("OTEL_TRACES_SAMPLER_ARG: expected a number from 0 to 1; using 1");
  }
  return {
    disabled: (env.OTEL_SDK_DISABLED ?? "").trim().toLowerCase() === "true",
    serviceName: env.OTEL_SERVICE_NAME?.trim() || "oberaconnect-sync",
    resource: parseKeyValues(env.OTEL_RESOURCE_ATTRIBUTES, warnings, "OTEL_RESOURCE_ATTRIBUTES"),
    tracesUrl,
    headers: { ...parseKeyValues(env.OTEL_EXPORTER_OTLP_HEADERS, warnings, "OTEL_EXPORTER_OTLP_HEADERS"), ...parseKeyValues(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, warnings, "OTEL_EXPORTER_OTLP_TRACES_HEADERS") },
    sampler: { kind, ratio },
    warnings,
  };
}
