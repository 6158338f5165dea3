/**
 * scripts/build.ts without building (test/cli/binary.test.ts builds with the exact `npm run
 * build` command; cross builds are never run by the suite): the flags, the commit it compiles in
 * and the npm scripts that call it.
 */
import { describe, expect, test } from "bun:test";
import pkg from "../../package.json" with { type: "json" };
import { CROSS_TARGETS, buildArgs, buildCommit } from "../../scripts/build";

describe("scripts/build.ts", () => {
  test("release flags as before, plus the commit as __BUILD_COMMIT__ (a JSON string literal)", () => {
    const args = buildArgs("/tmp/x/oberaconnect-sync", "abc1234");
    expect(args.slice(0, 6)).toEqual(["build", "--compile", "--minify", "--sourcemap", "--bytecode", "--format=esm"]);
    expect(args).toContain("src/main.ts");
    // The HTTP front is a Worker: its entry must be in the binary too.
    expect(args).toContain("src/runtime/front/front-worker.ts");
    expect(args.slice(-2)).toEqual(["--outfile", "/tmp/x/oberaconnect-sync"]);
    expect(args[args.indexOf("--define") + 1]).toBe('__BUILD_COMMIT__="abc1234"');
    expect(args.some((a) => a.startsWith("--target"))).toBe(false);
    expect(buildArgs("o", "c", "bun-linux-arm64")).toContain("--target=bun-linux-arm64");
  });

  test("commit: $BUILD_COMMIT first (Docker has no .git), else git, else unknown; never anything but [0-9A-Za-z._-]", () => {
    expect(buildCommit({ BUILD_COMMIT: "deadbee" })).toBe("deadbee");
    expect(buildCommit({ BUILD_COMMIT: ' a"b;$(rm -rf)\n' })).toBe("abrm-rf");
    const fromGit = buildCommit({});
    expect(fromGit).toMatch(/^([0-9a-f]{7,40}|unknown)$/);
    const git = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { stderr: "ignore" });
    if (git.exitCode === 0) expect(fromGit).toBe(git.stdout.toString().trim());
  });

  test("npm run build writes dist/oberaconnect-sync; build:all adds linux-arm64 and linux-x64-musl", () => {
    expect(pkg.scripts.build).toBe("bun scripts/build.ts --outfile dist/oberaconnect-sync");
    expect(pkg.scripts["build:all"]).toBe("bun scripts/build.ts --outfile dist/oberaconnect-sync --all");
    expect(CROSS_TARGETS.map((t) => t.target)).toEqual(["bun-linux-arm64", "bun-linux-x64-musl"]);
    expect(CROSS_TARGETS.map((t) => `dist/oberaconnect-sync${t.suffix}`)).toEqual([
      "dist/oberaconnect-sync-linux-arm64",
      "dist/oberaconnect-sync-linux-x64-musl",
    ]);
  });
});
