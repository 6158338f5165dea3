/**
 * `npm run bench`: speed, memory and rate-limit behaviour at realistic sizes, written to
 * BENCHMARKS.md. Everything runs against the embedded emulators on 127.0.0.1.
 * Run a subset with `bun bench/run.ts generate plan ...`.
 */
import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchGenerate, benchPlan, benchRateLimit, benchSourceRead, benchEngine, type BenchResult } from "./cases";

const all: Record<string, () => Promise<BenchResult>> = {
  generate: benchGenerate,
  "source-read": benchSourceRead,
  plan: benchPlan,
  engine: benchEngine,
  "rate-limit": benchRateLimit,
};
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(all);
const results: BenchResult[] = [];
for (const name of chosen) {
  const run = all[name];
  if (!run) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(all).join(", ")}`);
  process.stderr.write(`running ${name}...\n`);
  const r = await run();
  results.push(r);
  process.stderr.write(`  ${JSON.stringify(r.figures)}\n`);
}

const lines = [
  "# Benchmarks",
  "",
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Bun ${Bun.version}, against the embedded emulators on 127.0.0.1. Figures vary with the machine; the limits they are checked against do not.`,
  "",
  ...results.flatMap((r) => [
    `## ${r.title}`,
    "",
    r.what,
    "",
    "| Figure | Value |",
    "|---|---|",
    ...Object.entries(r.figures).map(([k, v]) => `| ${k} | ${v} |`),
    "",
    ...(r.verdict ? [`**${r.verdict}**`, ""] : []),
  ]),
];
if (process.argv.slice(2).length === 0) writeFileSync(join(import.meta.dir, "..", "BENCHMARKS.md"), lines.join("\n"));
console.log(lines.join("\n"));
if (results.some((r) => r.failed)) process.exit(1);
