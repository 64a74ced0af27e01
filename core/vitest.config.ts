import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "../scripts/vitest-summary-reporter.mjs"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Core never imports platform workspaces; its tests register bare connectors for the ids they use.
    setupFiles: ["test/setup-platforms.ts"],
  },
});
