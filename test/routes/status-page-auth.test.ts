/**
 * The status page's door, over HTTP against the real service: no session → the sign-in form and
 * nothing else; a wrong token refused and throttled by the same counter as the admin API; the
 * session cookie's attributes; buttons refused without the session's CSRF token; and with
 * status_page.public_read the read-only parts without any action, failure detail or secret.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { ADMIN_TOKEN, startServiceHarness, type ServiceHarness } from "../helpers/service";

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const form = (body: Record<string, string>) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(body).toString(), redirect: "manual" as const });
const signIn = async (url: string) => {
  const r = await fetch(`${url}/status/login`, form({ token: ADMIN_TOKEN }));
  const cookie = r.headers.get("set-cookie") ?? "";
  return { r, cookie, session: /oc_status=([^;]+)/.exec(cookie)?.[1] ?? "" };
};
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";

describe("the status page's sign-in", () => {
  test("no session: the sign-in form and nothing of the service; / is the same page", async () => {
    h = await startServiceHarness();
    for (const path of ["/", "/status"]) {
      const r = await fetch(`${h.url}${path}`);
      const html = await r.text();
      expect([path, r.status]).toEqual([path, 200]);
      expect(html).toContain('action="/status/login"');
      expect(html).not.toContain('id="freshness"');
      expect(html).not.toContain("/status/action/");
    }
    expect((await fetch(`${h.url}/status/runs/1`)).headers.get("content-type")).toContain("text/html");
    expect(await (await fetch(`${h.url}/status/runs/1`)).text()).toContain('action="/status/login"');
  });

  test("the right token: a session cookie that is HttpOnly and SameSite=Strict, and the page", async () => {
    h = await startServiceHarness();
    const { r, cookie, session } = await signIn(h.url);
    expect(r.status).toBe(303);
    expect(r.headers.get("location")).toBe("/status");
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain http on loopback; https (or x-forwarded-proto) adds it
    const page = await (await fetch(`${h.url}/status`, { headers: { cookie: `oc_status=${session}` } })).text();
    expect(page).toContain('id="freshness"');
    expect(page).not.toContain(ADMIN_TOKEN);
    const https = await fetch(`${h.url}/status/login`, { ...form({ token: ADMIN_TOKEN }), headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-proto": "https" } });
    expect(https.headers.get("set-cookie")).toMatch(/Secure/);
  });

  test("wrong tokens are refused and throttled like the admin API's, by one counter for both doors", async () => {
    h = await startServiceHarness();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await fetch(`${h.url}/status/login`, form({ token: `wrong-${i}` }))).status);
    expect(codes).toEqual([403, 403, 403, 403, 403]);
    const sixth = await fetch(`${h.url}/status/login`, form({ token: "wrong-again" }));
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get("retry-after"))).toBeGreaterThan(0);
    // The admin API sees the same block, even with the right token.
    const admin = await fetch(`${h.url}/admin/status`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(admin.status).toBe(429);
    // And the form too, with the right token, until the wait is over.
    expect((await fetch(`${h.url}/status/login`, form({ token: ADMIN_TOKEN }))).status).toBe(429);
  });

  test("a button needs the session and its CSRF token; signing out ends the session", async () => {
    h = await startServiceHarness({ config: { scheduler: { enabled: true, every_seconds: 3600, jitter_seconds: 1 } } });
    const { session } = await signIn(h.url);
    const cookie = { cookie: `oc_status=${session}` };
    const page = await (await fetch(`${h.url}/status`, { headers: cookie })).text();
    const csrf = csrfOf(page);
    expect(csrf.length).toBeGreaterThan(20);
    const post = (body: Record<string, string>, headers: Record<string, string> = cookie) =>
      fetch(`${h!.url}/status/action/pause`, { ...form(body), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
    expect((await post({ csrf }, {})).status).toBe(401); // no session
    expect((await post({})).status).toBe(403); // no CSRF token
    expect((await post({ csrf: `${csrf}x` })).status).toBe(403); // a wrong one
    // Every button, not only pause: none acts without the session and its token.
    const act = (name: string, body: Record<string, string>, headers: Record<string, string>) =>
      fetch(`${h!.url}/status/action/${name}`, { ...form(body), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
    const runsBefore = h.s.rt.repos.runs.list({ limit: 100 }).length;
    for (const name of ["resume", "retry-failed", "reset-notion", "reset-unifi", "reset-ninjaone"]) {
      expect([name, (await act(name, { csrf }, {})).status]).toEqual([name, 401]);
      expect([name, (await act(name, {}, cookie)).status]).toEqual([name, 403]);
      expect([name, (await act(name, { csrf: `${csrf}x` }, cookie)).status]).toEqual([name, 403]);
    }
    expect(h.s.rt.repos.runs.list({ limit: 100 }).length).toBe(runsBefore); // no retry run was started
    expect(((await (await h.admin("/admin/status")).json()) as { scheduler: { paused: boolean } }).scheduler.paused).toBe(false);
    const ok = await post({ csrf });
    expect(ok.status).toBe(303);
    expect(((await (await h.admin("/admin/status")).json()) as { scheduler: { paused: boolean } }).scheduler.paused).toBe(true);
    expect((await fetch(`${h.url}/status/action/launch-missiles`, { ...form({ csrf }), headers: { "content-type": "application/x-www-form-urlencoded", ...cookie } })).status).toBe(404);

    await fetch(`${h.url}/status/logout`, { ...form({ csrf }), headers: { "content-type": "application/x-www-form-urlencoded", ...cookie } });
    expect(await (await fetch(`${h.url}/status`, { headers: cookie })).text()).toContain('action="/status/login"');
  });

  test("public_read: the read-only parts without signing in; no action, no failure detail, no secret", async () => {
    h = await startServiceHarness({ config: { status_page: { public_read: true } } });
    const repo = h.s.rt.repos.records;
    repo.failed("devices", "ninjaone:device:1", "error naming /var/lib/secret-path", new Date(Date.now() + 3600_000).toISOString(), null);
    const html = await (await fetch(`${h.url}/status`)).text();
    expect(html).toContain('id="freshness"');
    expect(html).toContain('id="plots"');
    expect(html).not.toContain("/status/action/");
    expect(html).not.toContain('name="csrf"');
    expect(html).not.toContain("<button");
    expect(html).not.toContain("secret-path");
    expect(html).not.toContain("ninjaone:device:1");
    expect(html).toContain("1 record(s) failed or unfinished. Sign in for details.");
    for (const secret of [ADMIN_TOKEN, ...Object.values(h.s.env)]) expect(html).not.toContain(secret);
    expect(await (await fetch(`${h.url}/status/runs/1`)).text()).toContain('action="/status/login"');
    // The matching review (site and organization names, the snippet) is for signed-in eyes.
    expect(html).not.toContain("site_mapping");
  });
});
