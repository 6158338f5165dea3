import pkg from "../package.json" with { type: "json" };

/** Compiled into the binary from package.json. */
export const VERSION: string = pkg.version;
