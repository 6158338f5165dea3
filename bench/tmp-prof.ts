import { join } from "node:path";
import { stack, UNLIMITED } from "./common";
import { cli, writeConfig } from "./fleet-cases";
const s = await stack(Number(process.env.N ?? 500), UNLIMITED, 50);
s.emulators.shared.mutate({ seed: 4, source: "ninjaone", new_alerts: Number(process.env.ALERTS ?? 4000) });
const config = writeConfig(s);
s.ledger.close();
const dir = join(config, "..");
await cli(["setup-databases", "--config", config], s.env, dir);
const initial = await cli([config], s.env, dir, [process.execPath, join(import.meta.dir, "sync-child.ts")]);
console.log("initial", initial.code, initial.cpuS.toFixed(1), "s CPU", initial.wallS.toFixed(1), "s wall");
for (let i = 0; i < 2; i++) {
  const q = await cli(["sync", "--config", config], s.env, dir);
  console.log("quiet from source", q.code, q.cpuS.toFixed(1), "s CPU", Math.round(q.maxRssBytes / 1048576), "MB");
}
const prof = await cli(["--cpu-prof-md", "--cpu-prof-dir=/tmp/qprof", join(import.meta.dir, "../src/main.ts"), "sync", "--config", config], s.env, dir, [process.execPath]);
console.log("profiled", prof.code, prof.cpuS.toFixed(1));
await s.close();
