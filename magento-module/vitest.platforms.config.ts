import { defineConfig } from "vitest/config";

// Against the real Magento 2.4.7 (npm run test:platforms): one shop per run on a port in
// 47511-47519, set up once and shared by the test files, which run one after another.
export default defineConfig({
  test: {
    include: ["test/platforms/**/*.platform.test.ts"],
    reporters: ["default", "../scripts/vitest-summary-reporter.mjs"],
    globalSetup: ["test/platforms/support/global-setup.ts"],
    testTimeout: 240_000,
    hookTimeout: 900_000,
    pool: "forks",
    fileParallelism: false,
  },
});
