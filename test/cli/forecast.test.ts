import { afterEach, expect, test } from "bun:test";
import { runCliProcess } from "../helpers/spawn";
import { startStack, type Stack } from "../helpers/stack";

let s: Stack | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/** Every page is one of a Free workspace's 1,000 lifetime blocks: the operator sees the count before the first sync. */
test("setup-databases and sync --dry-run print how many pages the first sync will create, and it creates that many", async () => {
  s = await startStack({ customers: 2, seed: 12, setup: false });
  const config = s.configFile();
  s.ledger.close(); // the CLI processes own the ledger now
  const setup = await runCliProcess(["setup-databases", "--config", config], { env: s.env });
  expect(setup.code).toBe(0);
  const fromSetup = /Pages to create: ([\d,]+) \(/.exec(setup.stdout)?.[1];
  expect(fromSetup).toBeDefined();
  const dry = await runCliProcess(["sync", "--dry-run", "--config", config], { env: s.env });
  expect(dry.code).toBe(0);
  expect(/Pages to create: ([\d,]+) \(/.exec(dry.stdout)?.[1]).toBe(fromSetup as string);
  expect(dry.stdout).toContain("1,000 blocks");
  const sync = await runCliProcess(["sync", "--config", config], { env: s.env });
  expect(sync.code).toBe(0);
  const created = Number(/created (\d+),/.exec(sync.stdout)?.[1]);
  expect(created).toBe(Number((fromSetup as string).replace(/,/g, "")));
}, 60_000);
