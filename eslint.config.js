import { readFileSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Files allowed to break a layering rule for now (also read by .dependency-cruiser.cjs); must end empty. */
const exceptions = JSON.parse(readFileSync(new URL("./scripts/layer-exceptions.json", import.meta.url), "utf8"));

/** Code that runs in the hub's server processes (not the CLI, not test support). */
const HUB = [
  "core/src/hub/**/*.ts",
  "shopify-app/app/**/*.{ts,tsx}",
  "shopify-app/src/**/*.ts",
  "jumpseller-app/src/**/*.ts",
  "woocommerce-plugin/connector/**/*.ts",
  "prestashop-module/connector/**/*.ts",
  "mercadolibre-app/src/**/*.ts",
  "magento-module/connector/**/*.ts",
];
const PLATFORM = HUB.slice(1);

export default tseslint.config(
  { ignores: ["**/dist/**", "**/build/**", "**/node_modules/**", "**/.data/**", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // One structured logger (core/src/hub/logging/logger.ts): request and job ids, secrets redacted.
    files: HUB,
    ignores: ["**/testing/**"],
    rules: { "no-console": "error" },
  },
  {
    // Platform code talks to core through the platform kit, never to the database.
    files: PLATFORM,
    ignores: ["**/testing/**", ...exceptions.platformPrisma],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@timbre/core/hub",
              importNames: ["Db", "createPrismaClient"],
              message: "Platform code uses the platform kit's context (core/src/hub/platforms), not the database.",
            },
          ],
          patterns: [
            {
              group: ["@prisma/client", "@prisma/*"],
              message: "Platform code uses the platform kit's context (core/src/hub/platforms), not Prisma.",
            },
          ],
        },
      ],
    },
  },
);
