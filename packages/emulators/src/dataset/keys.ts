import { keys } from "@oberaconnect/common/keys";

/**
 * Device keys in mutation results and dataset truth are the product's own Sync Keys, so a test
 * can compare "what the emulator changed" with "which Notion pages changed" directly.
 */

/** `ninjaone:device:<id>` for a NinjaOne device. */
export const ninjaDeviceKey = (id: number): string => keys.ninjaDevice(id);

/** `unifi:device:<MAC>` for a UniFi device (its `id`, 12 upper-case hex digits). */
export const unifiDeviceKey = (id: string): string => keys.unifiDevice(id);
