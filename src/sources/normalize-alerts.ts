/**
 * NinjaOne alerts → the Alert model. Pure: severities are resolved beforehand (ninjaone/severity.ts).
 * @module
 */
import { mapSteps, runSteps, type Steps } from "../lib/slices";
import { keys, type Alert } from "../core/model";
import type { NinjaAlert, NinjaDevice } from "@oberaconnect/common/wire/ninjaone";
import type { AlertSeverity } from "./ninjaone/severity";
import { epochSecondsToDate } from "./ninjaone/time";

/** The alert's ticket, only when it is the integer production sends (the spec's object form has no usable id). */
export function ticketId(psaTicketId: NinjaAlert["psaTicketId"]): number | null {
  return typeof psaTicketId === "number" && Number.isSafeInteger(psaTicketId) ? psaTicketId : null;
}

/** The best title the alert offers: subject, else the condition's name, else its type. */
export function alertSubject(a: Pick<NinjaAlert, "subject" | "sourceName" | "sourceType">): string {
  return a.subject?.trim() || a.sourceName?.trim() || a.sourceType;
}

/**
 * Alerts with their device and customer. The customer comes from the device's organization: the
 * alert itself names only `deviceId` (`device` is often missing, provectio alerts.go). An alert
 * whose device is not in the list keeps its device key but has no customer.
 */
export function normalizeAlerts(
  alerts: readonly NinjaAlert[],
  devices: readonly Pick<NinjaDevice, "id" | "organizationId" | "displayName" | "systemName">[],
  severities: ReadonlyMap<string, AlertSeverity>,
): Alert[] {
  return runSteps(normalizeAlertsSteps(alerts, devices, severities));
}

/** normalizeAlerts with a pause point after each alert (lib/slices.ts). */
export function normalizeAlertsSteps(
  alerts: readonly NinjaAlert[],
  devices: readonly Pick<NinjaDevice, "id" | "organizationId" | "displayName" | "systemName">[],
  severities: ReadonlyMap<string, AlertSeverity>,
): Steps<Alert[]> {
  const byId = new Map(devices.map((d) => [d.id, d]));
  return mapSteps(alerts, (a) => {
    const device = byId.get(a.deviceId);
    const s = severities.get(a.uid);
    return {
      key: keys.alert(a.uid),
      uid: a.uid,
      customerKey: device ? keys.customer(device.organizationId) : null,
      deviceKey: keys.ninjaDevice(a.deviceId),
      deviceName: device ? (device.displayName?.trim() ? device.displayName : device.systemName) : null,
      severity: s?.severity ?? a.severity ?? null,
      priority: s?.priority ?? a.priority ?? null,
      sourceType: a.sourceType,
      subject: alertSubject(a),
      message: a.message ?? "",
      createdAt: epochSecondsToDate(a.createTime),
      updatedAt: a.updateTime === undefined ? null : epochSecondsToDate(a.updateTime),
      ticketId: ticketId(a.psaTicketId),
    };
  });
}
