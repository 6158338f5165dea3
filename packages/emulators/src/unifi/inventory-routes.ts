/**
 * GET /hosts, /hosts/:id, /sites and /devices (LCD listhosts, gethostbyid, listsites,
 * listdevices). Mounted under both /v1 and /ea, as the real API keeps promoted paths under /ea/.
 */
import type { Context, Hono } from "hono";
import { fail, invalidParameter, ok } from "./envelope";
import { pageAfter, parsePageSize, parseRfc3339 } from "./pagination";
import { unifiData, type UnifiState } from "./state";

/**
 * Serves one page of `items`. `filter` fingerprints the query the cursor belongs to: a token
 * sent with other filters is refused like a garbled one (the real rule is unknown; stricter).
 */
function listPage<T>(
  c: Context,
  state: UnifiState,
  list: string,
  items: readonly T[],
  key: (item: T) => string,
  filter = "",
): Response {
  const size = parsePageSize(c.req.query("pageSize"));
  if (!size.ok) return invalidParameter(c, state.trace, size.message);

  // An empty nextToken is read as "no token", as a Go server reading the query would.
  const raw = c.req.query("nextToken") || undefined;
  let after: string | undefined;
  if (raw !== undefined) {
    const cursor = state.tokens.decode(raw);
    if (!cursor || cursor.list !== list || cursor.filter !== filter) {
      return invalidParameter(c, state.trace, `invalid nextToken: ${raw}`);
    }
    after = cursor.after;
  }

  const { page, more } = pageAfter(items, key, after, size.value);
  const last = page.at(-1);
  if (more && last !== undefined) {
    return ok(c, state.trace, page, { nextToken: state.tokens.encode({ list, after: key(last), filter }) });
  }
  return ok(c, state.trace, page, { end: state.ends.next() });
}

/**
 * `hostIds[]` as repeated values, or one comma-joined value as the docs example sends it; both
 * forms may be mixed. Host ids never contain commas (`<hex>:<digits>` or a UUID).
 */
export function parseHostIds(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean))];
}

/** Mounts the host, site and device lists on `api` (which is then mounted under /v1 and /ea). */
export function registerInventoryRoutes(api: Hono, state: UnifiState): void {
  api.get("/hosts", (c) => listPage(c, state, "hosts", unifiData(state).hosts, (h) => h.id));

  api.get("/hosts/:id", (c) => {
    const id = c.req.param("id");
    const host = unifiData(state).hosts.find((h) => h.id === id);
    // NOT_FOUND is the one upper-case code on the wire (developer.ui.com responseformat example).
    if (!host) return fail(c, state.trace, 404, "NOT_FOUND", `thing not found: ${id}`);
    return ok(c, state.trace, host);
  });

  api.get("/sites", (c) => listPage(c, state, "sites", unifiData(state).sites, (s) => s.siteId));

  api.get("/devices", (c) => {
    const hostIds = parseHostIds(c.req.queries("hostIds[]") ?? []);
    const time = c.req.query("time");
    let since: number | undefined;
    if (time !== undefined) {
      const parsed = parseRfc3339(time);
      if (parsed === null) return invalidParameter(c, state.trace, `invalid time format: ${time}`);
      since = parsed;
    }
    // `time` is documented as the "last processed timestamp": groups not updated since are left
    // out (inferred; a group without `updatedAt` is always included rather than lost).
    const groups = unifiData(state).devices.filter(
      (g) =>
        (hostIds.length === 0 || hostIds.includes(g.hostId)) &&
        (since === undefined || g.updatedAt === undefined || Date.parse(g.updatedAt) >= since),
    );
    const filter = `${[...hostIds].sort().join(",")}|${time ?? ""}`;
    return listPage(c, state, "devices", groups, (g) => g.hostId, filter);
  });
}
