import type { Hono } from "hono";

/**
 * Context variables of the app: the request id (the server's own), the id the caller sent if any,
 * and a parsed JSON body (validate.ts).
 */
export type AppEnv = { Variables: { body: unknown; requestId: string; callerRequestId?: string } };
export type App = Hono<AppEnv>;
