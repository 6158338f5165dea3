import { p } from "../../notion/props";
import { titleText } from "../../notion/text-limits";
import { siteStatus } from "../customer-health";
import type { DesiredRecord, PageLookup, SourceSnapshot } from "../../core/snapshot";

const MATCH_LABEL = {
  mapping: "Mapping", name: "Name", console: "Console", "wan-ip": "WAN IP", excluded: "Excluded", unmatched: "Unmatched", ambiguous: "Ambiguous",
} as const;

/**
 * Sites rows. Client counts and internet-issue counts are left out on purpose: they change on
 * every poll and would cost one Notion write per site per run. WAN uptime is kept in whole
 * percent for the same reason.
 */
export function* sitesRecords(snapshot: SourceSnapshot, lookup: PageLookup): Generator<DesiredRecord> {
  for (const s of snapshot.sites) {
    yield {
      key: s.key,
      props: {
        Site: p.title(titleText(s.name, s.key)),
        "Sync Key": p.text(s.key),
        Customer: p.relation([s.customerKey ? lookup("customers", s.customerKey) : null]),
        Status: p.select(siteStatus(s)),
        Match: p.select(MATCH_LABEL[s.match]),
        Devices: p.number(s.stats?.totalDevices ?? null),
        "Offline Devices": p.number(s.stats?.offlineDevices ?? null),
        "Pending Updates": p.number(s.stats?.pendingUpdates ?? null),
        "Critical Notifications": p.number(s.stats?.criticalNotifications ?? null),
        "WAN Uptime": p.number(s.stats?.wanUptimePct == null ? null : Math.floor(s.stats.wanUptimePct)),
        ISP: p.text(s.stats?.isp),
        Gateway: p.text(s.stats?.gateway),
        Host: p.text(s.hostName),
        Timezone: p.text(s.timezone),
      },
    };
  }
}
