/**
 * zod schemas of the NinjaOne Public API v2 wire shapes. Lists are bare JSON arrays (no envelope),
 * and connectors parse one record at a time, so a malformed record is quarantined while the rest
 * flow.
 *
 * Policy: only what the product relies on is required (ids, names, organizationId, offline,
 * sourceType...). The rest is optional as the spec (NinjaOne Public API 2.0 OpenAPI, 2.0.9-draft)
 * allows, and objects are `.loose()` because the API adds fields (devices excepted: see there). Times are epoch SECONDS as
 * floats with a millisecond fraction (`1750647301.412`; stellaraf/go-ninjarmm types_test.go,
 * provectio/go-ninjarmm time.go); see `./time.ts` for conversions.
 */
import { z } from "zod";

/** Float epoch seconds. Never milliseconds: a value that large would be a bug upstream. */
export const NinjaEpochSecondsSchema = z.number().nonnegative();

const id = z.number().int().nonnegative();
const record = z.record(z.string(), z.unknown());

/** A location as nested in `organizations-detailed` (no `organizationId` there). */
export const NinjaOrgLocationSchema = z
  .object({
    id,
    name: z.string(),
    address: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
    fields: record.optional(),
  })
  .loose();

/** `GET /v2/locations` item (spec `LocationWithOrganizationRef`). */
export const NinjaLocationSchema = NinjaOrgLocationSchema.extend({ organizationId: id });
export type NinjaLocation = z.infer<typeof NinjaLocationSchema>;

/**
 * `GET /v2/organizations` item (spec `Organization`), also accepting the `organizations-detailed`
 * extras (`locations`, `policies`, `settings`). `description` is missing on some organizations
 * (sample org 9), and `nodeApprovalMode` is AUTOMATIC | MANUAL | REJECT in the spec but kept open.
 */
export const NinjaOrganizationSchema = z
  .object({
    id,
    name: z.string().min(1),
    description: z.string().nullable().optional(),
    nodeApprovalMode: z.string().optional(),
    tags: z.array(z.string()).optional(),
    fields: record.optional(),
    userData: record.nullable().optional(),
    locations: z.array(NinjaOrgLocationSchema).optional(),
    policies: z.array(z.object({ nodeRoleId: id.optional(), policyId: id.optional() }).loose()).optional(),
    settings: record.optional(),
  })
  .loose();
export type NinjaOrganization = z.infer<typeof NinjaOrganizationSchema>;

/** `maintenance` of a device; present only while a window is scheduled or active. */
export const NinjaMaintenanceSchema = z
  .object({
    /** e.g. `IN_MAINTENANCE`, `PENDING` (spec). */
    status: z.string(),
    start: NinjaEpochSecondsSchema.optional(),
    end: NinjaEpochSecondsSchema.optional(),
  })
  .loose();

/**
 * `GET /v2/devices-detailed` item (spec `Device` + agent blocks); `/v2/devices` serves the same
 * record without `os`/`system`/`memory`/`processors`/`volumes`, so those are optional. Only
 * `systemName` is required of the names: `displayName` is the user-set label and a reader falls
 * back to `systemName` when it is missing.
 */
/** The fields of a detailed device the sync shows (names, state, addresses, hardware). */
const deviceKept = {
  id,
  uid: z.string().min(1),
  organizationId: id,
  locationId: id,
  /** WINDOWS_SERVER, WINDOWS_WORKSTATION, MAC, LINUX_SERVER, VMWARE_VM_HOST, NMS_*... (spec enum, kept open). */
  nodeClass: z.string(),
  /** PENDING | APPROVED (spec). */
  approvalStatus: z.string().optional(),
  offline: z.boolean(),
  displayName: z.string().optional(),
  systemName: z.string(),
  dnsName: z.string().optional(),
  lastContact: NinjaEpochSecondsSchema.optional(),
  lastUpdate: NinjaEpochSecondsSchema.optional(),
  maintenance: NinjaMaintenanceSchema.optional(),
  ipAddresses: z.array(z.string()).optional(),
  macAddresses: z.array(z.string()).optional(),
  publicIP: z.string().optional(),
};
const deviceOs = { name: z.string().optional(), lastBootTime: NinjaEpochSecondsSchema.optional() };
const deviceSystem = { manufacturer: z.string().optional(), model: z.string().optional(), serialNumber: z.string().optional() };

/** A detailed device as the API sends it (the emulator serves this shape). */
export const NinjaDeviceWireSchema = z
  .object({
    ...deviceKept,
    nodeRoleId: id.optional(),
    rolePolicyId: id.optional(),
    policyId: id.optional(),
    netbiosName: z.string().optional(),
    created: NinjaEpochSecondsSchema.optional(),
    tags: z.array(z.string()).optional(),
    fields: record.optional(),
    os: z.object(deviceOs).loose().optional(),
    system: z.object(deviceSystem).loose().optional(),
    memory: z.object({ capacity: z.number().optional() }).loose().optional(),
    processors: z.array(z.object({}).loose()).optional(),
    volumes: z.array(z.object({}).loose()).optional(),
    lastLoggedInUser: z.string().optional(),
  })
  .loose();

/**
 * A detailed device as the connector keeps it. Not loose, unlike the other records: a detailed
 * device carries volumes, processors, custom fields and more that the sync never shows; keeping
 * them for 40,000 devices would double a run's memory. Unknown and unused fields are accepted
 * and dropped (zod's default: strip). Its output fits NinjaDevice (the dropped fields are optional).
 */
export const NinjaDeviceSchema = z.object({ ...deviceKept, os: z.object(deviceOs).optional(), system: z.object(deviceSystem).optional() });
/** The wire shape (what the emulator serves, what the connector accepts). */
export type NinjaDevice = z.infer<typeof NinjaDeviceWireSchema>;

/**
 * `GET /v2/alerts` item (spec `Alert`). The spec has NO `severity`/`priority` on alerts: they are
 * read from the activity joined by `seriesUid = uid`, or here when a server sends them anyway
 * (third-party clients assume they exist). `psaTicketId` is an integer in production although the
 * spec says object, and `device` is often missing (provectio/go-ninjarmm alerts.go).
 */
export const NinjaAlertSchema = z
  .object({
    /** The activity series UID (spec). */
    uid: z.string().min(1),
    deviceId: id,
    message: z.string().optional(),
    createTime: NinjaEpochSecondsSchema,
    updateTime: NinjaEpochSecondsSchema.optional(),
    /** e.g. AGENT_OFFLINE, CONDITION_AGENT_CPU (spec enum, kept open). */
    sourceType: z.string(),
    sourceConfigUid: z.string().optional(),
    sourceName: z.string().optional(),
    subject: z.string().optional(),
    userId: z.number().int().optional(),
    psaTicketId: z.union([z.number().int(), record]).nullable().optional(),
    ticketTemplateId: z.number().int().nullable().optional(),
    data: record.nullable().optional(),
    device: record.nullable().optional(),
    severity: z.string().optional(),
    priority: z.string().optional(),
  })
  .loose();
export type NinjaAlert = z.infer<typeof NinjaAlertSchema>;

/** Activity severity enum (spec `Activity.severity`). */
export const NINJA_SEVERITIES = ["NONE", "MINOR", "MODERATE", "MAJOR", "CRITICAL"] as const;
/** Activity priority enum (spec `Activity.priority`). */
export const NINJA_PRIORITIES = ["NONE", "LOW", "MEDIUM", "HIGH"] as const;

/**
 * `GET /v2/activities` item (spec `Activity`). Severity and priority are the spec's closed enums:
 * an unknown value is treated as malformed (stricter choice) rather than guessed. Both may be
 * missing: a real TRIGGERED CONDITION activity pushed by NinjaOne's webhook has neither.
 * TRIGGERED / RESET are values of `statusCode`; `status` is a free description (real payload:
 * `"statusCode":"TRIGGERED","status":"Triggered"`), so it is kept as any text and never compared.
 */
export const NinjaActivitySchema = z
  .object({
    id,
    activityTime: NinjaEpochSecondsSchema,
    deviceId: id.optional(),
    severity: z.enum(NINJA_SEVERITIES).optional(),
    priority: z.enum(NINJA_PRIORITIES).optional(),
    seriesUid: z.string().optional(),
    activityType: z.string().optional(),
    /** TRIGGERED | RESET | ... (kept open; compared case-insensitively by readers). */
    statusCode: z.string().optional(),
    /** Free description, e.g. "Triggered". */
    status: z.string().optional(),
    sourceConfigUid: z.string().optional(),
    sourceName: z.string().optional(),
    subject: z.string().optional(),
    message: z.string().optional(),
    type: z.string().optional(),
    data: record.nullable().optional(),
  })
  .loose();
export type NinjaActivity = z.infer<typeof NinjaActivitySchema>;

/** `GET /v2/activities` response (spec `ActivitiesResponse`). */
export const NinjaActivitiesResponseSchema = z
  .object({
    lastActivityId: id.optional(),
    activities: z.array(NinjaActivitySchema),
  })
  .loose();
export type NinjaActivitiesResponse = z.infer<typeof NinjaActivitiesResponseSchema>;

/**
 * `POST /ws/oauth/token` success. `refresh_token` only comes with `offline_access`
 * (stellaraf/go-ninjarmm internal/auth/auth.go).
 */
export const NinjaTokenResponseSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string(),
    expires_in: z.number().positive(),
    scope: z.string().optional(),
    refresh_token: z.string().optional(),
  })
  .loose();
export type NinjaTokenResponse = z.infer<typeof NinjaTokenResponseSchema>;

/**
 * OAuth-style error: 401 `not_authenticated` (homotechsual/NinjaOne #59), 401
 * `insufficient_privileges` (#26), 400 `invalid_scope` from the token endpoint.
 */
export const NinjaOAuthErrorSchema = z
  .object({
    error: z.string(),
    error_description: z.string().optional(),
    error_code: z.number().int().optional(),
  })
  .loose();
export type NinjaOAuthError = z.infer<typeof NinjaOAuthErrorSchema>;

/**
 * Platform-style error: `{resultCode:"FAILURE", errorMessage, incidentId}` (homotechsual/NinjaOne
 * #3, #22, #57). `errorMessage` can also be `{code, params}` (stellaraf/go-ninjarmm errors.go).
 */
export const NinjaPlatformErrorSchema = z
  .object({
    resultCode: z.string(),
    errorMessage: z.union([
      z.string(),
      z.object({ code: z.string(), params: record.nullable().optional() }).loose(),
    ]),
    incidentId: z.string().optional(),
  })
  .loose();
export type NinjaPlatformError = z.infer<typeof NinjaPlatformErrorSchema>;

/**
 * Form fields of `POST /ws/oauth/token` (homotechsual/NinjaOne Connect-NinjaOne.ps1). `scope` is
 * space-separated: monitoring, management, control, offline_access.
 */
export const NinjaTokenRequestSchema = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  scope: z.string().optional(),
});
export type NinjaTokenRequest = z.infer<typeof NinjaTokenRequestSchema>;

/**
 * Envelope of every `GET /v2/queries/*` report (spec `DeviceHealthReport` and siblings): a cursor
 * whose `name` is sent back as `cursor=` for the next page.
 */
export function ninjaQueryResponse<T extends z.ZodType>(resultSchema: T) {
  return z
    .object({
      cursor: z
        .object({
          name: z.string(),
          offset: z.number().int().nonnegative(),
          count: z.number().int().nonnegative(),
          expires: NinjaEpochSecondsSchema.optional(),
        })
        .loose(),
      results: z.array(resultSchema),
    })
    .loose();
}

/** `GET /v2/queries/device-health` result (spec `DeviceHealthSummary`). */
export const NinjaDeviceHealthSchema = z
  .object({
    deviceId: id,
    healthStatus: z.string().optional(),
    offline: z.boolean().optional(),
    alertCount: z.number().int().optional(),
  })
  .loose();
export type NinjaDeviceHealth = z.infer<typeof NinjaDeviceHealthSchema>;
