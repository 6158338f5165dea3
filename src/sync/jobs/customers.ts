import { p } from "../../notion/props";
import { titleText } from "../../notion/text-limits";
import type { Alert, Device, Site } from "../../core/model";
import { customerStatus } from "../customer-health";
import type { DesiredRecord, SourceSnapshot } from "../../core/snapshot";

/** Groups records by customer key once, so building 2,000 customers is linear. */
function byCustomer<T extends { customerKey: string | null }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    if (!item.customerKey) continue;
    const list = map.get(item.customerKey);
    if (list) list.push(item);
    else map.set(item.customerKey, [item]);
  }
  return map;
}

/**
 * Customer Status rows. Volatile values are left out or made stable: "Last Seen" is only filled
 * while a customer is Down (then it is the last contact of any device, which no longer moves);
 * while anything is online it would be "now" and change on every poll.
 */
export function* customersRecords(snapshot: SourceSnapshot): Generator<DesiredRecord> {
  const sites = byCustomer<Site>(snapshot.sites);
  const devices = byCustomer<Device>(snapshot.devices);
  const alerts = byCustomer<Alert>(snapshot.alerts);
  for (const c of snapshot.customers) {
    const cs = sites.get(c.key) ?? [];
    const cd = devices.get(c.key) ?? [];
    const ca = alerts.get(c.key) ?? [];
    const status = customerStatus({ devices: cd, sites: cs, alerts: ca });
    const uptimes = cs.map((s) => s.stats?.wanUptimePct).filter((u): u is number => typeof u === "number");
    const isps = [...new Set(cs.map((s) => s.stats?.isp).filter((i): i is string => Boolean(i)))].sort();
    const lastContacts = cd.map((d) => d.lastContact?.getTime() ?? 0).filter((t) => t > 0);
    yield {
      key: c.key,
      props: {
        Customer: p.title(titleText(c.name, c.key)),
        "Sync Key": p.text(c.key),
        Status: p.select(status),
        Sites: p.number(cs.length),
        Devices: p.number(cd.length),
        "Offline Devices": p.number(cd.filter((d) => d.status === "offline").length),
        "Open Alerts": p.number(ca.length),
        // The worst site, in whole percent: finer values drift on every poll.
        "WAN Uptime": p.number(uptimes.length ? Math.floor(Math.min(...uptimes)) : null),
        ISP: p.text(isps.join(", ")),
        "Last Seen": p.date(status === "Down" && lastContacts.length ? new Date(Math.max(...lastContacts)) : null),
        Sources: p.multi(cs.length ? ["NinjaOne", "UniFi"] : ["NinjaOne"]),
        Description: p.text(c.description),
      },
    };
  }
}
