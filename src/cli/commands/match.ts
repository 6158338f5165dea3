import { EXIT } from "../exit-codes";
import { CONFIG_HELP, CONFIG_OPTION, type Command } from "../command";
import { withRuntime } from "../bootstrap";
import { redact } from "../../http";
import { excludeSnippet, formatMatchReport, mappingSnippet, needsReview, type MatchKind } from "../../sources/matching";
import { silentLogger } from "../../telemetry/logger";

/**
 * `match`: reads UniFi and NinjaOne as a sync does and shows how every site is matched to a
 * customer, writing nothing (no Notion, no ledger). The report itself is built in
 * src/sources/matching; this only reads, filters and prints.
 */
export const matchCommand: Command = {
  name: "match",
  summary: "Show how every UniFi site is matched to a customer and the config to settle the rest; writes nothing (exit 0 all settled, 1 some unmatched or ambiguous, or a source unread).",
  usage: "match [--config FILE] [--json] [--unmatched] [--ambiguous] [--wide]",
  options: { ...CONFIG_OPTION, json: { type: "boolean" }, unmatched: { type: "boolean" }, ambiguous: { type: "boolean" }, wide: { type: "boolean" } },
  optionHelp: {
    ...CONFIG_HELP,
    json: "one JSON document: {sites, counts, snippet, problems}",
    unmatched: "list only the unmatched sites (with --ambiguous: both)",
    ambiguous: "list only the ambiguous sites (with --unmatched: both)",
    wide: "one row per site with every column (host, evidence, runner-up), not fitted to 100 columns",
  },
  async run(ctx) {
    const kinds = (["unmatched", "ambiguous"] as const).filter((k) => ctx.args.values[k]);
    const only = kinds.length ? new Set<MatchKind>(kinds) : undefined;
    // No logger on stdout (the report is the output) and no ledger (nothing is written).
    return withRuntime(ctx, async (rt) => {
      const snapshot = await rt.sources().read(ctx.shutdownSignal);
      const report = snapshot.matchReport!;
      const complete = snapshot.complete.sites;
      const say = (text: string) => ctx.io.stdout(redact(text, rt.loaded.secrets.values()));
      for (const p of snapshot.problems) ctx.io.stderr(`${redact(p, rt.loaded.secrets.values())}\n`);
      if (ctx.args.values.json) {
        const snippet = { site_mapping: mappingSnippet(report), site_mapping_exclude: excludeSnippet(report) };
        const sites = only ? report.sites.filter((s) => only.has(s.kind)) : report.sites;
        say(`${JSON.stringify({ complete, sites, counts: report.counts, snippet, problems: snapshot.problems })}\n`);
      } else if (complete) {
        say(formatMatchReport(report, { ...(only ? { only } : {}), wide: Boolean(ctx.args.values.wide) }));
      } else {
        ctx.io.stderr("the sources could not be read in full: no match report (every site would look unmatched)\n");
      }
      return complete && !needsReview(report) ? EXIT.OK : EXIT.PARTIAL;
    }, { logger: silentLogger, openLedger: false });
  },
};
