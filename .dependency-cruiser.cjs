// Layering of the hub, checked by `npm run lint` (core's lint runs scripts/check-layers.mjs).
// Paths are relative to the repository root.

/** Platform code: talks to core through the platform kit, never to the database. */
const PLATFORM =
  "^(shopify-app/(src|app)|jumpseller-app/src|woocommerce-plugin/connector|prestashop-module/connector|mercadolibre-app/src|magento-module/connector)/";

/**
 * Platform files that still reach Prisma while kit moves them onto the platform context. Each
 * one removed from this list is checked from then on; the list must end empty.
 */
const EXCEPTIONS = require("./scripts/layer-exceptions.json");
const PRISMA_EXCEPTIONS = EXCEPTIONS.platformPrisma;
const exactly = (files) => (files.length ? files.map((f) => `^${f.replace(/[.]/g, "\\.")}$`) : undefined);

module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment: "Modules that import each other in a circle cannot be understood or tested one by one.",
      severity: "error",
      from: { path: "^(core/src|" + PLATFORM.slice(2), pathNot: exactly(EXCEPTIONS.cycles) },
      to: { circular: true },
    },
    {
      name: "rules-stay-pure",
      comment: "core/src/rules is the pure domain: nothing from the hub, the CLI or test support.",
      severity: "error",
      from: { path: "^core/src/rules/" },
      to: { path: "^core/src/(hub|cli|testing)/" },
    },
    {
      name: "rules-no-io",
      comment: "core/src/rules does no I/O: no files, sockets, processes, database or mail.",
      severity: "error",
      from: { path: "^core/src/rules/" },
      to: {
        dependencyTypes: ["core"],
        path: "^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster|readline)$",
      },
    },
    {
      name: "rules-no-io-packages",
      severity: "error",
      from: { path: "^core/src/rules/" },
      to: { path: "node_modules/(@prisma|\\.prisma|pg|@electric-sql|nodemailer|smtp-server|undici|ws)/" },
    },
    {
      name: "use-cases-not-api",
      comment: "Use cases never import the HTTP layer: routes call use cases, not the other way round.",
      severity: "error",
      from: {
        path: "^core/src/hub/",
        pathNot: "^core/src/hub/(api|http|courier-app)/|^core/src/hub/(hub|index|platform-parts|admin)\\.ts$",
      },
      to: { path: "^core/src/hub/(api|http)/" },
    },
    {
      name: "platforms-not-prisma",
      comment: "Platform folders use the platform kit's context, not Prisma or the hub's db module.",
      severity: "error",
      from: { path: PLATFORM, pathNot: exactly(PRISMA_EXCEPTIONS) },
      to: { path: ["node_modules/@prisma/", "node_modules/\\.prisma/", "^core/(src|dist)/hub/db/"] },
    },
  ],
  options: {
    // Dependencies into node_modules and built output are recorded (rules look at them), not followed.
    doNotFollow: { path: "node_modules|(^|/)(dist|build)/" },
    exclude: { path: "^(?!node_modules/).*\\.d\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default"] },
  },
};
