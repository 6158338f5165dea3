import { join } from "node:path";

/**
 * Real-shaped payloads of the UniFi and NinjaOne APIs (captured or quoted from public sources,
 * see their README), beside the wire schemas they pin down. Tests only: the product never reads them.
 */
export const API_SAMPLES = join(import.meta.dir, "..", "fixtures", "api-samples");
