/**
 * Setting up the on-call views (views.ts) on databases setup has made or found, and checking
 * them for `schema check`. Views are made once, by setup, never by a sync: a sync costs none of
 * these requests. On a database setup has just created (or recreated), or one with no view of
 * ours yet (an earlier version's, or a setup stopped half way), every view of ours is created;
 * on one that has some of ours, a missing one is reported and `--migrate` adds it, and a
 * view of ours that no longer says what ours says (a filter on a column deleted and added again)
 * is reported and `--migrate` repairs it. Views with other names are the team's: never read
 * past their name, never changed or deleted.
 * @module
 */
import type { NotionApi, NotionView } from "./api";
import type { SchemaProblem } from "../core";
import type { DatabaseName } from "./templates";
import { DASHBOARD, VIEW_SPECS, viewShape, viewState, widgetSpecs, type ViewSpec } from "./views";

export interface ViewsTarget {
  name: DatabaseName;
  databaseId: string;
  dataSourceId: string;
  /** Setup created it just now: every view of ours is made without asking. */
  fresh: boolean;
}

export interface ViewsResult {
  created: string[];
  repaired: string[];
  problems: SchemaProblem[];
  /** Requests the views took (reads and writes). */
  requests: number;
}

const fix = "run `oberaconnect-sync setup-databases --migrate`";

/** `apply`: false for `schema check` (read only), true for setup (creates and, with `migrate`, repairs). */
export async function setupViews(notion: NotionApi, targets: readonly ViewsTarget[], opts: { apply: boolean; migrate: boolean }): Promise<ViewsResult> {
  const out: ViewsResult = { created: [], repaired: [], problems: [], requests: 0 };
  const count = <T>(p: Promise<T>): Promise<T> => {
    out.requests++;
    return p;
  };
  const sources = new Map(targets.map((t) => [t.name, t]));
  const props = new Map<DatabaseName, Awaited<ReturnType<NotionApi["retrieveDataSource"]>>["properties"]>();
  for (const t of targets) props.set(t.name, (await count(notion.retrieveDataSource(t.dataSourceId))).properties);

  /** Creates, repairs or reports one view of ours; `place` says where a new one goes. */
  const settle = async (spec: ViewSpec, found: NotionView | undefined, target: ViewsTarget, place: { database_id: string } | { view_id: string; placement?: { type: "new_row"; row_index: number } }, label: string) => {
    const ds = sources.get(spec.database)!;
    const shape = viewShape(spec, props.get(spec.database)!);
    if (!shape) return; // a property of ours is missing: the schema check names it, --migrate adds it first
    const body = { ...(shape.filter ? { filter: shape.filter } : {}), ...(shape.sorts ? { sorts: shape.sorts } : {}), ...(shape.configuration ? { configuration: shape.configuration } : {}) };
    if (!found) {
      if (opts.apply && (target.fresh || opts.migrate)) {
        await count(notion.createView({ ...place, data_source_id: ds.dataSourceId, name: spec.name, type: spec.type, ...body } as never));
        out.created.push(label);
      } else out.problems.push({ database: target.name, property: label, kind: "missing_view", expected: `view "${spec.name}" (${spec.type})`, actual: null, fix: `${fix} to add it` });
      return;
    }
    if (found.data_source_id && found.data_source_id !== ds.dataSourceId) {
      // A widget over a database that was recreated: a view cannot change its data source, so
      // ours is made again over the new one.
      if (opts.apply && (ds.fresh || opts.migrate)) {
        await count(notion.deleteView(found.id));
        await count(notion.createView({ ...place, data_source_id: ds.dataSourceId, name: spec.name, type: spec.type, ...body } as never));
        out.repaired.push(label);
      } else out.problems.push({ database: target.name, property: label, kind: "broken_view", expected: `view "${spec.name}" over the ${spec.database} database`, actual: "shows a database that was replaced", fix: `${fix} to make it again` });
      return;
    }
    const state = viewState(spec, found, props.get(spec.database)!);
    if (state === "ok") return;
    if (opts.apply && opts.migrate) {
      await count(notion.updateView(found.id, { filter: shape.filter as never, sorts: shape.sorts as never, ...(shape.configuration ? { configuration: shape.configuration as never } : {}) }));
      out.repaired.push(label);
      return;
    }
    const actual = state === "broken" ? "refers to a property the database no longer has" : "filters, sorts or groups otherwise than ours";
    out.problems.push({ database: target.name, property: label, kind: "broken_view", expected: `view "${spec.name}" as documented`, actual, fix: `${fix} to repair it (rename the view first to keep your version as your own)` });
  };

  const ours = new Set([...VIEW_SPECS.map((v) => v.name), DASHBOARD.name]);
  for (const target of targets) {
    const views = await Promise.all((await count(notion.listViews(target.databaseId))).map((id) => count(notion.retrieveView(id))));
    // A database with no view of ours has never had them (set up by an earlier version, or a
    // setup stopped before its views): all are made. One that has some lacks the others on
    // purpose or by accident; that is for --migrate.
    const t = { ...target, fresh: target.fresh || !views.some((v) => ours.has(v.name)) };
    const byName = (name: string) => views.find((v) => v.name === name);
    for (const spec of VIEW_SPECS.filter((s) => s.database === t.name)) await settle(spec, byName(spec.name), t, { database_id: t.databaseId }, `view "${spec.name}"`);
    if (t.name !== DASHBOARD.database) continue;
    let dashboard = views.find((v) => v.name === DASHBOARD.name && v.type === "dashboard");
    if (!dashboard) {
      if (!(opts.apply && (t.fresh || opts.migrate))) {
        out.problems.push({ database: t.name, property: `dashboard "${DASHBOARD.name}"`, kind: "missing_view", expected: `dashboard "${DASHBOARD.name}" with ${DASHBOARD.widgets.length} widgets`, actual: null, fix: `${fix} to add it` });
        continue;
      }
      dashboard = await count(notion.createView({ database_id: t.databaseId, data_source_id: t.dataSourceId, name: DASHBOARD.name, type: "dashboard" } as never));
      out.created.push(`dashboard "${DASHBOARD.name}"`);
    }
    const rows = (dashboard.configuration as { rows?: { widgets: { view_id: string }[] }[] } | null)?.rows ?? [];
    const widgets = await Promise.all(rows.flatMap((r, row) => r.widgets.map(async (w) => ({ row, view: await count(notion.retrieveView(w.view_id)) }))));
    for (const spec of widgetSpecs()) {
      const found = widgets.find((w) => w.view.name === spec.name);
      // A widget made again keeps its row (its old one went with it when it was its only widget).
      const place = found && rows[found.row]!.widgets.length === 1 ? { view_id: dashboard.id, placement: { type: "new_row" as const, row_index: found.row } } : { view_id: dashboard.id };
      await settle(spec, found?.view, { ...t, fresh: t.fresh || !views.some((v) => v.id === dashboard!.id) }, place, `dashboard "${DASHBOARD.name}" widget "${spec.name}"`);
    }
  }
  return out;
}
