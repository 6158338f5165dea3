import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { runCli } from "../../src/cli";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";
import { captureIO } from "../helpers/temp";

let h: ServiceHarness;
beforeAll(async () => {
  h = await startServiceHarness({ customers: 1 });
});
afterAll(() => h.stop());

describe("health --live (the container HEALTHCHECK)", () => {
  test("exit 0 when the running service's /health answers 200; 1 when nothing answers", async () => {
    const ok = captureIO(h.s.dir, {});
    expect(await runCli(["health", "--live", "--url", h.url], ok.io)).toBe(0);
    expect(ok.stdout()).toMatch(/^200 \{"status":"ok"/);

    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const closed = `http://127.0.0.1:${server.port}`;
    server.stop(true);
    const down = captureIO(h.s.dir, {});
    expect(await runCli(["health", "--live", "--url", closed], down.io)).toBe(1);
    expect(down.stderr()).toContain(`no answer from ${closed}/health`);
  });
});
