/**
 * Open NinjaOne alerts and their activities. The spec's Alert has no severity or priority, so
 * those live on the TRIGGERED activity joined by `seriesUid = alert.uid` (spec `Activity`,
 * sample activities-triggered.json); resolving an alert removes it from the list and adds a
 * RESET activity to the same series. TRIGGERED and RESET are `statusCode` values; `status` is
 * the free description beside it (real payload: `"statusCode":"TRIGGERED","status":"Triggered"`).
 * Some TRIGGERED activities carry neither severity nor priority, as a real TRIGGERED CONDITION
 * activity pushed by NinjaOne's webhook does.
 */
import { pick, randInt, randUuid, type Rng } from "@oberaconnect/common/random";
import type { NinjaActivity, NinjaAlert, NinjaDevice } from "@oberaconnect/common/wire/ninjaone";
import { epochSeconds, type GenContext } from "./context";

type Severity = NonNullable<NinjaActivity["severity"]>;
type Priority = NonNullable<NinjaActivity["priority"]>;

interface ConditionSpec {
  sourceType: string;
  sourceName: string;
  subject: string;
  message: string;
  code: string;
  params: Record<string, string>;
  severity: Severity;
  priority: Priority;
  /** Fixed policy-condition uid, as one policy condition raises every alert of its kind. */
  sourceConfigUid: string;
}

const cond = (
  sourceType: string, sourceName: string, subject: string, message: string, code: string,
  params: Record<string, string>, severity: Severity, priority: Priority, n: number,
): ConditionSpec => ({ sourceType, sourceName, subject, message, code, params, severity, priority,
  sourceConfigUid: `d4c3b2a1-0f9e-4d8c-b7a6-5e4d3c2b1a${String(n).padStart(2, "0")}` });

/** Condition alerts by the kind of device they apply to (sourceType names: spec AlertOrigin enum). */
const CONDITIONS: Readonly<Record<"windows" | "linux" | "mac" | "nms" | "vmhost", ConditionSpec[]>> = {
  windows: [
    cond("CONDITION_AGENT_CPU", "Server CPU > 90%", "High CPU", "CPU utilization is greater than 90% for 15 minutes", "cpu_utilization", { threshold: "90", duration: "15" }, "MAJOR", "HIGH", 54),
    cond("CONDITION_AGENT_MEMORY", "Memory > 95%", "High memory", "Memory utilization is greater than 95% for 10 minutes", "memory_utilization", { threshold: "95", duration: "10" }, "MODERATE", "MEDIUM", 55),
    cond("CONDITION_AGENT_DISK_FREE_SPACE", "Disk free < 10%", "Disk free space low", "Disk Volume Free space for 'C:' is less than or equal to 10% for 5 minutes", "disk_free_space_percent", { volume: "C:", threshold: "10", duration: "5" }, "CRITICAL", "HIGH", 56),
    cond("CONDITION_WINDOWS_SERVICE_STATE_CHANGED", "Backup service stopped", "Service stopped", "Service 'Veeam Backup Service' is not running", "service_state", { service: "VeeamBackupSvc" }, "MINOR", "LOW", 57),
    cond("CONDITION_PENDING_REBOOT", "Pending reboot > 7 days", "Pending reboot", "Device has been pending a reboot for more than 7 days", "pending_reboot", { days: "7" }, "MINOR", "LOW", 58),
  ],
  linux: [
    cond("CONDITION_LINUX_DISK_FREE_SPACE", "Linux - Disk free < 10%", "Disk free space low", "Disk Volume Free space for '/' is less than or equal to 10% for 5 minutes", "disk_free_space_percent", { volume: "/", threshold: "10", duration: "5" }, "CRITICAL", "HIGH", 53),
    cond("CONDITION_AGENT_CPU", "Server CPU > 90%", "High CPU", "CPU utilization is greater than 90% for 15 minutes", "cpu_utilization", { threshold: "90", duration: "15" }, "MAJOR", "HIGH", 54),
  ],
  mac: [
    cond("CONDITION_AGENT_MEMORY", "Memory > 95%", "High memory", "Memory utilization is greater than 95% for 10 minutes", "memory_utilization", { threshold: "95", duration: "10" }, "MODERATE", "MEDIUM", 55),
    cond("CONDITION_FILEVAULT_STATUS", "FileVault disabled", "FileVault off", "FileVault disk encryption is disabled", "filevault_status", {}, "MODERATE", "MEDIUM", 59),
  ],
  nms: [
    cond("CONDITION_PING", "Ping down", "Device not responding", "Device did not respond to ping for 5 minutes", "ping_down", { duration: "5" }, "MAJOR", "HIGH", 60),
    cond("CONDITION_NMS_CPU", "NMS CPU > 90%", "High CPU", "SNMP CPU utilization is greater than 90%", "nms_cpu", { threshold: "90" }, "MODERATE", "MEDIUM", 61),
  ],
  vmhost: [
    cond("CONDITION_VM_HOST_DATASTORE", "Datastore free < 15%", "Datastore low", "Datastore free space is less than 15%", "vm_datastore_free", { threshold: "15" }, "MAJOR", "HIGH", 62),
  ],
};

const familyOf = (nodeClass: string): keyof typeof CONDITIONS =>
  nodeClass.startsWith("WINDOWS") ? "windows" : nodeClass.startsWith("LINUX") ? "linux" : nodeClass === "MAC" ? "mac"
    : nodeClass.startsWith("NMS") ? "nms" : "vmhost";

const SERVER_CLASSES = new Set(["WINDOWS_SERVER", "LINUX_SERVER", "VMWARE_VM_HOST"]);

/**
 * Share of TRIGGERED activities without severity and priority. How common they are is unknown
 * (one real capture has neither); 15% is enough that a client which asks again for every such
 * alert on every run shows it in its request counts.
 */
export const NO_SEVERITY_SHARE = 0.15;

/**
 * Whether the series' activities carry severity and priority. Decided from the uid's own bits
 * (drawn from the seeded stream) instead of a fresh draw, so the choice replays per seed and
 * every record generated after it stays what it was.
 */
export const seriesCarriesSeverity = (uid: string): boolean => parseInt(uid.slice(-4), 16) / 0x10000 >= NO_SEVERITY_SHARE;

/** An open alert together with the TRIGGERED activity that carries its severity. */
export interface AlertWithActivity {
  alert: NinjaAlert;
  activity: NinjaActivity;
}

function build(ctx: GenContext, device: NinjaDevice, spec: ConditionSpec, createMs: number): AlertWithActivity {
  const uid = randUuid(ctx.rng);
  const time = epochSeconds(createMs);
  const data = { message: { code: spec.code, params: spec.params } };
  const alert: NinjaAlert = {
    uid, deviceId: device.id, message: spec.message, createTime: time, updateTime: time, sourceType: spec.sourceType,
    sourceConfigUid: spec.sourceConfigUid, sourceName: spec.sourceName, subject: spec.subject, data,
  };
  const activity: NinjaActivity = {
    id: ctx.nextActivityId++, activityTime: time, deviceId: device.id,
    ...(seriesCarriesSeverity(uid) ? { severity: spec.severity, priority: spec.priority } : {}),
    seriesUid: uid, activityType: "CONDITION", statusCode: "TRIGGERED", status: "Triggered",
    sourceConfigUid: spec.sourceConfigUid, sourceName: spec.sourceName, subject: spec.subject, message: spec.message,
    type: "Condition", data,
  };
  return { alert, activity };
}

/** The AGENT_OFFLINE alert of an offline device, raised 5 minutes after its last contact (sample alerts.json). */
export function offlineAlert(ctx: GenContext, device: NinjaDevice): AlertWithActivity {
  const name = device.displayName ?? device.systemName;
  const server = SERVER_CLASSES.has(device.nodeClass);
  const spec: ConditionSpec = {
    sourceType: "AGENT_OFFLINE", sourceName: "Agent Offline", subject: "Device is offline",
    message: `Device ${name} is offline`, code: "agent_offline", params: { deviceName: name },
    severity: server ? "CRITICAL" : "MODERATE", priority: server ? "HIGH" : "MEDIUM",
    sourceConfigUid: "d4c3b2a1-0f9e-4d8c-b7a6-5e4d3c2b1a50",
  };
  const lastContactMs = (device.lastContact ?? ctx.nowMs / 1000) * 1000;
  const result = build(ctx, device, spec, Math.min(ctx.nowMs, lastContactMs + 300_000));
  delete result.alert.sourceConfigUid; // the sample AGENT_OFFLINE alert has none
  return result;
}

/** A condition alert fitting the device's class, raised within the last two days. */
export function conditionAlert(ctx: GenContext, device: NinjaDevice, rng: Rng = ctx.rng): AlertWithActivity {
  const spec = pick(rng, CONDITIONS[familyOf(device.nodeClass)]);
  return build(ctx, device, spec, ctx.nowMs - randInt(rng, 60_000, 2 * 86_400_000));
}

/**
 * The RESET activity that closes an alert's series when it is resolved. It carries the
 * TRIGGERED one's severity and priority ("NONE" when unknown), or neither when that one had
 * neither: a series is pushed the same way from start to end. (Inferred; no RESET sample.)
 */
export function resetActivity(ctx: GenContext, alert: NinjaAlert, triggered: NinjaActivity | undefined): NinjaActivity {
  const silent = triggered !== undefined && triggered.severity === undefined && triggered.priority === undefined;
  return {
    id: ctx.nextActivityId++, activityTime: epochSeconds(ctx.nowMs), deviceId: alert.deviceId,
    ...(silent ? {} : { severity: triggered?.severity ?? "NONE", priority: triggered?.priority ?? "NONE" }),
    seriesUid: alert.uid, activityType: "CONDITION", statusCode: "RESET", status: "Reset", sourceName: alert.sourceName,
    subject: alert.subject, message: alert.message, type: "Condition",
  };
}
