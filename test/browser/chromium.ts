/**
 * Headless Chromium from Debian's package (`chromium`, installed by .ci/run), driven by its own
 * `--dump-dom` and `--screenshot` switches: no browser driver dependency for what these tests
 * need (a page's DOM after load, and a picture of it).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "../helpers/spawn";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
export const CHROMIUM = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p)) ?? null;

/** Where browser tests keep their screenshots (ignored by git; CI can keep them as artifacts). */
export const ARTIFACTS = join(REPO, "test-artifacts");

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=/tmp/oberaconnect-chromium"];

async function run(args: string[], timeoutMs = 60_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const proc = Bun.spawn([CHROMIUM!, ...FLAGS, ...args], { stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The page's DOM after load, as Chromium serializes it. */
export async function dumpDom(url: string, width = 1280, height = 900): Promise<string> {
  const r = await run([`--window-size=${width},${height}`, "--dump-dom", url]);
  if (r.code !== 0) throw new Error(`chromium --dump-dom exited ${r.code}: ${r.stderr.slice(-500)}`);
  return r.stdout;
}

/** A PNG of the page at this size, in ARTIFACTS; returns its path. */
export async function screenshot(url: string, name: string, width = 1280, height = 900): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, name);
  const r = await run([`--window-size=${width},${height}`, `--screenshot=${file}`, url]);
  if (r.code !== 0 || !existsSync(file)) throw new Error(`chromium --screenshot exited ${r.code}: ${r.stderr.slice(-500)}`);
  return file;
}
