/**
 * The status page's HTML, from the same documents the admin API serves (/admin/status, runs,
 * failures, circuits, scheduler). Freshness first; then the plots, runs, failures, circuits,
 * scheduler and matching. Server-rendered strings, every value escaped; no script, no external
 * asset; a meta refresh every 15 s. Pure.
 * @module
 */
import type { FailureView, RunSummary } from "../../core";
import type { FreshnessPoint } from "../../sync/freshness-history";
import { linePlot, runsPlot } from "./plots";

import { esc } from "./html";

export { esc };

const STYLE = `*{box-sizing:border-box}body{font:14px system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}header{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:10px 16px;background:#f6f8fa;border-bottom:1px solid #d0d7de}
header h1{font-size:16px;margin:0}main{padding:12px 16px;max-width:1200px}section{margin:0 0 18px}h2{font-size:15px;margin:0 0 6px}.muted{color:#656d76}
.fresh{font-size:20px;font-weight:600;padding:10px 12px;border-radius:6px}.ok{background:#dafbe1}.behind{background:#fff8c5}.bad{background:#ffebe9}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d8dee4;padding:4px 6px;text-align:left;vertical-align:top}th{font-weight:600;background:#f6f8fa}
.wrap{overflow-x:auto}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}.plot{margin:0}.plot svg{width:100%;height:auto;font:10px system-ui;fill:#656d76}
form.inline{display:inline}button{font:inherit;padding:4px 10px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;cursor:pointer}button.danger{color:#cf222e}
code,pre{font:12px ui-monospace,monospace}pre{background:#f6f8fa;padding:8px;overflow-x:auto}.tag{display:inline-block;padding:0 6px;border-radius:10px;background:#eaeef2}`;

export function layout(title: string, body: string, opts: { refresh?: boolean } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">${opts.refresh ? '<meta http-equiv="refresh" content="15">' : ""}<title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function loginPage(message?: string): string {
  return layout("oberaconnect-sync · sign in", `<header><h1>oberaconnect-sync</h1></header><main><section><h2>Sign in</h2>${message ? `<p class="fresh bad" role="alert">${esc(message)}</p>` : ""}<form method="post" action="/status/login"><label>Admin token <input type="password" name="token" autocomplete="current-password" required></label> <button type="submit">Sign in</button></form><p class="muted">The token is the service's ADMIN_TOKEN. The session lasts 12 hours.</p></section></main>`);
}

export interface PageData {
  status: Record<string, any>;
  runs: RunSummary[];
  failures: FailureView[];
  history: readonly FreshnessPoint[];
  version: string;
  commit: string;
  uptimeS: number;
  /** Null: read-only (public); else the session's CSRF token for the buttons. */
  csrf: string | null;
  notice?: string;
}

const button = (csrf: string | null, action: string, label: string, cls = "") =>
  csrf === null ? "" : `<form class="inline" method="post" action="/status/action/${esc(action)}"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit" class="${cls}">${esc(label)}</button></form>`;
const ago = (iso: string | null | undefined) => (iso ? `${esc(iso.replace("T", " ").slice(0, 19))} UTC` : "–");
const upFor = (s: number) => (s < 3600 ? `${Math.floor(s / 60)} min` : s < 86_400 ? `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min` : `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`);

function freshness(d: PageData): string {
  const f = d.status.freshness ?? { text: "unknown", jobs: {} };
  const rate = d.status.notion_limits?.rate_limit;
  const refused = d.status.notion_limits?.creates_refused;
  const cls = f.pending > 0 ? "behind" : "ok";
  const rows = Object.entries(f.jobs ?? {}).map(([job, j]: [string, any]) => `<tr><td>${esc(job)}</td><td>${esc(j.text ?? (j.pending > 0 ? `${j.pending} pending` : "in sync"))}</td></tr>`).join("");
  return `<section id="freshness"><h2>Freshness</h2><p class="fresh ${cls}" data-pending="${esc(f.pending ?? 0)}">${esc(f.text)}</p>${rate ? `<p class="fresh bad">${esc(rate.text)}</p>` : ""}${refused ? `<p class="fresh bad">Notion refuses new pages: ${esc(refused.message)} ${esc(refused.advice)}</p>` : ""}<div class="wrap"><table><tr><th>Database</th><th>State</th></tr>${rows}</table></div></section>`;
}

function plots(d: PageData): string {
  const backlog = linePlot("Backlog (changes pending)", [{ label: "pending", color: "#1565c0", points: d.history.map((p) => ({ x: p.atMs, y: p.pending })) }]);
  const oldest = linePlot("Oldest pending change (seconds)", [{ label: "oldest", color: "#ef6c00", points: d.history.map((p) => ({ x: p.atMs, y: p.oldestS })) }]);
  const runs = [...d.runs].reverse().filter((r) => r.mode !== "dry_run");
  const bars = runsPlot("Writes per run (hover: duration)", runs.map((r) => ({ id: r.id, writes: r.counts.created + r.counts.updated + r.counts.archived, durationS: Math.round((r.duration_ms ?? 0) / 1000), status: r.status })));
  return `<section id="plots"><h2>Over time</h2><div class="grid">${backlog}${oldest}${bars}</div></section>`;
}

function runsTable(d: PageData): string {
  const rows = d.runs.slice(0, 15).map((r) => `<tr><td>${r.id}</td><td>${esc(r.job)}</td><td>${esc(r.mode)}</td><td>${esc(r.status)}</td><td>+${r.counts.created} ~${r.counts.updated} −${r.counts.archived}${r.counts.failed ? ` ✗${r.counts.failed}` : ""}${r.pending ? ` (${r.pending} pending)` : ""}</td><td>${r.duration_ms === null ? "…" : `${(r.duration_ms / 1000).toFixed(1)} s`}</td><td>${ago(r.started_at)}</td><td>${d.csrf === null ? "" : `<a href="/status/runs/${r.id}">details</a>`}</td></tr>`).join("");
  return `<section id="runs"><h2>Recent runs</h2><div class="wrap"><table><tr><th>#</th><th>Jobs</th><th>Mode</th><th>Status</th><th>Writes</th><th>Took</th><th>Started</th><th></th></tr>${rows || '<tr><td colspan="8" class="muted">none yet</td></tr>'}</table></div></section>`;
}

function failures(d: PageData): string {
  if (d.csrf === null) return `<section id="failures"><h2>Failures</h2><p>${d.failures.length} record(s) failed or unfinished. Sign in for details.</p></section>`;
  const rows = d.failures.slice(0, 20).map((f) => `<tr><td>${esc(f.job)}</td><td><code>${esc(f.key)}</code></td><td>${esc(f.state)}</td><td>${esc(f.error)}</td><td>${esc(f.attempts)}</td><td>${ago(f.next_attempt_at)}</td></tr>`).join("");
  return `<section id="failures"><h2>Failures (${d.failures.length})</h2>${d.failures.length ? button(d.csrf, "retry-failed", "Retry failed now") : ""}<div class="wrap"><table><tr><th>Job</th><th>Record</th><th>State</th><th>Error</th><th>Attempts</th><th>Next try</th></tr>${rows || '<tr><td colspan="6" class="muted">none</td></tr>'}</table></div></section>`;
}

function circuits(d: PageData): string {
  const rows = Object.entries(d.status.circuits ?? {}).map(([api, b]: [string, any]) => `<tr><td>${esc(api)}</td><td><span class="tag">${esc(b.state)}</span></td><td>${b.state === "closed" ? "" : `${esc(b.consecutiveFailures)} failures in a row${b.opensAt ? `, open since ${ago(b.opensAt)}` : ""}`}</td><td>${b.state !== "closed" ? button(d.csrf, `reset-${api}`, "Reset") : ""}</td></tr>`).join("");
  return `<section id="circuits"><h2>Circuits</h2><div class="wrap"><table><tr><th>API</th><th>State</th><th>Why</th><th></th></tr>${rows}</table></div></section>`;
}

function webhook(d: PageData): string {
  const w = d.status.webhooks;
  if (!w) return "";
  if (!w.enabled) return `<section id="webhook"><h2>NinjaOne webhook</h2><p class="muted">off (NINJAONE_WEBHOOK_SECRET not set): new alerts arrive by the alerts poll.</p></section>`;
  const last = w.last ? `last delivery ${ago(w.last.at)}${w.last.lag_seconds !== null ? `, ${esc(w.last.lag_seconds)} s after the alert` : ""}` : "no delivery yet";
  return `<section id="webhook"><h2>NinjaOne webhook</h2><p>${esc(w.received)} received, ${esc(w.duplicates)} duplicate, ${esc(w.rejected)} rejected · ${last}${w.last_rejected && d.csrf !== null ? ` · last rejected ${ago(w.last_rejected.at)} (${esc(w.last_rejected.reason)})` : ""}</p></section>`;
}

function scheduler(d: PageData): string {
  const s = d.status.scheduler ?? {};
  const jobs = Object.entries(d.status.jobs ?? {}).map(([job, j]: [string, any]) => `<tr><td>${esc(job)}</td><td>${ago(j.next_due_at)}</td><td>${ago(j.last_success_at)}</td></tr>`).join("");
  const state = !s.enabled ? "disabled in the config" : s.paused ? `paused${s.paused_by ? ` by ${esc(s.paused_by)}` : ""}` : s.blocked_by ? `blocked: ${esc(s.blocked_by)}` : "running";
  const act = s.enabled ? (s.paused ? button(d.csrf, "resume", "Resume") : button(d.csrf, "pause", "Pause", "danger")) : "";
  return `<section id="scheduler"><h2>Scheduler</h2><p data-state="${s.paused ? "paused" : "running"}">Scheduler ${state}${s.in_maintenance_window ? ` · maintenance window until ${ago(s.window_ends_at)}` : ""} ${act}</p><div class="wrap"><table><tr><th>Job</th><th>Next due</th><th>Last success</th></tr>${jobs}</table></div></section>`;
}

function matching(d: PageData): string {
  const m = d.status.unmatched_sites;
  if (!m) return `<section id="matching"><h2>Matching</h2><p class="muted">no run has read the sources yet</p></section>`;
  const open = (m.unmatched ?? 0) + (m.ambiguous ?? 0);
  const r = m.review as { open: number; sites: any[]; site_mapping: object; site_mapping_exclude: string[] } | undefined;
  const head = `<p>${esc(m.linked ?? 0)} of ${esc(m.sites ?? 0)} UniFi sites linked; ${esc(m.unmatched ?? 0)} unmatched, ${esc(m.ambiguous ?? 0)} ambiguous (as of ${ago(m.at)}).</p>`;
  if (!open) return `<section id="matching"><h2>Matching</h2>${head}</section>`;
  if (d.csrf === null || !r) return `<section id="matching"><h2>Matching</h2>${head}<p>Review them with their evidence and the config to paste: ${d.csrf === null ? "sign in, or run " : ""}<code>oberaconnect-sync match --unmatched --ambiguous</code></p></section>`;
  const rows = r.sites.map((s) => `<tr><td>${esc(s.name)}<br><small class="muted">${esc(s.host ?? "")} · <code>${esc(s.site_id)}</code></small></td><td>${esc(s.kind)}</td><td>${esc(s.review ?? "")}<br><small class="muted">${esc(s.evidence ?? "no name evidence")}</small></td><td>${s.owners.map((o: any) => `${esc(o.org_name)} (#${esc(o.org_id)}) ${Number(o.score).toFixed(2)}`).join("<br>")}</td></tr>`).join("");
  const snippet = JSON.stringify({ sync: { site_mapping: r.site_mapping, site_mapping_exclude: r.site_mapping_exclude } }, null, 2);
  return `<section id="matching"><h2>Matching</h2>${head}<div class="wrap"><table><tr><th>Site</th><th>Kind</th><th>Why</th><th>Plausible owners</th></tr>${rows}</table></div>${r.open > r.sites.length ? `<p class="muted">${r.sites.length} of ${r.open} shown; <code>oberaconnect-sync match</code> lists all.</p>` : ""}<p>To paste into the config, each placeholder replaced by the chosen id (the config refuses it unedited):</p><pre>${esc(snippet)}</pre></section>`;
}

export function statusPage(d: PageData): string {
  const role = d.status.role ?? {};
  const head = `<header><h1>oberaconnect-sync</h1><span class="muted">${esc(d.version)} (${esc(d.commit.slice(0, 12))}) · ${role.primary === false ? "LiteFS replica" : "primary"} · up ${esc(upFor(d.uptimeS))}</span>${d.csrf === null ? '<a href="/status/login">sign in</a>' : `<form class="inline" method="post" action="/status/logout"><input type="hidden" name="csrf" value="${esc(d.csrf)}"><button type="submit">Sign out</button></form>`}</header>`;
  const notice = d.notice ? `<p class="fresh ok" role="status">${esc(d.notice)}</p>` : "";
  return layout("oberaconnect-sync · status", `${head}<main>${notice}${freshness(d)}${plots(d)}${runsTable(d)}${failures(d)}${circuits(d)}${webhook(d)}${scheduler(d)}${matching(d)}</main>`, { refresh: true });
}
