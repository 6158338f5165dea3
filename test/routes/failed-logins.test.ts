import { describe, expect, test } from "bun:test";
import { FailedLogins } from "../../src/routes/admin/auth";

describe("FailedLogins: waits double per strike, per client, up to 15 minutes", () => {
  test("after the allowed failures each further one waits twice as long as the last, capped", async () => {
    const f = new FailedLogins(5);
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) waits.push(await f.failed("10.0.0.1"));
    expect(waits).toEqual([0, 0, 0, 0, 0, 10, 20, 40, 80, 160, 320, 640, 900, 900]);
    expect(await f.waitOf("10.0.0.1")).toBeGreaterThan(800);
    // Another client is not touched by the first one's strikes.
    expect(await f.waitOf("10.0.0.2")).toBe(0);
    expect(await f.failed("10.0.0.2")).toBe(0);
  });

  test("the allowance follows server.admin_failed_logins_per_minute; a success forgets the failures, not the strikes' count", async () => {
    const f = new FailedLogins(2);
    expect([await f.failed("a"), await f.failed("a"), await f.failed("a")]).toEqual([0, 0, 10]);
    await f.succeeded("a");
    expect(await f.waitOf("a")).toBe(0);
    expect([await f.failed("a"), await f.failed("a"), await f.failed("a")]).toEqual([0, 0, 20]);
  });
});
