import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLogger } from "../../src/telemetry/logger";
import { json } from "../helpers/http";
import { ADMIN_TOKEN, startServiceHarness, type ServiceHarness } from "../helpers/service";

/** Every admin route, with a request that is valid for it and what the right token gets. */
const ROUTES: [method: string, path: string, body: unknown, ok: number][] = [
  ["GET", "/admin/status", undefined, 200],
  ["GET", "/admin/runs", undefined, 200],
  ["GET", "/admin/runs/999", undefined, 404],
  ["POST", "/admin/sync", { dry_run: true }, 202],
  ["GET", "/admin/failures", undefined, 200],
  ["GET", "/admin/records/devices/ninjaone:device:1", undefined, 404],
  ["GET", "/admin/circuits", undefined, 200],
  ["POST", "/admin/circuits/notion/reset", undefined, 200],
  ["POST", "/admin/scheduler/pause", undefined, 200],
  ["POST", "/admin/scheduler/resume", undefined, 200],
  ["GET", "/admin/schema", undefined, 200],
  ["POST", "/admin/dedupe", { apply: false }, 200],
  ["GET", "/admin/config", undefined, 200],
];

type Auth = "disabled" | "no token" | "wrong token" | "right token";

let open: ServiceHarness;
let closed: ServiceHarness;
beforeAll(async () => {
  // The table sends many wrong tokens from one address: the throttle (its own test below) set wide.
  const wide = { config: { server: { admin_failed_logins_per_minute: 10_000 } } };
  [open, closed] = await Promise.all([startServiceHarness(wide), startServiceHarness({ adminToken: null })]);
});
afterAll(async () => {
  await Promise.all([open.stop(), closed.stop()]);
});

async function call(auth: Auth, method: string, path: string, body: unknown): Promise<Response> {
  const h = auth === "disabled" ? closed : open;
  const headers: Record<string, string> = {};
  if (auth === "wrong token") headers.authorization = "Bearer not-the-token";
  if (auth === "right token" || auth === "disabled") headers.authorization = `Bearer ${ADMIN_TOKEN}`;
  const res = await fetch(`${h.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  // A dry run started by the table must end before the next row, which may start another.
  if (res.status === 202) await h.svc.syncs.idle();
  return res;
}

const cases = ROUTES.flatMap(([method, path, body, ok]) =>
  (["disabled", "no token", "wrong token", "right token"] as Auth[]).map((auth) => [auth, method, path, body, ok] as const),
);

describe("admin API authorisation: every route × every state of the token", () => {
  test.each(cases)("%s: %s %s", async (auth, method, path, body, ok) => {
    const res = await call(auth, method, path, body);
    const b = await json(res);
    const expected = { disabled: 503, "no token": 401, "wrong token": 403, "right token": ok }[auth];
    expect(res.status).toBe(expected);
    if (auth !== "right token" || ok >= 400) {
      expect(Object.keys(b)).toEqual(["error"]);
      expect(b.error).toMatchObject({ code: { disabled: "admin_disabled", "no token": "unauthorized", "wrong token": "forbidden", "right token": "not_found" }[auth], request_id: expect.any(String) });
    }
    if (auth === "no token") expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(JSON.stringify(b)).not.toContain(ADMIN_TOKEN);
  });
});

describe("admin API: bad input in the one error shape", () => {
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  test.each([
    ["POST", "/admin/sync", '{"mode":"sometimes","extra":1}', ["body.mode", "body.extra"]],
    ["POST", "/admin/sync", "{not json", ["body"]],
    ["GET", "/admin/runs?limit=1000&status=odd", undefined, ["query.limit", "query.status"]],
    ["GET", "/admin/runs?job=widgets", undefined, ["query.job"]],
    ["POST", "/admin/circuits/stripe/reset", undefined, ["param.api"]],
    ["POST", "/admin/dedupe", '{"apply":"yes"}', ["body.apply"]],
  ])("%s %s %s → 400 naming %j", async (method, path, body, fields) => {
    const res = await fetch(`${open.url}${path}`, { method, headers: auth, ...(body === undefined ? {} : { body }) });
    expect(res.status).toBe(400);
    const b = await json(res);
    expect(b.error.code).toBe("bad_request");
    expect(b.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([...fields].sort());
    for (const f of fields) expect(b.error.message).toContain(f);
  });

  test("a body over 64 KiB is 413; an unknown route 404; a known route with another method 405 with Allow", async () => {
    const big = await fetch(`${open.url}/admin/sync`, { method: "POST", headers: auth, body: JSON.stringify({ pad: "x".repeat(70_000) }) });
    expect(big.status).toBe(413);
    expect((await json(big)).error.code).toBe("payload_too_large");
    const missing = await fetch(`${open.url}/admin/nothing-here`, { headers: auth });
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe("not_found");
    const wrong = await fetch(`${open.url}/admin/status`, { method: "DELETE", headers: auth });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expect((await json(wrong)).error.code).toBe("method_not_allowed");
  });

  test("a JSON body is read whatever its Content-Type (curl -d sends form-urlencoded)", async () => {
    const res = await fetch(`${open.url}/admin/sync`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-www-form-urlencoded" },
      body: '{"mode":"full","dry_run":true,"job":"customers"}',
    });
    expect(res.status).toBe(202);
    const { run_id } = await json(res);
    await open.svc.syncs.idle();
    const run = await json(open.admin(`/admin/runs/${run_id}`));
    expect(run.run).toMatchObject({ mode: "dry_run", job: "customers" });
  });
});

describe("admin calls are audited", () => {
  test("every call, reads and refused ones too: client address, route template, path, outcome, request id; never the token", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (l: string) => void lines.push(l) } });
    const h = await startServiceHarness({ logger });
    try {
      await h.admin("/admin/status");
      await h.admin("/admin/circuits/unifi/reset", { method: "POST", headers: { "x-request-id": "req-audit-1" } });
      await fetch(`${h.url}/admin/scheduler/pause`, { method: "POST", headers: { authorization: "Bearer wrong" } });
      const audit = lines.map((l) => JSON.parse(l)).filter((l) => String(l.msg).startsWith("admin "));
      expect(audit.map((a) => [a.method, a.route, a.status])).toEqual([
        ["GET", "/admin/status", 200],
        ["POST", "/admin/circuits/:api/reset", 200],
        ["POST", "/admin/scheduler/pause", 403],
      ]);
      // The caller's id beside the server's own, never instead of it.
      expect(audit[1].caller_request_id).toBe("req-audit-1");
      expect(audit[1].request_id).toMatch(/^[0-9a-f-]{36}$/);
      // Which circuit: the path as asked, in the message an operator greps, and from where.
      expect(audit[1].msg).toBe("admin POST /admin/circuits/unifi/reset → 200 from 127.0.0.1");
      expect(audit[1].path).toBe("/admin/circuits/unifi/reset");
      expect(audit.map((a) => a.client)).toEqual(["127.0.0.1", "127.0.0.1", "127.0.0.1"]);
      expect(lines.join("\n")).not.toContain(ADMIN_TOKEN);
    } finally {
      await h.stop();
    }
  });
});

describe("admin API: one name per database, plain words for bad input", () => {
  const get = (path: string) => fetch(`${open.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  test("a record asked for by its database name (customer_status, as dedupe printed it) is the customers job's", async () => {
    const r = await get("/admin/records/customer_status/ninjaone:org:1");
    expect(r.status).toBe(404);
    expect((await json(r)).error.message).toContain("customers");
    const bad = await get("/admin/records/customer/ninjaone:org:1");
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toBe('param.job: expected one of "customers"|"sites"|"devices"|"alerts" (or "customer_status" for customers)');
  });
  test("unmatched sites are known from the ledger before this service's own first run (a CLI sync read the sources)", async () => {
    const h = await startServiceHarness();
    try {
      expect((await json(await h.admin("/admin/status"))).unmatched_sites).toBeNull();
      const report = await h.s.sync(); // another process's sync, on the same ledger
      expect((await json(await h.admin("/admin/status"))).unmatched_sites).toMatchObject({ ...report.matching, at: expect.any(String) });
    } finally {
      await h.stop();
    }
  });

  test("?limit=abc says it wants a number, not zod's words", async () => {
    const r = await get("/admin/failures?limit=abc");
    expect(r.status).toBe(400);
    expect((await json(r)).error.message).toBe("query.limit: expected a number");
  });
});

describe("admin API: failed logins are throttled per client address", () => {
  test("5 wrong tokens a minute are answered 403; the 6th starts a 10 s wait (429, Retry-After), the right token waits too", async () => {
    const h = await startServiceHarness();
    try {
      const as = (token: string) => fetch(`${h.url}/admin/status`, { headers: { authorization: `Bearer ${token}` } });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await as(`wrong-${i}`)).status);
      expect(statuses).toEqual([403, 403, 403, 403, 403]);
      const sixth = await as("wrong-6");
      expect(sixth.status).toBe(429);
      expect(sixth.headers.get("retry-after")).toBe("10");
      expect((await json(sixth)).error).toMatchObject({ code: "too_many_requests", retry_after_s: 10 });
      const right = await as(ADMIN_TOKEN);
      expect(right.status).toBe(429);
      expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(Number(right.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    } finally {
      await h.stop();
    }
  });

  test("a right token clears the client's failures", async () => {
    const h = await startServiceHarness();
    try {
      const as = (token: string) => fetch(`${h.url}/admin/status`, { headers: { authorization: `Bearer ${token}` } });
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 4; i++) expect((await as("wrong")).status).toBe(403);
        expect((await as(ADMIN_TOKEN)).status).toBe(200);
      }
    } finally {
      await h.stop();
    }
  });
});
