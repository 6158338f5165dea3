/**
 * Benchmark of the dataset generator and of one "5% of everything" mutation at the target scale
 * (2,000 customers ≈ 40k NinjaOne devices). Exits non-zero past the budget, so CI can run it
 * without a timed unit test. Run: `bun bench/dataset-generate.ts [customers]`.
 */
import { generateDataset } from "../src/emulators/dataset/generate";
import { mutate } from "../src/emulators/dataset/mutate";
import { createRng } from "../src/lib/random";

const customers = Number(process.argv[2] ?? 2000);
const BUDGET_MS = 5000;

let t = performance.now();
const dataset = generateDataset({ customers, seed: 1 });
const generateMs = performance.now() - t;

t = performance.now();
const result = mutate(dataset, { seed: 2, fraction: 0.05 }, createRng(2));
const mutateMs = performance.now() - t;

const unifiDevices = dataset.unifi.devices.reduce((sum, g) => sum + g.devices.length, 0);
console.log(JSON.stringify({
  customers,
  ninjaDevices: dataset.ninjaone.devices.length,
  unifiDevices,
  sites: dataset.unifi.sites.length,
  alerts: dataset.ninjaone.alerts.length,
  generateMs: Math.round(generateMs),
  mutateMs: Math.round(mutateMs),
  mutatedDevices: result.changed.devices.length,
}));
if (generateMs > BUDGET_MS || mutateMs > BUDGET_MS) {
  console.error(`over budget: ${BUDGET_MS} ms`);
  process.exit(1);
}
