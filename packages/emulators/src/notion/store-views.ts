/**
 * The workspace's views (developers.notion.com/guides/data-apis/working-with-views): tab views
 * of a database, each over one of its data sources, and dashboard views whose widgets are views
 * of their own (`dashboard_view_id`), laid out in rows. A new database gets one table view,
 * "Default view" (the docs say a new database has a default view and give no name: ours is a
 * choice). Rules the docs leave open, taken strictly: a tab view's data source must be one of
 * its database's; a widget may show any data source the integration can see ("each widget with
 * its own data source"); a database keeps at least one tab view; deleting a dashboard deletes
 * its widgets; the views of a trashed database answer 404.
 * @module
 */
import { notFound, validationError } from "./errors";
import type { StoredDataSource } from "./model";
import type { StoreCore } from "./store-core";
import { checkConfiguration, normalizeFilter, normalizeSorts, type ViewType } from "./view-config";

export interface DashboardRow {
  id: string;
  widgets: { id: string; view_id: string; width?: number }[];
}

export interface StoredView {
  id: string;
  databaseId: string;
  /** Null for dashboards. */
  dataSourceId: string | null;
  name: string;
  type: ViewType;
  filter: unknown;
  sorts: unknown[] | null;
  quickFilters: Record<string, unknown> | null;
  configuration: unknown;
  /** Widgets: the dashboard they belong to. */
  dashboardViewId?: string;
  /** Dashboards: their rows of widgets. */
  rows?: DashboardRow[];
  createdMs: number;
  editedMs: number;
  seq: number;
}

export interface ViewInput {
  dataSourceId: string;
  name: string;
  type: ViewType;
  filter?: unknown;
  sorts?: unknown;
  quickFilters?: Record<string, unknown>;
  configuration?: unknown;
}

export interface ViewEdit {
  name?: string;
  filter?: unknown;
  sorts?: unknown;
  quickFilters?: Record<string, unknown> | null;
  configuration?: unknown;
}

export class ViewRegistry {
  readonly views = new Map<string, StoredView>();

  constructor(private readonly store: StoreCore) {}

  clear(): void {
    this.views.clear();
  }

  /** The view, or 404 (also when its database is in the trash). */
  require(id: string): StoredView {
    const view = this.views.get(id);
    if (!view || this.store.databases.get(view.databaseId)?.inTrash) throw notFound("view", id);
    return view;
  }

  /** A database's tab views (not widgets), in tab order. */
  tabsOf(databaseId: string): StoredView[] {
    return [...this.views.values()].filter((v) => v.databaseId === databaseId && !v.dashboardViewId).sort((a, b) => a.seq - b.seq);
  }

  /** The view every new database gets. */
  addDefault(databaseId: string, dataSourceId: string): StoredView {
    return this.put({ databaseId, dataSourceId, name: "Default view", type: "table", filter: null, sorts: null, quickFilters: null, configuration: null });
  }

  /** A tab view on `databaseId`. */
  createOnDatabase(databaseId: string, input: ViewInput): StoredView {
    const db = this.store.requireDatabase(databaseId);
    if (db.inTrash) throw notFound("database", databaseId);
    if (!db.dataSourceIds.includes(input.dataSourceId)) {
      this.store.requireDataSource(input.dataSourceId);
      throw validationError(`body.data_source_id: data source ${input.dataSourceId} is not a data source of database ${databaseId}.`);
    }
    return this.put({ databaseId, ...this.checked(input), ...(input.type === "dashboard" ? { dataSourceId: null, rows: [] } : {}) });
  }

  /**
   * A widget inside dashboard `dashboardId`: by default in a new row at the end; `placement`
   * (SDK `WidgetPlacementRequest`) puts it in a new row at `row_index` or at the end of an
   * existing row.
   */
  createWidget(dashboardId: string, input: ViewInput, placement?: { type: "new_row" | "existing_row"; row_index?: number }): StoredView {
    const dashboard = this.require(dashboardId);
    if (dashboard.type !== "dashboard") throw validationError(`body.view_id: view ${dashboardId} is a ${dashboard.type} view, not a dashboard.`);
    if (input.type === "dashboard") throw validationError("body.type: a dashboard cannot be a widget of another dashboard.");
    const rows = (dashboard.rows ??= []);
    const at = placement?.row_index;
    if (at !== undefined && (!Number.isInteger(at) || at < 0 || at > rows.length - (placement?.type === "existing_row" ? 1 : 0))) {
      throw validationError(`body.placement.row_index should be from 0 to ${placement?.type === "existing_row" ? rows.length - 1 : rows.length}, instead was ${at}.`);
    }
    if (placement?.type === "existing_row" && at === undefined) throw validationError("body.placement.row_index should be defined for an existing row.");
    const widget = this.put({ databaseId: dashboard.databaseId, ...this.checked(input), dashboardViewId: dashboard.id });
    const cell = { id: this.store.ids.uuid(), view_id: widget.id };
    if (placement?.type === "existing_row") rows[at!]!.widgets.push(cell);
    else rows.splice(at ?? rows.length, 0, { id: this.store.ids.uuid(), widgets: [cell] });
    dashboard.editedMs = this.store.now();
    return widget;
  }

  update(id: string, edit: ViewEdit): StoredView {
    const view = this.require(id);
    if (view.type === "dashboard" && (edit.filter !== undefined || edit.sorts !== undefined || edit.configuration !== undefined || edit.quickFilters !== undefined)) {
      throw validationError("body: a dashboard view takes only a new name; edit its widgets instead.");
    }
    const ds = view.dataSourceId ? this.liveSource(view.dataSourceId) : null;
    const next = { ...view };
    if (edit.name !== undefined) next.name = checkName(edit.name);
    if (ds && edit.filter !== undefined) next.filter = edit.filter === null ? null : normalizeFilter(edit.filter, ds.properties, this.filterContext());
    if (ds && edit.sorts !== undefined) next.sorts = edit.sorts === null ? null : normalizeSorts(edit.sorts, ds.properties);
    if (ds && edit.configuration !== undefined) {
      checkConfiguration(view.type, edit.configuration, ds.properties);
      next.configuration = edit.configuration;
    }
    if (edit.quickFilters !== undefined) next.quickFilters = edit.quickFilters;
    next.editedMs = this.store.now();
    this.views.set(id, next);
    return next;
  }

  /** Deletes a view (a dashboard with its widgets; a widget out of its row). */
  delete(id: string): StoredView {
    const view = this.require(id);
    if (!view.dashboardViewId && this.tabsOf(view.databaseId).length === 1) throw validationError("A database must keep at least one view.");
    this.views.delete(id);
    if (view.type === "dashboard") for (const w of [...this.views.values()]) if (w.dashboardViewId === id) this.views.delete(w.id);
    const dashboard = view.dashboardViewId ? this.views.get(view.dashboardViewId) : undefined;
    if (dashboard?.rows) {
      dashboard.rows = dashboard.rows.map((r) => ({ ...r, widgets: r.widgets.filter((w) => w.view_id !== id) })).filter((r) => r.widgets.length > 0);
    }
    return view;
  }

  private liveSource(id: string): StoredDataSource {
    const ds = this.store.requireDataSource(id);
    if (ds.inTrash) throw notFound("data_source", id);
    return ds;
  }

  private filterContext() {
    return { now: this.store.now(), botId: this.store.bot.id, isLive: this.store.isLive };
  }

  private checked(input: ViewInput): Omit<StoredView, "id" | "databaseId" | "createdMs" | "editedMs" | "seq"> {
    const name = checkName(input.name);
    const ds = this.liveSource(input.dataSourceId);
    if (input.type === "dashboard") {
      if (input.filter !== undefined || input.sorts !== undefined) throw validationError("body: a dashboard view has no filter or sorts; its widgets have theirs.");
      if (input.configuration !== undefined) checkConfiguration("dashboard", input.configuration, ds.properties);
      return { dataSourceId: null, name, type: "dashboard", filter: null, sorts: null, quickFilters: null, configuration: null };
    }
    // A board or chart says what it groups by: no default is documented, so none is made up.
    if (input.configuration !== undefined || input.type === "board" || input.type === "chart") checkConfiguration(input.type, input.configuration, ds.properties);
    return {
      dataSourceId: ds.id,
      name,
      type: input.type,
      filter: input.filter === undefined ? null : normalizeFilter(input.filter, ds.properties, this.filterContext()),
      sorts: input.sorts === undefined ? null : normalizeSorts(input.sorts, ds.properties),
      quickFilters: input.quickFilters ?? null,
      configuration: input.configuration ?? null,
    };
  }

  private put(v: Omit<StoredView, "id" | "createdMs" | "editedMs" | "seq">): StoredView {
    const now = this.store.now();
    const view: StoredView = { ...v, id: this.store.ids.uuid(), createdMs: now, editedMs: now, seq: this.store.nextSeq() };
    this.views.set(view.id, view);
    return view;
  }
}

function checkName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "") throw validationError("body.name should be a non-empty string.");
  return name;
}
