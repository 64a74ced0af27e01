import { defineConfig } from "vitest/config";

// `npm run test:security`: fuzzed Jumpseller hooks against the receiver, on PostgreSQL in CI.
export default defineConfig({
  test: {
    include: ["test/security/**/*.security.ts"],
    reporters: ["default", "../scripts/vitest-summary-reporter.mjs"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/setup-connector.ts"],
  },
});
