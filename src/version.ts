import pkg from "../package.json" with { type: "json" };

/** Compiled into the binary from package.json. */
export const VERSION: string = pkg.version;

// Set by `npm run build` (bun build --define); a run from the source tree says "dev".
declare const __BUILD_COMMIT__: string | undefined;

/** The git commit the binary was built from. */
export const COMMIT: string = typeof __BUILD_COMMIT__ === "string" && __BUILD_COMMIT__ ? __BUILD_COMMIT__ : "dev";
