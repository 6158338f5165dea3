/** The three upstream APIs every request of the service goes to. */
export type ApiName = "notion" | "unifi" | "ninjaone";

/** Every ApiName, e.g. to build one gate per API. */
export const API_NAMES: readonly ApiName[] = ["notion", "unifi", "ninjaone"];
