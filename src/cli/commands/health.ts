import { EXIT } from "../exit-codes";
import { stringFlag, UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs, runtimeFromArgs } from "../bootstrap";
import { probeApi } from "../../health/api-readiness";
import { runChecks, type ComponentCheck, type HealthReport } from "../../health/checks";
import { diskCheck, memoryCheck } from "../../health/system-checks";
import { ledgerFileCheck } from "../../ledger/checks";
import { API_NAMES, redact } from "../../http";
import { systemClock } from "@oberaconnect/common/clock";
import { silentLogger } from "../../telemetry/logger";

/**
 * `health --check`: every check once, from the command line, for the runbook and for container
 * HEALTHCHECKs. Unlike /ready it calls the APIs now (two attempts each: one retry absorbs a blip).
 * Exit 0 healthy, 1 not, 2 when the config itself is wrong.
 */
export const healthCommand: Command = {
  name: "health",
  summary: "Check Notion, UniFi, NinjaOne, the ledger, disk and memory once (exit 0 healthy, 1 not).",
  usage: "health --check [--json] [--config FILE]  |  health --live [--url URL] [--config FILE]",
  options: { ...CONFIG_OPTION, check: { type: "boolean" }, json: { type: "boolean" }, live: { type: "boolean" }, url: { type: "string" } },
  optionHelp: {
    ...CONFIG_HELP,
    check: "run every check once and report",
    live: "ask the running service's GET /health (for container HEALTHCHECKs; no curl needed): exit 0 when it answers 200",
    url: "with --live: the service's base URL (default http://127.0.0.1:<server.port> from the config)",
    json: 'print {"healthy":bool,"components":{...}} (for jq) instead of a table',
  },
  async run(ctx) {
    if (ctx.args.values.live) return live(ctx);
    if (!ctx.args.values.check) {
      throw new UsageError("health needs --check (a running service answers the same checks on GET /ready), or --live");
    }
    // No ledger (a health check must not create or migrate what it checks) and no logger: --json
    // output must be the only thing on stdout.
    const rt = runtimeFromArgs(ctx, { openLedger: false, logger: silentLogger });
    const { config } = rt;
    const timeoutMs = Math.round(config.api_timeout_seconds * 1000 * 2 + 2000);
    const apiCheck = (api: (typeof API_NAMES)[number]): ComponentCheck => ({
      name: `${api}_api`,
      run: (signal) => probeApi(rt, api, signal, { maxAttempts: 2 }),
    });
    const checks = [...API_NAMES.map(apiCheck), ledgerFileCheck(config.ledger.path), diskCheck(config.ledger.path), memoryCheck()];
    const report = await runChecks(checks, timeoutMs, systemClock);
    const text = ctx.args.values.json ? `${JSON.stringify(report)}\n` : formatTable(report);
    // Last line of defence: whatever a component said, no secret value leaves through stdout.
    ctx.io.stdout(redact(text, rt.loaded.secrets.values()));
    return report.healthy ? EXIT.OK : EXIT.PARTIAL;
  },
};

/** `health --live`: one GET /health of the running service, bounded to 5 s. */
async function live(ctx: Parameters<Command["run"]>[0]): Promise<number> {
  const given = stringFlag(ctx.args, "url");
  const base = given ?? `http://127.0.0.1:${configFromArgs(ctx).config.server.port}`;
  try {
    const res = await fetch(`${base.replace(/\/+$/, "")}/health`, { signal: AbortSignal.timeout(5000) });
    ctx.io.stdout(`${res.status} ${await res.text()}\n`);
    return res.status === 200 ? EXIT.OK : EXIT.PARTIAL;
  } catch (err) {
    ctx.io.stderr(`no answer from ${base}/health: ${(err as Error).message}\n`);
    return EXIT.PARTIAL;
  }
}

/** A readable table: one line per component, the error on the line below when unhealthy. */
export function formatTable(report: HealthReport): string {
  const rows = Object.entries(report.components);
  const width = Math.max(9, ...rows.map(([name]) => name.length)) + 2;
  const lines = [`${"COMPONENT".padEnd(width)}${"STATUS".padEnd(11)}${"LATENCY".padStart(9)}  DETAIL`];
  for (const [name, c] of rows) {
    lines.push(`${name.padEnd(width)}${(c.healthy ? "healthy" : "UNHEALTHY").padEnd(11)}${`${c.latency_ms} ms`.padStart(9)}  ${c.detail}`);
    if (!c.healthy && c.error && c.error !== c.detail) lines.push(`${"".padEnd(width)}  error: ${c.error}`);
  }
  lines.push("", report.healthy ? "healthy" : "NOT healthy");
  return `${lines.join("\n")}\n`;
}
