/**
 * Builds the single binary: `npm run build` (this machine's platform, normally linux-x64) and
 * `npm run build:all` (plus linux-arm64 and linux-x64-musl, cross-compiled; bun downloads each
 * target's runtime from the npm registry the first time).
 *
 *   bun scripts/build.ts [--outfile dist/oberaconnect-sync] [--all]
 *
 * The commit compiled in (src/version.ts reads __BUILD_COMMIT__) is $BUILD_COMMIT when set (the
 * Docker build passes it, since .git is not in the build context), else `git rev-parse --short
 * HEAD`, else "unknown". The source map is embedded in the binary (stack frames name src/*.ts);
 * the separate .map file is removed.
 */
import { rmSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { parseArgs } from "node:util";

const root = join(import.meta.dir, "..");

/** The cross targets `--all` adds, with the suffix of each output file. */
export const CROSS_TARGETS = [
  { target: "bun-linux-arm64", suffix: "-linux-arm64" },
  { target: "bun-linux-x64-musl", suffix: "-linux-x64-musl" },
] as const;

/** $BUILD_COMMIT, else git's short sha, else "unknown"; only [0-9A-Za-z._-] survive. */
export function buildCommit(env: Record<string, string | undefined> = process.env): string {
  const clean = (s: string) => s.trim().replace(/[^0-9A-Za-z._-]/g, "").slice(0, 40);
  const fromEnv = clean(env.BUILD_COMMIT ?? "");
  if (fromEnv) return fromEnv;
  try {
    const git = Bun.spawnSync(["git", "rev-parse", "--short", "HEAD"], { cwd: root, stdout: "pipe", stderr: "ignore" });
    const sha = git.exitCode === 0 ? clean(git.stdout.toString()) : "";
    if (sha) return sha;
  } catch {
    // git is not installed (a container build stage): fall through.
  }
  return "unknown";
}

/** The `bun build` arguments for one binary: the release flags, as before this script. */
export function buildArgs(outfile: string, commit: string, target?: string): string[] {
  return [
    "build",
    "--compile",
    "--minify",
    "--sourcemap",
    "--bytecode",
    "--format=esm",
    ...(target ? [`--target=${target}`] : []),
    "--define",
    `__BUILD_COMMIT__=${JSON.stringify(commit)}`,
    "src/main.ts",
    // A second entry: the HTTP front runs on its own thread (new Worker), so it is its own bundle.
    "src/runtime/front/front-worker.ts",
    "--outfile",
    outfile,
  ];
}

function build(outfile: string, commit: string, target?: string): void {
  const started = performance.now();
  // process.execPath: the bun running this script (node_modules/.bin/bun under npm run).
  const r = Bun.spawnSync([process.execPath, ...buildArgs(outfile, commit, target)], { cwd: root, stdout: "inherit", stderr: "inherit" });
  if (r.exitCode !== 0) {
    console.error(`build failed${target ? ` for ${target}` : ""} (exit ${r.exitCode})`);
    process.exit(r.exitCode || 1);
  }
  rmSync(`${outfile}.map`, { force: true });
  const mb = (statSync(outfile).size / 1e6).toFixed(1);
  console.log(`${outfile}: ${target ?? "this platform"}, commit ${commit}, ${mb} MB, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: { outfile: { type: "string", default: "dist/oberaconnect-sync" }, all: { type: "boolean", default: false } },
    strict: true,
  });
  const outfile = isAbsolute(values.outfile!) ? values.outfile! : join(root, values.outfile!);
  const commit = buildCommit();
  build(outfile, commit);
  if (values.all) {
    for (const { target, suffix } of CROSS_TARGETS) build(`${outfile}${suffix}`, commit, target);
  }
}
