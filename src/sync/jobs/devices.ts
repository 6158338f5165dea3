import { p } from "../../notion/props";
import { titleText } from "../../notion/text-limits";
import type { DesiredRecord, PageLookup, SourceSnapshot } from "../../core/snapshot";

const STATUS = { online: "Online", offline: "Offline", maintenance: "Maintenance" } as const;
const SOURCE = { unifi: "UniFi", ninjaone: "NinjaOne" } as const;

/**
 * Devices rows from both sources. "Last Contact" is written only for offline devices: for an
 * online device it is "a few seconds ago" and moves on every poll (NinjaOne lastContact), while
 * for an offline one it is when it went silent and stays put. "Up Since" is the boot time,
 * stable until the next reboot, instead of an uptime that grows every second.
 */
export function* devicesRecords(snapshot: SourceSnapshot, lookup: PageLookup): Generator<DesiredRecord> {
  for (const d of snapshot.devices) {
    yield {
      key: d.key,
      props: {
        Device: p.title(titleText(d.name, d.key)),
        "Sync Key": p.text(d.key),
        Customer: p.relation([d.customerKey ? lookup("customers", d.customerKey) : null]),
        Site: p.relation([d.siteKey ? lookup("sites", d.siteKey) : null]),
        Source: p.select(SOURCE[d.source]),
        Kind: p.select(d.kind),
        Status: p.select(STATUS[d.status]),
        Model: p.text(d.model),
        "Firmware/OS": p.text(d.firmware),
        "Update Available": p.checkbox(d.firmwareUpdate),
        IP: p.text(d.ip),
        MAC: p.text(d.mac),
        Serial: p.text(d.serial),
        Location: p.text(d.location),
        "Last Contact": p.date(d.status === "offline" ? d.lastContact : null),
        "Up Since": p.date(d.upSince),
      },
    };
  }
}
