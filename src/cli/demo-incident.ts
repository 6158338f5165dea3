/**
 * The demo's incident, so that its dashboard has something to say: one customer goes down (every
 * device it has, with its UniFi sites) and a new CRITICAL alert is raised on another customer's
 * device, through the emulators' control API, as the sources would report them.
 * @module
 */
import type { RunningEmulators } from "@oberaconnect/emulators";
import type { SourceSnapshot } from "../core/snapshot";

export interface StagedIncident {
  customer: string;
  alert: string;
}

/** Picks the healthy customer with the most devices, takes it down, raises the alert. */
export function stageIncident(emulators: RunningEmulators, snapshot: SourceSnapshot): StagedIncident | null {
  const devicesOf = (key: string) => snapshot.devices.filter((d) => d.customerKey === key && d.status !== "maintenance");
  const candidates = snapshot.customers.filter((c) => devicesOf(c.key).some((d) => d.status === "online")).sort((a, b) => devicesOf(b.key).length - devicesOf(a.key).length || a.orgId - b.orgId);
  const customer = candidates[0];
  if (!customer) return null;
  const sites = snapshot.sites.filter((s) => s.customerKey === customer.key).map((s) => s.siteId);
  const made = emulators.shared.mutate({ seed: 7, outage: { organization: customer.orgId, sites }, new_alerts: 1 }) as { created: { alerts: string[] } };
  const uid = made.created.alerts.at(-1); // the new alert (the outage raises its offline alerts first)
  if (!uid) return { customer: customer.name, alert: "" };
  const n = emulators.dataset.ninjaone;
  let subject = "";
  for (const a of n.activities) {
    if (a.seriesUid !== uid || a.statusCode !== "TRIGGERED") continue;
    a.severity = "CRITICAL";
    subject = a.subject ?? a.message ?? "";
  }
  return { customer: customer.name, alert: subject || uid };
}
