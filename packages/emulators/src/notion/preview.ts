/**
 * A read-only HTML preview of the emulated workspace (`GET /_emulator/ui`): each database's views
 * as Notion would show them (tables with their filter and sorts applied, boards by their group,
 * charts as bars, the dashboard with its widgets), so a newcomer running `npm run demo` sees what
 * the on-call team will see. Server-rendered, no script, no external asset. Not Notion's look,
 * only its content; anything a view refers to that is gone shows as nothing, as in Notion.
 * @module
 */
import type { PageObjectResponse } from "@notionhq/client";
import { compileFilter } from "./filters";
import { plainText, type StoredDataSource, type StoredPage } from "./model";
import { compileSorts } from "./sorts";
import type { NotionStore } from "./store";
import type { StoredView } from "./store-views";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const MAX_ROWS = 50;
const MAX_COLUMNS = 7;

/** One property value as text (relations by their pages' titles). */
function cell(store: NotionStore, v: PageObjectResponse["properties"][string]): string {
  switch (v.type) {
    case "title": return plainText(v.title as never);
    case "rich_text": return plainText(v.rich_text as never);
    case "number": return v.number === null ? "" : String(v.number);
    case "select": return v.select?.name ?? "";
    case "multi_select": return v.multi_select.map((o) => o.name).join(", ");
    case "checkbox": return v.checkbox ? "✓" : "";
    case "date": return v.date?.start ?? "";
    case "relation": return v.relation.map((r) => titleOf(store, r.id)).join(", ");
    default: return "";
  }
}

function titleOf(store: NotionStore, pageId: string): string {
  const page = store.pages.get(pageId);
  if (!page) return "";
  const t = Object.values(page.values).find((x) => x.type === "title");
  return t?.type === "title" ? plainText(t.items) : "";
}

/** The view's rows: live pages of its data source, its filter and sorts applied. */
function rowsOf(store: NotionStore, view: StoredView, ds: StoredDataSource): StoredPage[] {
  let pages = store.pagesIn(ds.id);
  try {
    if (view.filter) pages = pages.filter(compileFilter(view.filter, ds.properties, { now: store.now(), botId: store.bot.id, isLive: store.isLive }));
    if (view.sorts) pages = [...pages].sort(compileSorts(view.sorts, ds.properties));
  } catch {
    return []; // a filter on a column that is gone shows nothing
  }
  return pages;
}

function groupOf(view: StoredView): string | undefined {
  const c = view.configuration as { group_by?: { property_id?: string }; x_axis?: { property_id?: string } } | null;
  return c?.group_by?.property_id ?? c?.x_axis?.property_id;
}

function renderTable(store: NotionStore, view: StoredView, ds: StoredDataSource, pages: StoredPage[]): string {
  const cols = [...ds.properties.filter((p) => p.type === "title"), ...ds.properties.filter((p) => p.type !== "title" && p.name !== "Sync Key" && !p.name.startsWith("Linked "))].slice(0, MAX_COLUMNS);
  const head = `<tr>${cols.map((p) => `<th>${esc(p.name)}</th>`).join("")}</tr>`;
  const line = (p: StoredPage) => {
    const props = store.view(p).properties;
    return `<tr>${cols.map((c) => `<td>${esc(cell(store, props[c.name]!))}</td>`).join("")}</tr>`;
  };
  const groupId = groupOf(view);
  const group = groupId ? ds.properties.find((p) => p.id === groupId) : undefined;
  if (!group) return `<table>${head}${pages.slice(0, MAX_ROWS).map(line).join("")}</table>${more(pages)}`;
  const groups = bucket(store, pages, group.name);
  return [...groups].map(([k, list]) => `<h4>${esc(k || "(none)")} <span class="n">${list.length}</span></h4><table>${head}${list.slice(0, MAX_ROWS).map(line).join("")}</table>`).join("");
}

function bucket(store: NotionStore, pages: StoredPage[], propName: string): Map<string, StoredPage[]> {
  const out = new Map<string, StoredPage[]>();
  for (const p of pages) {
    const key = cell(store, store.view(p).properties[propName]!);
    (out.get(key) ?? out.set(key, []).get(key)!).push(p);
  }
  return out;
}

const more = (pages: StoredPage[]) => (pages.length > MAX_ROWS ? `<p class="n">… and ${pages.length - MAX_ROWS} more</p>` : "");

function renderBoard(store: NotionStore, view: StoredView, ds: StoredDataSource, pages: StoredPage[]): string {
  const group = ds.properties.find((p) => p.id === groupOf(view));
  if (!group) return "<p>(grouped by a column that is gone)</p>";
  const title = ds.properties.find((p) => p.type === "title")!;
  const order = (group.options ?? []).map((o) => o.name);
  const groups = bucket(store, pages, group.name);
  const keys = [...new Set([...order, ...groups.keys()])];
  return `<div class="board">${keys.map((k) => `<div class="col"><h4>${esc(k || "(none)")} <span class="n">${groups.get(k)?.length ?? 0}</span></h4>${(groups.get(k) ?? []).slice(0, MAX_ROWS).map((p) => `<div class="card">${esc(cell(store, store.view(p).properties[title.name]!))}</div>`).join("")}</div>`).join("")}</div>`;
}

function renderChart(store: NotionStore, view: StoredView, ds: StoredDataSource, pages: StoredPage[]): string {
  const group = ds.properties.find((p) => p.id === groupOf(view));
  if (!group) return "<p>(charted by a column that is gone)</p>";
  const groups = [...bucket(store, pages, group.name)].sort((a, b) => b[1].length - a[1].length);
  const max = Math.max(1, ...groups.map(([, l]) => l.length));
  return `<div class="chart">${groups.map(([k, l]) => `<div class="bar"><span class="k">${esc(k || "(none)")}</span><span class="b" style="width:${Math.round((l.length / max) * 100)}%"></span><span class="n">${l.length}</span></div>`).join("")}</div>`;
}

/** One view's content (a dashboard renders its widgets). */
export function renderViewBody(store: NotionStore, view: StoredView): string {
  if (view.type === "dashboard") {
    return (view.rows ?? []).map((r) => `<div class="row">${r.widgets.map((w) => {
      const widget = store.viewRegistry.views.get(w.view_id);
      return widget ? `<section class="widget"><h3>${esc(widget.name)}</h3>${renderViewBody(store, widget)}</section>` : "";
    }).join("")}</div>`).join("");
  }
  const ds = view.dataSourceId ? store.dataSources.get(view.dataSourceId) : undefined;
  if (!ds || ds.inTrash) return "<p>(its database is gone)</p>";
  const pages = rowsOf(store, view, ds);
  if (view.type === "board") return renderBoard(store, view, ds, pages);
  if (view.type === "chart") return renderChart(store, view, ds, pages);
  return renderTable(store, view, ds, pages);
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:0;color:#222}header{background:#f6f5f4;padding:8px 16px;border-bottom:1px solid #ddd}
nav a{margin-right:12px}main{padding:12px 16px}.tabs a{display:inline-block;padding:4px 8px;border-bottom:2px solid transparent}.tabs a.on{border-color:#222;font-weight:600}
table{border-collapse:collapse;margin:6px 0 12px;width:100%}th,td{border:1px solid #e3e2e0;padding:3px 6px;text-align:left;vertical-align:top}th{background:#fafafa;font-weight:500}
.n{color:#888;font-weight:normal}.board{display:flex;gap:8px;overflow-x:auto}.col{min-width:160px;background:#f7f7f5;padding:6px;border-radius:4px}.card{background:#fff;border:1px solid #e3e2e0;border-radius:4px;padding:4px 6px;margin:4px 0}
.row{display:flex;gap:12px;flex-wrap:wrap}.widget{flex:1 1 420px;border:1px solid #e3e2e0;border-radius:6px;padding:8px;margin:6px 0;overflow:auto}.chart .bar{display:flex;align-items:center;gap:6px;margin:3px 0}.chart .k{width:120px}.chart .b{display:inline-block;height:12px;background:#2e75cc;border-radius:2px}`;

/** The page: databases across the top, the chosen database's views as tabs, the chosen view. */
export function renderPreview(store: NotionStore, opts: { databaseId?: string; viewId?: string }): string {
  const dbs = [...store.databases.values()].filter((d) => !d.inTrash).sort((a, b) => a.createdSeq - b.createdSeq);
  const dashboard = [...store.viewRegistry.views.values()].find((v) => v.type === "dashboard" && !store.databases.get(v.databaseId)?.inTrash);
  const view = opts.viewId ? store.viewRegistry.views.get(opts.viewId) : opts.databaseId ? store.viewRegistry.tabsOf(opts.databaseId)[0] : (dashboard ?? (dbs[0] ? store.viewRegistry.tabsOf(dbs[0].id)[0] : undefined));
  const db = view ? store.databases.get(view.databaseId) : undefined;
  const nav = dbs.map((d) => `<a href="/_emulator/ui?database=${d.id}">${esc(plainText(d.title) || "Untitled")}</a>`).join("");
  const tabs = db ? store.viewRegistry.tabsOf(db.id).map((v) => `<a class="${v.id === view?.id ? "on" : ""}" href="/_emulator/ui?view=${v.id}">${esc(v.name)}</a>`).join("") : "";
  const body = view ? `<h2>${esc(plainText(db!.title))} · ${esc(view.name)}</h2>${renderViewBody(store, view)}` : "<p>No database yet: run setup-databases.</p>";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Notion emulator · preview</title><style>${STYLE}</style></head><body><header><strong>Emulated Notion</strong> (read-only preview) <nav>${nav}</nav></header><main><div class="tabs">${tabs}</div>${body}</main></body></html>`;
}
