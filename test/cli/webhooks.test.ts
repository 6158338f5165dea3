import { afterEach, describe, expect, test } from "bun:test";
import { cliIn, startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const SECRET = "webhook-secret-0123456789abcdefghij";

describe("webhooks register | remove | status", () => {
  test("register configures NinjaOne's webhook as the spec says (checked in the emulator); remove takes it away", async () => {
    s = await startStack({ customers: 2, seed: 61, env: { NINJAONE_WEBHOOK_SECRET: SECRET } });
    const ninjaone = { base_url: s.emulators.ninjaone.url, rate_limit_per_second: 100, webhook: { public_url: "https://sync.example.com/" } };
    const r = await cliIn(s, { ninjaone }, ["webhooks", "register"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("https://sync.example.com/webhooks/ninjaone");
    expect(r.stdout).not.toContain(SECRET);
    expect(s.emulators.ninjaone.webhooks.config).toEqual({
      url: "https://sync.example.com/webhooks/ninjaone",
      activities: { CONDITION: ["TRIGGERED", "RESET"] },
      expand: ["device"],
      headers: [{ name: "X-OberaConnect-Webhook-Secret", value: SECRET }],
    });
    const status = await cliIn(s, { ninjaone }, ["webhooks", "status", "--json"]);
    expect(JSON.parse(status.stdout)).toEqual({ secret_set: true, public_url: "https://sync.example.com", receipts: null }); // the config keeps URLs without a trailing slash
    expect((await cliIn(s, { ninjaone }, ["webhooks", "remove"])).code).toBe(0);
    expect(s.emulators.ninjaone.webhooks.config).toBeNull();
  });

  test("without the public URL or the secret: a config error naming it, exit 2, nothing registered", async () => {
    s = await startStack({ customers: 2, seed: 62 });
    const ninjaone = { base_url: s.emulators.ninjaone.url, rate_limit_per_second: 100 };
    const noUrl = await cliIn(s, { ninjaone }, ["webhooks", "register"]);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain("ninjaone.webhook.public_url");
    const noSecret = await cliIn(s, { ninjaone: { ...ninjaone, webhook: { public_url: "https://sync.example.com" } } }, ["webhooks", "register"]);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain("NINJAONE_WEBHOOK_SECRET");
    expect(s.emulators.ninjaone.webhooks.config).toBeNull();
    expect((await cliIn(s, { ninjaone }, ["webhooks", "frobnicate"])).code).toBe(2);
  });
});
