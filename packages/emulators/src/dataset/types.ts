import type {
  UnifiHost,
  UnifiHostDevices,
  UnifiIspMetric,
  UnifiSite,
} from "@oberaconnect/common/wire/unifi";
import type {
  NinjaActivity,
  NinjaAlert,
  NinjaDevice,
  NinjaLocation,
  NinjaOrganization,
} from "@oberaconnect/common/wire/ninjaone";

/**
 * Everything the source emulators serve, in the real wire shapes (the same zod schemas the
 * connectors parse with). The generator makes one; the emulators own a copy and mutate it.
 */
export interface Dataset {
  unifi: {
    hosts: UnifiHost[];
    sites: UnifiSite[];
    /** One entry per host, as GET /v1/devices groups them. */
    devices: UnifiHostDevices[];
    ispMetrics: UnifiIspMetric[];
  };
  ninjaone: {
    organizations: NinjaOrganization[];
    locations: NinjaLocation[];
    /** The devices-detailed shape; /v2/devices serves the same records without agent blocks. */
    devices: NinjaDevice[];
    /** Open alerts only; resolving an alert removes it, as the real list does. */
    alerts: NinjaAlert[];
    activities: NinjaActivity[];
  };
}
