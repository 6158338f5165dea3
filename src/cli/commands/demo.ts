import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EXIT } from "../exit-codes";
import { untilAborted } from "../../lib/shutdown";
import { numberFlag } from "../args";
import type { Command } from "../command";
import { createProgressBar } from "../progress";
import { selfCommand } from "../self";
import { formatSyncReport } from "../sync-summary";
import { stageIncident } from "../demo-incident";
import { parseConfig } from "../../config/load";
import { startEmulators } from "@oberaconnect/emulators";
import { buildRuntime } from "../../runtime/runtime";
import { startService, type RunningService } from "../../runtime/service";
import { setupAndRegister } from "../../sync/databases";
import { runSync } from "../../sync/engine";
import { JOB_NAMES } from "../../core/snapshot";
import { createLogger } from "../../telemetry/logger";

const UNLIMITED = { per_second: 100_000, burst: 100_000 };

/**
 * The whole loop on the embedded emulators: generated customers in emulated UniFi and NinjaOne,
 * the four databases set up in emulated Notion, a first sync (at Notion's real 3 requests/s
 * unless --fast), then the service, until Ctrl-C.
 */
export const demoCommand: Command = {
  name: "demo",
  summary: "Run the whole sync on embedded emulators of Notion, UniFi and NinjaOne, then serve; Ctrl-C stops.",
  usage: "demo [--customers N] [--seed S] [--port P] [--fast] [--keep]",
  options: { customers: { type: "string" }, seed: { type: "string" }, port: { type: "string" }, fast: { type: "boolean" }, keep: { type: "boolean" } },
  optionHelp: {
    customers: "customers to generate (default 3; each brings ~30 devices)",
    seed: "dataset seed (default 4)",
    port: "port of the service (default 8080, or any free port if taken)",
    fast: "lift the emulated Notion's 3 requests/s limit",
    keep: "keep the demo folder (config, ledger, log) after Ctrl-C",
  },
  async run(ctx) {
    const customers = numberFlag(ctx.args, "customers", { integer: true, min: 1, max: 2000 }) ?? 3;
    // Seed 4 gives a small fleet with a few open alerts, so every database has rows.
    const seed = numberFlag(ctx.args, "seed", { integer: true }) ?? 4;
    const port = numberFlag(ctx.args, "port", { integer: true, min: 0, max: 65535 }) ?? 8080;
    const fast = Boolean(ctx.args.values.fast);
    const say = (line = "") => ctx.io.stdout(`${line}\n`);

    const emulators = await startEmulators({ customers, seed, rateLimits: fast ? { notion: UNLIMITED } : {} });
    const dir = mkdtempSync(join(tmpdir(), "oberaconnect-demo-"));
    const c = emulators.credentials;
    // A fresh admin token for this demo's service; it opens only this local process.
    const adminToken = randomBytes(24).toString("base64url");
    const env = { NOTION_TOKEN: c.notionToken, UNIFI_API_KEY: c.unifiApiKey, NINJAONE_CLIENT_ID: c.ninjaoneClientId, NINJAONE_CLIENT_SECRET: c.ninjaoneClientSecret, ADMIN_TOKEN: adminToken };
    const raw = {
      ledger: { path: "ledger.db" },
      log: { level: "info", file: "service.log" },
      sync_rate_limit_per_second: fast ? 50 : 3,
      server: { host: "127.0.0.1", port },
      notion: { base_url: emulators.notion.url, parent_page_id: emulators.notion.store.rootPageId },
      unifi: { base_url: emulators.unifi.url },
      ninjaone: { base_url: emulators.ninjaone.url },
    };
    const configFile = join(dir, "config.json");
    writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`);
    const loaded = parseConfig(raw, { file: configFile, env });
    // service.log gets every line at info (the runbook's greps can be tried on it); the terminal
    // only warnings and errors, so the demo's own lines stay readable.
    const terminal = { write: (line: string) => void (/"level":"(warn|error|fatal)"/.test(line) && ctx.io.stderr(line)) };
    const logger = createLogger({ level: "info", file: loaded.config.log.file, secrets: loaded.secrets.values(), destination: terminal });
    const rt = buildRuntime(loaded, { logger });
    let service: RunningService | undefined;
    try {
      say(`Emulated APIs: Notion ${emulators.notion.url}, UniFi ${emulators.unifi.url}, NinjaOne ${emulators.ninjaone.url}`);
      say(`Demo folder: ${dir} (config.json, ledger.db, service.log)`);
      const setup = await setupAndRegister({ notion: rt.notion(), known: {}, parentPageId: emulators.notion.store.rootPageId, migrate: false }, rt.ledger.db);
      say(`Databases ${setup.databases.map((d) => `${d.name} (${d.action})`).join(", ")}`);
      say(`First sync of ${customers} customer(s) at ${loaded.config.sync_rate_limit_per_second} Notion requests/s${fast ? "" : " (Notion's real limit; --fast lifts it)"}...`);

      const bar = ctx.io.isTTY ? createProgressBar(ctx.io.stderr) : undefined;
      const report = await runSync(rt.syncDeps({ progress: bar ? (j, d, t) => bar.update(j, d, t) : undefined }), {
        mode: "incremental",
        jobs: [...JOB_NAMES],
        dryRun: false,
        verbose: false,
        ...rt.syncOptions(),
        signal: ctx.shutdownSignal,
      });
      bar?.finish();
      ctx.io.stdout(formatSyncReport(report, { dryRun: false }));
      if (ctx.shutdownSignal.aborted) {
        say("stopping…");
        return EXIT.OK;
      }

      // An incident, so the dashboard has something to show: a customer down, a new CRITICAL alert.
      const incident = stageIncident(emulators, await rt.sources().read(ctx.shutdownSignal));
      if (incident) {
        const after = await runSync(rt.syncDeps(), { mode: "incremental", jobs: [...JOB_NAMES], dryRun: false, verbose: false, ...rt.syncOptions(), signal: ctx.shutdownSignal });
        say(`Incident staged in the sources: ${incident.customer} went down${incident.alert ? `, and a CRITICAL alert was raised ("${incident.alert}")` : ""}; synced in ${Math.round(after.durationMs / 100) / 10} s (${after.totals.updated} updated, ${after.totals.created} created).`);
      }

      const start = (p?: number) => startService(rt, { listen: p === undefined ? {} : { port: p }, shutdownSignal: ctx.shutdownSignal });
      try {
        service = await start();
      } catch {
        service = await start(0); // 8080 taken
      }
      const auth = `-H "Authorization: Bearer ${adminToken}"`;
      say();
      say(`Service: ${service.url}   try: curl ${service.url}/ready`);
      say(`Admin API (token made for this demo only): curl -s ${auth} ${service.url}/admin/status | jq`);
      say(`  run a sync now:  curl -s -X POST ${auth} -d '{"mode":"incremental"}' ${service.url}/admin/sync`);
      say(`On-call dashboard as Notion shows it (emulated, read-only): ${emulators.notion.url}/_emulator/ui`);
      say(`Emulated Notion: curl -s ${emulators.notion.url}/_emulator/dump | jq '.pages | length'`);
      say(`Change the sources: curl -s -X POST ${emulators.unifi.url}/_emulator/mutate -d '{"fraction":0.05}'`);
      // These are the emulators' fixed credentials: they open nothing real.
      say(`Or sync from the CLI: ${Object.entries(env).filter(([k]) => k !== "ADMIN_TOKEN").map(([k, v]) => `${k}=${v}`).join(" ")} ${selfCommand()} sync --config ${configFile}`);
      say("The service also syncs on its own (scheduler: every 15 min, alerts every 5). Ctrl-C stops everything.");
      await untilAborted(ctx.shutdownSignal);
      say("stopping… (a second Ctrl-C exits at once)");
      return report.exitCode === 0 ? EXIT.OK : EXIT.PARTIAL;
    } finally {
      await service?.stop(Math.round(loaded.config.shutdown_timeout_seconds * 1000));
      rt.close();
      await emulators.stop();
      if (!ctx.args.values.keep) rmSync(dir, { recursive: true, force: true });
    }
  },
};
