/**
 * The text of GET /metrics. Prometheus text format 0.0.4 by default; OpenMetrics 1.0.0 when
 * the scraper's `Accept` asks for it (Prometheus does when configured to). The OTel exporter only
 * writes the Prometheus format, and the two differ in three ways that matter here: a counter's
 * family name in `# HELP`/`# TYPE` has no `_total` (its samples keep it), `untyped` is
 * `unknown`, and the text ends with `# EOF`. Written by hand because no kept library converts
 * OTel readings to OpenMetrics.
 * @module
 */

export const PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
export const OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/** Whether the Accept header prefers OpenMetrics (any q > 0 for it). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((part) => {
    const [type, ...params] = part.trim().split(";").map((p) => p.trim());
    if (type !== "application/openmetrics-text") return false;
    const q = params.find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Prometheus text → OpenMetrics text. */
export function toOpenMetrics(text: string): string {
  const counters = new Set<string>();
  for (const line of text.split("\n")) {
    const m = /^# TYPE (\S+) counter$/.exec(line);
    if (m) counters.add(m[1] as string);
  }
  const family = (name: string) => (counters.has(name) && name.endsWith("_total") ? name.slice(0, -"_total".length) : name);
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) (\S+)(.*)$/.exec(line);
    if (meta) {
      const rest = meta[1] === "TYPE" && meta[3] === " untyped" ? " unknown" : meta[3];
      out.push(`# ${meta[1]} ${family(meta[2] as string)}${rest}`);
    } else {
      out.push(line);
    }
  }
  return `${out.join("\n")}\n# EOF\n`;
}
