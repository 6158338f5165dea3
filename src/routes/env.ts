import type { Hono } from "hono";

/** Context variables of the app: the request id (hono/request-id) and a parsed JSON body (validate.ts). */
export type AppEnv = { Variables: { body: unknown; requestId: string } };
export type App = Hono<AppEnv>;
