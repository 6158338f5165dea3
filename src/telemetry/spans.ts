import { SpanStatusCode, trace, type Attributes, type Span, type Tracer } from "@opentelemetry/api";

const noop = trace.getTracer("noop");

/**
 * Runs `fn` inside an active span (so calls made inside become its children) and ends it;
 * a thrown error marks the span failed and goes on. Without a tracer the span is a no-op.
 */
export function inSpan<T>(tracer: Tracer | undefined, name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return (tracer ?? noop).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      span.setAttribute("error.type", e.name);
      span.setStatus({ code: SpanStatusCode.ERROR, message: e.message.slice(0, 300) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed without an exception (a run that aborted, a batch with failures). */
export function markFailed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 300) });
}
