import { afterEach, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO } from "../helpers/spawn";

/**
 * The house rules (.dependency-cruiser.cjs) hold on the code as it is, and they are not
 * decoration: each deliberate violation below, in a small tree of the same shape, is refused.
 */
const DEPCRUISE = join(REPO, "node_modules", ".bin", "depcruise");

function cruise(cwd: string, paths: string[]): { code: number; out: string } {
  const p = Bun.spawnSync([DEPCRUISE, ...paths, "--config", join(REPO, ".dependency-cruiser.cjs"), "--output-type", "err"], { cwd, stdout: "pipe", stderr: "pipe" });
  return { code: p.exitCode ?? -1, out: `${p.stdout.toString()}${p.stderr.toString()}` };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A throwaway tree with the repo's tsconfig and the given files. */
function tree(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "oberaconnect-rules-"));
  cpSync(join(REPO, "tsconfig.json"), join(dir, "tsconfig.json"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("the house rules", () => {
  test("hold on the code as it is: no circle, no emulator in the product, http at the bottom, one door to the ledger", () => {
    const r = cruise(REPO, ["src", "packages"]);
    expect(r.out).toContain("no dependency violations found");
    expect(r.code).toBe(0);
  }, 60_000);

  test.each<[string, Record<string, string>, string]>([
    ["the product importing the emulators", { "src/sync/x.ts": 'import { a } from "../../packages/emulators/src/a";\nexport const x = a;\n', "packages/emulators/src/a.ts": "export const a = 1;\n" }, "emulators-stay-out"],
    ["http importing a floor above it", { "src/http/x.ts": 'import { b } from "../sync/b";\nexport const x = b;\n', "src/sync/b.ts": "export const b = 1;\n" }, "http-at-the-bottom"],
    ["a circle of types only", { "src/sync/a.ts": 'import type { B } from "./b";\nexport type A = { b?: B };\n', "src/sync/b.ts": 'import type { A } from "./a";\nexport type B = { a?: A };\n' }, "no-circular"],
    ["a route reaching into the ledger", { "src/routes/x.ts": 'import { l } from "../ledger/l";\nexport const x = l;\n', "src/ledger/l.ts": "export const l = 1;\n" }, "ledger-has-one-door"],
    ["the shared words importing the product", { "src/core/x.ts": 'import { s } from "../sync/s";\nexport const x = s;\n', "src/sync/s.ts": "export const s = 1;\n" }, "core-is-a-leaf"],
    ["the HTTP front's thread loading the app", { "src/runtime/front/front-worker.ts": 'import { h } from "../../routes/h";\nexport const x = h;\n', "src/routes/h.ts": "export const h = 1;\n" }, "front-stands-alone"],
    ["a package reaching into the product", { "packages/emulators/src/x.ts": 'import { s } from "../../../src/sync/s";\nexport const x = s;\n', "src/sync/s.ts": "export const s = 1;\n" }, "packages-stand-alone"],
  ])("refuse %s", (_, files, rule) => {
    const r = cruise(tree(files), ["src", "packages"].filter((p) => Object.keys(files).some((f) => f.startsWith(p))));
    expect(r.code).not.toBe(0);
    expect(r.out).toContain(`error ${rule}`);
  }, 60_000);
});
