import { defineConfig } from "vitest/config";

// The real WordPress 6.8 + WooCommerce 10.2 suite (npm run test:platforms): one shop per file on
// the ports 47311-47319, files one after another (2 shared cores).
export default defineConfig({
  test: {
    include: ["test/platforms/**/*.platform.test.ts"],
    reporters: ["default", "../scripts/vitest-summary-reporter.mjs"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
