import { defineConfig } from "vitest/config";

// `npm run test:security`: attack probes and fuzz against the hub's router, on PostgreSQL in CI.
export default defineConfig({
  test: {
    include: ["test/security/**/*.security.ts"],
    reporters: ["default", "../scripts/vitest-summary-reporter.mjs"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/setup-platforms.ts"],
  },
});
