import { context, isSpanContextValid, trace } from "@opentelemetry/api";
import pino, { type Logger } from "pino";
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** Also append JSON lines to this file. */
  file?: string;
  /**
   * Secret values to scrub from every line, whatever field or message they end up in. A function
   * is asked at every line, so secrets rotated by a reload are scrubbed too.
   */
  secrets?: string[] | (() => string[]);
  /** Where the lines go instead of stderr (tests pass a collector). */
  destination?: pino.DestinationStream;
}

/** Field names that carry credentials wherever they appear in a log object. */
const REDACT_PATHS = [
  "authorization",
  "token",
  "access_token",
  "api_key",
  "apiKey",
  "client_secret",
  "clientSecret",
  "password",
  "secret",
  "headers.authorization",
  "headers.Authorization",
  'headers["x-api-key"]',
  'headers["X-API-Key"]',
  "*.authorization",
  "*.token",
  "*.access_token",
  "*.api_key",
  "*.apiKey",
  "*.client_secret",
  "*.clientSecret",
  "*.password",
  "*.secret",
];

/**
 * JSON lines with ISO time and a string level, the shape the runbook greps. Two layers keep
 * secrets out: pino's path redaction for known field names, and a final scrub of the known
 * secret values, because an upstream error message can echo a token in free text.
 */
export function createLogger(opts: LoggerOptions): Logger {
  // Every secret, whatever its length (a short one is still a secret), the longest first so one
  // that contains another goes whole.
  const usable = (list: readonly string[]) => list.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  const fixed = Array.isArray(opts.secrets) ? usable(opts.secrets) : null;
  const current = typeof opts.secrets === "function" ? opts.secrets : null;
  const scrub = (line: string) => (fixed ?? usable(current?.() ?? [])).reduce((acc, s) => acc.split(s).join("[redacted]"), line);
  // stderr: stdout carries a command's output (pure JSON with --json), so `| jq` pipes work.
  const streams: pino.StreamEntry[] = [{ stream: opts.destination ?? pino.destination({ dest: 2, sync: true }) }];
  if (opts.file) {
    // The log names records, customers and errors: 0600 in a 0700 folder, like the ledger.
    mkdirSync(dirname(opts.file), { recursive: true, mode: 0o700 });
    closeSync(openSync(opts.file, "a", 0o600));
    tighten(opts.file);
    streams.push({ stream: pino.destination({ dest: opts.file, append: true, mkdir: true, sync: true }) });
  }
  return pino(
    {
      level: opts.level,
      base: { service: "oberaconnect-sync" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      // Inside a span, every line names it, at the root of the object (Filebeat keys_under_root).
      mixin: traceFields,
      hooks: { streamWrite: fixed?.length === 0 && !current ? (s) => s : scrub },
    },
    // Streams take everything; the logger level alone decides what is written.
    pino.multistream(streams.map((s) => ({ ...s, level: "trace" as pino.Level }))),
  );
}

/** `trace_id` and `span_id` of the active span, or nothing outside one. */
export function traceFields(): Record<string, string> {
  const sc = trace.getSpanContext(context.active());
  return sc && isSpanContextValid(sc) ? { trace_id: sc.traceId, span_id: sc.spanId } : {};
}

/** A logger that writes nothing, for tests and library defaults. */
export const silentLogger: Logger = pino({ level: "silent" });

/** A file readable by others made 0600 (an existing log file kept its old mode). */
function tighten(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    /* not ours to change (another owner): it stays as it is */
  }
}
