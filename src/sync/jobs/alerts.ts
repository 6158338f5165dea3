import { p } from "../../notion/props";
import { titleText } from "../../notion/text-limits";
import type { DesiredRecord, PageLookup, SourceSnapshot } from "../../core/snapshot";

/** Alerts rows: open NinjaOne alerts only. A resolved alert leaves the source and its page is archived. */
export function* alertsRecords(snapshot: SourceSnapshot, lookup: PageLookup): Generator<DesiredRecord> {
  for (const a of snapshot.alerts) {
    yield {
      key: a.key,
      props: {
        Alert: p.title(titleText(a.subject, a.key)),
        "Sync Key": p.text(a.key),
        Customer: p.relation([a.customerKey ? lookup("customers", a.customerKey) : null]),
        Device: p.relation([lookup("devices", a.deviceKey)]),
        Severity: p.select(a.severity),
        Priority: p.select(a.priority),
        "Source Type": p.select(a.sourceType),
        Message: p.text(a.message),
        Created: p.date(a.createdAt),
        Updated: p.date(a.updatedAt),
        Ticket: p.number(a.ticketId),
      },
    };
  }
}
