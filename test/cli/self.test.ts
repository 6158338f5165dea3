import { describe, expect, test } from "bun:test";
import { selfCommand } from "../../src/cli/self";

describe("selfCommand: the hint that runs this program again", () => {
  test.each([
    ["the compiled binary", "/srv", "/$bunfs/root/oberaconnect-sync", "/usr/local/bin/oberaconnect-sync", "/usr/local/bin/oberaconnect-sync"],
    ["npm's bun in a checkout", "/home/op/sync", "/home/op/sync/src/main.ts", "/home/op/sync/node_modules/bun/bin/bun.exe", "npx bun src/main.ts"],
    ["a system bun in a checkout", "/home/op/sync", "/home/op/sync/src/main.ts", "/usr/bin/bun", "/usr/bin/bun src/main.ts"],
    ["run from elsewhere", "/tmp", "/home/op/sync/src/main.ts", "/usr/bin/bun", "/usr/bin/bun /home/op/sync/src/main.ts"],
  ])("%s", (_what, cwd, main, execPath, expected) => {
    expect(selfCommand(cwd, main, execPath)).toBe(expected);
  });
});
