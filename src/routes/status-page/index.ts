/**
 * The status page an on-call engineer opens first: GET / and /status (render.ts), its sign-in
 * (POST /status/login, /status/logout), its buttons (POST /status/action/:name) and a run's
 * details (GET /status/runs/:id). It fits the admin API's rules: the same token (typed into a
 * form, buying an HttpOnly, SameSite=Strict session cookie), the same throttle on failed
 * sign-ins, every button a POST carrying the session's CSRF token, writes only on the primary,
 * one audit line per action. With status_page.public_read the read-only parts show without
 * signing in: no button, no failure detail, no run detail.
 * @module
 */
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { API_NAMES, type ApiName } from "../../http";
import { JOB_NAMES } from "../../core/snapshot";
import { clientAddress, sameToken } from "../admin/auth";
import type { App } from "../env";
import type { StatusPageDeps } from "./deps";
import { esc, layout, loginPage, statusPage } from "./render";
import { COOKIE, cookieOptions, Sessions } from "./session";

export type { StatusPageDeps } from "./deps";

async function formField(c: Context, name: string): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return undefined;
  const raw = (await c.req.text()).slice(0, 8192);
  const v = new URLSearchParams(raw).get(name);
  return v ?? undefined;
}

export function registerStatusPage(app: App, d: StatusPageDeps): void {
  const sessions = new Sessions(() => d.admin.clock.now());
  const a = d.admin;

  const page = (c: Context, notice?: string) => {
    const s = sessions.of(c);
    if (!s && !d.publicRead) return c.html(loginPage(), 200);
    const status = a.status() as Record<string, any>;
    const now = a.clock.now();
    // The samples of the last hours, and the queue as it is now.
    const live = { atMs: now, pending: Number(status.freshness?.pending ?? 0), oldestS: Number(status.freshness?.oldest_pending_seconds ?? 0) };
    return c.html(statusPage({
      status,
      runs: a.ledger.runs({ limit: 40 }),
      failures: a.ledger.failures({ limit: 50 }),
      history: [...d.history(), live],
      version: d.version,
      commit: d.commit,
      uptimeS: Math.floor((now - d.startedAt) / 1000),
      csrf: s ? s.csrf : null,
      ...(notice ? { notice } : {}),
    }));
  };
  app.get("/", (c) => page(c));
  app.get("/status", (c) => page(c, c.req.query("done")));

  app.get("/status/login", (c) => c.html(loginPage()));
  app.post("/status/login", async (c) => {
    const client = clientAddress(c) ?? "unknown";
    const wait = await d.logins.waitOf(client);
    if (wait > 0) {
      c.header("Retry-After", String(wait));
      return c.html(loginPage(`Too many failed sign-ins from this address; try again in ${wait} s.`), 429);
    }
    const expected = a.adminToken();
    if (expected === undefined) return c.html(loginPage("The admin token is not set on this service (ADMIN_TOKEN): nobody can sign in."), 503);
    const given = await formField(c, "token");
    if (!given || !sameToken(given, expected)) {
      const blocked = await d.logins.failed(client);
      a.audit({ route: "/status/login", status: blocked ? 429 : 403, ...(client ? { client } : {}) }, `status page sign-in refused from ${client}`);
      if (blocked) c.header("Retry-After", String(blocked));
      return c.html(loginPage(blocked ? `Too many failed sign-ins from this address; try again in ${blocked} s.` : "That is not the admin token."), blocked ? 429 : 403);
    }
    await d.logins.succeeded(client);
    const s = sessions.create();
    setCookie(c, COOKIE, s.id, cookieOptions(c));
    a.audit({ route: "/status/login", status: 303, client }, `status page sign-in from ${client}`);
    return c.redirect("/status", 303);
  });

  app.post("/status/logout", async (c) => {
    const s = sessions.of(c);
    if (s && Sessions.csrfOk(s, await formField(c, "csrf"))) sessions.drop(s.id);
    deleteCookie(c, COOKIE, { path: "/" });
    return c.redirect("/status", 303);
  });

  /** The buttons: each needs the session and its CSRF token, and the primary. */
  app.post("/status/action/:name", async (c) => {
    const s = sessions.of(c);
    if (!s) return c.html(loginPage("Sign in first."), 401);
    if (!Sessions.csrfOk(s, await formField(c, "csrf"))) return c.html(layout("refused", "<main><p>Refused: this form is stale or was not sent by the status page (CSRF token missing or wrong). <a href=\"/status\">Back</a></p></main>"), 403);
    const name = c.req.param("name");
    const role = a.role();
    if (!role.primary) return c.html(layout("refused", `<main><p>This instance (${esc(role.host)}) is not the primary; open the primary's status page to act. <a href="/status">Back</a></p></main>`), 409);
    let done: string;
    if (name === "pause") {
      a.scheduler.pause(`status page (request ${c.get("requestId")})`);
      done = "Scheduler paused.";
    } else if (name === "resume") {
      a.scheduler.resume();
      done = "Scheduler resumed.";
    } else if (name === "retry-failed") {
      try {
        const { runId } = await a.syncs.start({ jobs: [...JOB_NAMES], mode: "retry_failed", dryRun: false, trigger: "admin" });
        done = `Retrying failed records (run ${runId ?? "queued"}).`;
      } catch (err) {
        done = `Not started: ${(err as Error).message}`;
      }
    } else if (name.startsWith("reset-") && (API_NAMES as readonly string[]).includes(name.slice(6))) {
      a.gates[name.slice(6) as ApiName].resetBreaker();
      done = `${name.slice(6)} circuit reset.`;
    } else {
      return c.html(layout("unknown", `<main><p>No such action. <a href="/status">Back</a></p></main>`), 404);
    }
    a.audit({ route: "/status/action/:name", path: c.req.path, status: 303, request_id: c.get("requestId") }, `status page: ${done}`);
    return c.redirect(`/status?done=${encodeURIComponent(done)}`, 303);
  });

  app.get("/status/runs/:id", (c) => {
    if (!sessions.of(c)) return c.html(loginPage(), 200);
    const run = a.ledger.run(Number(c.req.param("id")));
    if (!run) return c.html(layout("no run", `<main><p>No such run. <a href="/status">Back</a></p></main>`), 404);
    const plan = run.mode === "dry_run" ? a.syncs.plan(run.id) : null;
    const changes = plan ? plan.jobs.flatMap((j) => j.changes.slice(0, 200).map((ch) => `<tr><td>${esc(j.job)}</td><td>${esc((ch as { action?: string }).action ?? "")}</td><td><code>${esc((ch as { key?: string }).key ?? "")}</code></td></tr>`)).join("") : "";
    return c.html(layout(`run ${run.id}`, `<main><p><a href="/status">← status</a></p><h2>Run ${run.id}</h2><pre>${esc(JSON.stringify(run, null, 2))}</pre>${plan ? `<h2>Plan</h2><div class="wrap"><table><tr><th>Job</th><th>Action</th><th>Record</th></tr>${changes}</table></div>` : ""}</main>`));
  });
}
