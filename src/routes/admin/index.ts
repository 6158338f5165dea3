/**
 * The admin JSON API under /admin, for operators with curl. Order of the gates a request passes:
 * the audit log line (every call, whatever its outcome), the token (auth.ts), the 64 KiB body
 * limit, then for writes the primary check (a LiteFS replica answers with `fly-replay` and does
 * nothing). One route per file.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { routePath } from "hono/route";
import { AppError } from "../errors";
import { adminAuth, clientAddress, FailedLogins } from "./auth";
import { registerCircuits } from "./circuits";
import { registerConfig } from "./config";
import { registerDedupe } from "./dedupe";
import type { AdminApp, AdminDeps } from "./deps";
import { registerFailures } from "./failures";
import { registerRuns } from "./runs";
import { registerSchema } from "./schema";
import { registerScheduler } from "./scheduler";
import { registerStatus } from "./status";
import { registerSync } from "./sync";

export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

const isWrite = (method: string) => method !== "GET" && method !== "HEAD";

/** Writes only on the primary; a replica points the Fly proxy at it and changes nothing. */
function primaryOnly(d: AdminDeps): MiddlewareHandler {
  return async (c, next) => {
    if (!isWrite(c.req.method)) return next();
    const role = d.role();
    if (role.primary) return next();
    // The primary unknown (LiteFS unreadable): no replay header pointing nowhere, only the refusal.
    if (!role.primaryHost) throw new AppError("not_primary", `this instance (${role.host}) is not the primary, and the primary is unknown: ${role.detail}`, { primary: null });
    throw new AppError("not_primary", `this instance (${role.host}) is a LiteFS replica; writes go to the primary ${role.primaryHost}`, { primary: role.primaryHost }, {
      "fly-replay": `instance=${role.primaryHost}`,
    });
  };
}

/**
 * One log line per admin call, reads too, and every refused one (no token, a wrong one): who
 * (client address), what (method, path as asked, route), how it ended, request id. Never the
 * token or the body.
 */
function auditLog(d: AdminDeps): MiddlewareHandler {
  return async (c, next) => {
    let route = c.req.path;
    await next();
    try {
      route = routePath(c, -1);
    } catch {
      /* keep the raw path */
    }
    const status = c.res.status;
    // The path as asked (its parameters resolved: which API's circuit, which job) beside the route.
    const client = clientAddress(c);
    d.audit({ route, path: c.req.path, method: c.req.method, status, request_id: c.get("requestId"), ...(c.get("callerRequestId") ? { caller_request_id: c.get("callerRequestId") } : {}), ...(client ? { client } : {}) }, `admin ${c.req.method} ${c.req.path} → ${status}${client ? ` from ${client}` : ""}`);
  };
}

export function registerAdmin(app: AdminApp, d: AdminDeps, logins = new FailedLogins(d.failedLoginsPerMinute)): void {
  // First, so refused writes (no or a wrong token) are logged too.
  app.use("/admin/*", auditLog(d));
  app.use("/admin/*", adminAuth(() => d.adminToken(), logins));
  app.use(
    "/admin/*",
    bodyLimit({
      maxSize: MAX_ADMIN_BODY_BYTES,
      onError: () => {
        throw new AppError("payload_too_large", `request body over ${MAX_ADMIN_BODY_BYTES / 1024} KiB`);
      },
    }),
  );
  app.use("/admin/*", primaryOnly(d));
  registerStatus(app, d);
  registerRuns(app, d);
  registerSync(app, d);
  registerFailures(app, d);
  registerCircuits(app, d);
  registerScheduler(app, d);
  registerSchema(app, d);
  registerDedupe(app, d);
  registerConfig(app, d);
}
