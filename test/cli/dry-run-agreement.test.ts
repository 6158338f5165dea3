import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { runCli } from "../../src/cli";
import { json } from "../helpers/http";
import { startServiceHarness, type ServiceHarness } from "../helpers/service";
import { captureIO } from "../helpers/temp";

/**
 * One plan, whoever asks: `sync --dry-run`, with `--verbose` (Notion read in full), with
 * `--full-sync`, and the admin API's dry runs (incremental and full) on the same ledger, after a
 * sync and a change in the sources, answer the same counts per job and action.
 */
type Counts = Record<string, Record<string, number>>;

let h: ServiceHarness;
let file: string;
beforeAll(async () => {
  h = await startServiceHarness({ customers: 3, seed: 4 });
  await h.s.sync();
  await fetch(`${h.s.emulators.unifi.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 5, fraction: 0.1 }) });
  await fetch(`${h.s.emulators.ninjaone.url}/_emulator/mutate`, { method: "POST", body: JSON.stringify({ seed: 6, fraction: 0.1 }) });
  file = h.s.configFile({ scheduler: { enabled: false } });
});
afterAll(async () => {
  await h.stop();
});

/** "  devices    unchanged 37, update 4  (Notion read in full)" → { devices: { unchanged: 37, update: 4 } } */
async function cliPlan(...flags: string[]): Promise<Counts> {
  const cap = captureIO(h.s.dir, h.s.env);
  expect(await runCli(["sync", "--dry-run", ...flags, "--config", file], cap.io)).toBe(0);
  const out: Counts = {};
  for (const m of cap.stdout().matchAll(/^ {2}(customers|sites|devices|alerts)\s+(.+?)(?: {2}\(Notion read in full\))?$/gm)) {
    out[m[1]!] = Object.fromEntries(m[2]!.split(", ").map((part) => [part.split(" ")[0]!, Number(part.split(" ")[1])]));
  }
  return out;
}

async function adminPlan(mode: "incremental" | "full"): Promise<Counts> {
  const started = await json(await h.admin("/admin/sync", { method: "POST", body: JSON.stringify({ mode, dry_run: true }) }));
  await h.svc.syncs.idle();
  const r = await json(await h.admin(`/admin/runs/${started.run_id}?plan_limit=500`));
  const out: Counts = {};
  for (const c of r.plan.changes as { job: string; action: string }[]) {
    const job = (out[c.job] ??= {});
    job[c.action] = (job[c.action] ?? 0) + 1;
  }
  // The plan lists what would be written; the run's counts say how many stay as they are.
  out.all = { unchanged: r.run.counts.unchanged, create: r.run.counts.created, update: r.run.counts.updated, archive: r.run.counts.archived };
  return out;
}

/** Writes per job (unchanged dropped), plus the totals across jobs. */
function writes(c: Counts): Counts {
  const out: Counts = {};
  const all: Record<string, number> = { unchanged: 0, create: 0, update: 0, archive: 0 };
  for (const [job, byAction] of Object.entries(c)) {
    if (job === "all") continue;
    for (const [action, n] of Object.entries(byAction)) {
      const a = action === "adopt" ? "unchanged" : action === "restore" ? "update" : action;
      all[a] = (all[a] ?? 0) + n;
      if (a !== "unchanged") (out[job] ??= {})[a] = ((out[job] ??= {})[a] ?? 0) + n;
    }
  }
  out.all = c.all ?? all;
  return out;
}

describe("dry runs agree: CLI, --verbose, --full-sync and the admin API", () => {
  test("the same counts per job and action", async () => {
    const raw = await cliPlan();
    // The CLI's words too: "unchanged" whether or not Notion was read ("adopt" only for a page
    // the ledger did not link yet).
    expect(await cliPlan("--verbose")).toEqual(raw);
    expect(await cliPlan("--full-sync")).toEqual(raw);
    const plain = writes(raw);
    expect(Object.keys(plain).length).toBeGreaterThan(2); // something would change
    expect(plain.all!.unchanged).toBeGreaterThan(0);
    expect(writes(await adminPlan("incremental"))).toEqual(plain);
    expect(writes(await adminPlan("full"))).toEqual(plain);
  }, 60_000);
});
