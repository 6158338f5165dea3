/**
 * `npm run bench`: speed, memory and rate-limit behaviour at realistic sizes, written to
 * BENCHMARKS.md. Everything runs against the embedded emulators on 127.0.0.1. Each case runs in
 * its own process, so its memory figures are its own. `bun bench/run.ts plan engine` runs some.
 */
import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchGenerate, benchPlan, benchRateLimit, benchSourceRead, benchEngine, benchTelemetry, type BenchResult } from "./cases";
import { benchNotionLimit, benchRealLimit } from "./notion-cases";
import { benchFleet, benchFleetAlerts, benchService } from "./fleet-cases";
import { benchFreshness } from "./freshness-cases";
import { benchWebhooks } from "./webhook-cases";

const CASES: Record<string, () => Promise<BenchResult>> = {
  generate: benchGenerate,
  "source-read": benchSourceRead,
  plan: benchPlan,
  engine: benchEngine,
  "rate-limit": benchRateLimit,
  telemetry: benchTelemetry,
  "notion-limit": benchNotionLimit,
  "real-limit": benchRealLimit,
  fleet: benchFleet,
  "fleet-alerts": benchFleetAlerts,
  service: benchService,
  freshness: benchFreshness,
  webhooks: benchWebhooks,
};

const args = process.argv.slice(2);
if (args[0] === "--child") {
  const run = CASES[args[1] ?? ""];
  if (!run) throw new Error(`unknown benchmark ${args[1]}`);
  console.log(JSON.stringify(await run()));
  process.exit(0);
}

const chosen = args.length ? args : Object.keys(CASES);
const results: BenchResult[] = [];
for (const name of chosen) {
  if (!CASES[name]) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(CASES).join(", ")}`);
  process.stderr.write(`running ${name}...\n`);
  const child = Bun.spawn([process.execPath, import.meta.path, "--child", name], { stdout: "pipe", stderr: "inherit" });
  const out = await new Response(child.stdout).text();
  if ((await child.exited) !== 0) throw new Error(`benchmark ${name} failed`);
  const r = JSON.parse(out.trim().split("\n").at(-1) as string) as BenchResult;
  results.push(r);
  process.stderr.write(`  ${JSON.stringify(r.figures)}\n`);
}

const lines = [
  "# Benchmarks",
  "",
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Bun ${Bun.version}, against the embedded emulators on 127.0.0.1, each case in its own process. Figures vary with the machine; the limits they are checked against do not.`,
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
if (args.length === 0) writeFileSync(join(import.meta.dir, "..", "BENCHMARKS.md"), lines.join("\n"));
console.log(lines.join("\n"));
if (results.some((r) => r.failed)) process.exit(1);
