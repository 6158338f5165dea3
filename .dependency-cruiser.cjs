/**
 * The house rules, checked on every `npm test` (test/architecture/rules.test.ts) and drawn into
 * docs/architecture.md. Paths are the files as they resolve (workspace packages included), and
 * type-only imports count like any other: a circle of types is still a circle.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import circles, type-only ones included: each room must read on its own.",
      from: {},
      to: { circular: true },
    },
    {
      name: "emulators-stay-out",
      severity: "error",
      comment: "The emulators are a tool the product is tested and demonstrated with, not the product: only `demo` (with its staged incident) and `emulate` embed them.",
      from: { path: "^src/", pathNot: "^src/cli/(commands/(demo|emulate)|demo-incident)[.]ts$" },
      to: { path: "^packages/emulators/" },
    },
    {
      name: "http-at-the-bottom",
      severity: "error",
      comment: "The resilient API layer knows nothing above it.",
      from: { path: "^src/http/" },
      to: { path: "^src/", pathNot: "^src/http/" },
    },
    {
      name: "core-is-a-leaf",
      severity: "error",
      comment: "The shared words import nothing of the product, so no arrow runs back up for a word.",
      from: { path: "^src/core/" },
      to: { path: "^src/", pathNot: "^src/core/" },
    },
    {
      name: "ledger-has-one-door",
      severity: "error",
      comment: "Only the sync, the runtime and the CLI commands that open the ledger touch it; everyone else gets what they need from them.",
      from: { path: "^src/", pathNot: "^src/(ledger|sync|runtime)/|^src/cli/commands/(migrate|health)[.]ts$" },
      to: { path: "^src/ledger/" },
    },
    {
      name: "front-stands-alone",
      severity: "error",
      comment: "The HTTP front is a bundle of its own on its own thread: it knows the protocol and nothing else, so the app, the ledger and the sync never load there (and a probe never waits for them).",
      from: { path: "^src/runtime/front/(front-worker|protocol)[.]ts$" },
      to: { path: "^(src|packages)/", pathNot: "^src/runtime/front/protocol[.]ts$" },
    },
    {
      name: "packages-stand-alone",
      severity: "error",
      comment: "The workspace packages never reach into the product.",
      from: { path: "^packages/" },
      to: { path: "^src/" },
    },
    {
      name: "common-is-a-leaf",
      severity: "error",
      comment: "What the product and the emulators share depends on neither.",
      from: { path: "^packages/common/" },
      to: { path: "^packages/", pathNot: "^packages/common/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(test|bench|node_modules)/|[.]test[.]ts$" },
    tsPreCompilationDeps: true,
    // TypeScript 7 has no JavaScript API for the cruiser to parse with; swc reads the same imports.
    parser: "swc",
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
      mainFields: ["module", "main", "types"],
    },
    reporterOptions: {
      dot: { collapsePattern: "^(src|packages)/[^/]+(/src/[^/]+)?" },
      archi: { collapsePattern: "^(packages/[^/]+|src/[^/]+)" },
    },
  },
};
