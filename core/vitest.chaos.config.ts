import { defineConfig } from "vitest/config";

// `npm run test:chaos`: the hub and the SII emulator as processes, killed, frozen and cut off during a
// burst of orders, on PostgreSQL (TEST_DATABASE_URL). Timings: see test/chaos/burst.chaos.ts.
export default defineConfig({
  test: {
    include: ["test/chaos/**/*.chaos.ts"],
    reporters: ["default", "../scripts/vitest-summary-reporter.mjs"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/setup-platforms.ts"],
  },
});
