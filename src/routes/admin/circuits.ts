import { z } from "zod";
import { API_NAMES } from "../../http";
import { valid } from "../validate";
import type { AdminApp, AdminDeps } from "./deps";

const ApiParam = z.object({ api: z.enum(API_NAMES) });

/** GET /admin/circuits and POST /admin/circuits/:api/reset (close a breaker by hand). */
export function registerCircuits(app: AdminApp, d: AdminDeps): void {
  const view = () => Object.fromEntries(API_NAMES.map((api) => [api, d.gates[api].status()]));
  app.get("/admin/circuits", (c) => c.json({ circuits: view() }));
  app.post("/admin/circuits/:api/reset", valid("param", ApiParam), (c) => {
    const { api } = c.req.valid("param");
    d.gates[api].resetBreaker();
    return c.json({ api, circuit: d.gates[api].status().breaker });
  });
}
