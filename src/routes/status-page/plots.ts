/**
 * Plots as inline SVG drawn on the server: no script, no chart library, no asset to fetch (the
 * service often runs without internet, and a page of the size asked fits a few hundred points).
 * A line plot of a series over time and a bar plot of runs. Pure: data in, SVG text out.
 * @module
 */
import { esc } from "./html";

export interface Series {
  label: string;
  points: { x: number; y: number }[];
  color: string;
}

const W = 560;
const H = 140;
const PAD = { l: 44, r: 8, t: 8, b: 20 };

const fmt = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n)));
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** Lines over time (x in epoch ms); each series scaled to its own maximum when `ownScale`. */
export function linePlot(title: string, series: Series[], opts: { yLabel?: string } = {}): string {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return `<figure class="plot"><figcaption>${esc(title)}</figcaption><p class="muted">no samples yet</p></figure>`;
  const x0 = Math.min(...all.map((p) => p.x));
  const x1 = Math.max(x0 + 1, ...all.map((p) => p.x));
  const yMax = Math.max(1, ...all.map((p) => p.y));
  const sx = (x: number) => PAD.l + ((x - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const sy = (y: number) => H - PAD.b - (y / yMax) * (H - PAD.t - PAD.b);
  const lines = series.map((s) => {
    const pts = s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
    const dots = s.points.length <= 60 ? s.points.map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2" fill="${s.color}"><title>${esc(s.label)} ${fmt(p.y)} at ${hhmm(p.x)}</title></circle>`).join("") : "";
    return `<polyline class="series" data-label="${esc(s.label)}" data-points="${s.points.length}" fill="none" stroke="${s.color}" stroke-width="1.5" points="${pts}"/>${dots}`;
  });
  const axes = `<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#bbb"/><text x="${PAD.l - 4}" y="${PAD.t + 8}" text-anchor="end">${fmt(yMax)}</text><text x="${PAD.l - 4}" y="${H - PAD.b}" text-anchor="end">0</text><text x="${PAD.l}" y="${H - 4}">${hhmm(x0)}</text><text x="${W - PAD.r}" y="${H - 4}" text-anchor="end">${hhmm(x1)} UTC</text>${opts.yLabel ? `<text x="4" y="${PAD.t + 8}">${esc(opts.yLabel)}</text>` : ""}`;
  const legend = series.map((s) => `<span style="color:${s.color}">■</span> ${esc(s.label)}`).join(" ");
  return `<figure class="plot"><figcaption>${esc(title)} <small>${legend}</small></figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${axes}${lines.join("")}</svg></figure>`;
}

/** One bar per run (oldest left): its writes; the bar's title gives its duration and status. */
export function runsPlot(title: string, runs: { id: number; writes: number; durationS: number; status: string }[]): string {
  if (runs.length === 0) return `<figure class="plot"><figcaption>${esc(title)}</figcaption><p class="muted">no runs yet</p></figure>`;
  const max = Math.max(1, ...runs.map((r) => r.writes));
  const bw = (W - PAD.l - PAD.r) / runs.length;
  const color = (s: string) => (s === "succeeded" ? "#2e7d32" : s === "running" ? "#1565c0" : s === "partial" ? "#ef6c00" : "#c62828");
  const bars = runs.map((r, i) => {
    const h = (r.writes / max) * (H - PAD.t - PAD.b);
    return `<rect class="bar" x="${(PAD.l + i * bw + 1).toFixed(1)}" y="${(H - PAD.b - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${Math.max(1, h).toFixed(1)}" fill="${color(r.status)}"><title>run ${r.id}: ${r.writes} writes in ${r.durationS} s, ${esc(r.status)}</title></rect>`;
  });
  const axes = `<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#bbb"/><text x="${PAD.l - 4}" y="${PAD.t + 8}" text-anchor="end">${fmt(max)}</text><text x="${PAD.l - 4}" y="${H - PAD.b}" text-anchor="end">0</text><text x="${PAD.l}" y="${H - 4}">run ${runs[0]!.id}</text><text x="${W - PAD.r}" y="${H - 4}" text-anchor="end">run ${runs.at(-1)!.id}</text>`;
  return `<figure class="plot"><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${axes}${bars.join("")}</svg></figure>`;
}
