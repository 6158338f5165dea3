/**
 * Request validation for the JSON API: every failure is a 400 in the one error shape, listing
 * each bad field and why (`fields: [{path, message}]`), instead of zod-validator's default body
 * with a JSON string inside.
 * @module
 */
import { zValidator } from "@hono/zod-validator";
import type { MiddlewareHandler } from "hono";
import { z, type ZodError, type ZodType } from "zod";
import { JOB_NAMES, jobNamed, type JobName } from "../core/jobs";
import type { AppEnv } from "./env";
import { AppError } from "./errors";

/** "query.limit: Too big: expected number to be <=100" per issue; never the value itself. */
export function fieldErrors(where: string, error: Pick<ZodError, "issues">): { path: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    const path = [where, ...issue.path.map(String)].join(".");
    if (issue.code === "unrecognized_keys") return issue.keys.map((k) => ({ path: `${path}.${k}`, message: "unknown field" }));
    // zod's own words name its internals ("expected number, received NaN" for ?limit=abc).
    if (issue.code === "invalid_type") return [{ path, message: `expected ${issue.expected === "number" ? "a number" : issue.expected === "string" ? "text" : issue.expected}` }];
    return [{ path, message: issue.message }];
  });
}

function invalid(where: string, error: Pick<ZodError, "issues">): AppError {
  const fields = fieldErrors(where, error);
  return new AppError("bad_request", fields.map((f) => `${f.path}: ${f.message}`).join("; "), { fields });
}

/** Query string or path parameters, through @hono/zod-validator with our error shape. */
export const valid = <T extends ZodType>(target: "query" | "param", schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) throw invalid(target, result.error as unknown as ZodError);
  });

/**
 * A JSON body, read whatever its Content-Type says. zod-validator's json target silently treats
 * a body without `Content-Type: application/json` as `{}`, and `curl -d '{"mode":"full"}'` sends
 * form-urlencoded: the operator's "full" would quietly become the default. An empty body is `{}`.
 */
export function jsonBody<T extends ZodType>(schema: T): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const text = await c.req.text();
    let raw: unknown = {};
    if (text.trim() !== "") {
      try {
        raw = JSON.parse(text);
      } catch {
        throw new AppError("bad_request", "body: not valid JSON", { fields: [{ path: "body", message: "not valid JSON" }] });
      }
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw invalid("body", parsed.error);
    c.set("body", parsed.data);
    await next();
  };
}

/** A job by its name or its database's ("customer_status" = customers), as a zod field. */
export const jobField = z
  .string()
  .transform((name, ctx) => {
    const job = jobNamed(name);
    if (!job) ctx.addIssue({ code: "custom", message: `expected one of ${JOB_NAMES.map((j) => `"${j}"`).join("|")} (or "customer_status" for customers)` });
    return job as JobName;
  });
