import { EXIT } from "../exit-codes";
import { UsageError } from "../args";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { configFromArgs } from "../bootstrap";
import { apiChecks } from "../../health/api-checks";
import { runChecks, type HealthReport } from "../../health/checks";
import { diskCheck, ledgerFileCheck, memoryCheck } from "../../health/system-checks";
import { redact } from "../../http";
import { systemClock } from "../../lib/clock";
import { createGates, gateOptions } from "../../runtime/gates";

/**
 * `health --check`: every readiness check once, from the command line, for the runbook and for
 * container HEALTHCHECKs. Exit 0 healthy, 1 not, 2 when the config itself is wrong.
 */
export const healthCommand: Command = {
  name: "health",
  summary: "Check Notion, UniFi, NinjaOne, the ledger, disk and memory once (exit 0 healthy, 1 not).",
  usage: "health --check [--json] [--config FILE]",
  options: { ...CONFIG_OPTION, check: { type: "boolean" }, json: { type: "boolean" } },
  optionHelp: {
    ...CONFIG_HELP,
    check: "run every check once and report",
    json: 'print {"healthy":bool,"components":{...}} (for jq) instead of a table',
  },
  async run(ctx) {
    if (!ctx.args.values.check) {
      throw new UsageError("health needs --check (a running service answers the same checks on GET /ready)");
    }
    const loaded = configFromArgs(ctx);
    const { config } = loaded;
    // A probe answers quickly: one retry absorbs a blip, more would only delay the verdict. No
    // logger: --json output must be the only thing on stdout.
    const probe = (api: "notion" | "unifi" | "ninjaone") => ({ retry: { ...gateOptions(config, api).retry, maxAttempts: 2 } });
    const gates = createGates(config, { overrides: { notion: probe("notion"), unifi: probe("unifi"), ninjaone: probe("ninjaone") } });
    const checks = [
      ...apiChecks({ loaded, gates }),
      ledgerFileCheck(config.ledger.path),
      diskCheck(config.ledger.path),
      memoryCheck(),
    ];
    const timeoutMs = Math.round(config.api_timeout_seconds * 1000 * 2 + 2000);
    const report = await runChecks(checks, timeoutMs, systemClock);
    const text = ctx.args.values.json ? `${JSON.stringify(report)}\n` : formatTable(report);
    // Last line of defence: whatever a component said, no secret value leaves through stdout.
    ctx.io.stdout(redact(text, loaded.secrets.values()));
    return report.healthy ? EXIT.OK : EXIT.PARTIAL;
  },
};

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
