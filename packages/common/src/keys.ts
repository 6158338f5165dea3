/**
 * The Sync Key of every record: the stable id that ties a source record to its Notion page
 * (written into the page's "Sync Key" column). Shared with the emulators, so a dataset's truth
 * and a mutation's result speak in the same keys the product writes.
 */
export const keys = {
  customer: (orgId: number) => `ninjaone:org:${orgId}`,
  site: (siteId: string) => `unifi:site:${siteId}`,
  unifiDevice: (mac: string) => `unifi:device:${mac.replace(/[^0-9a-f]/gi, "").toUpperCase()}`,
  ninjaDevice: (id: number) => `ninjaone:device:${id}`,
  alert: (uid: string) => `ninjaone:alert:${uid}`,
};
