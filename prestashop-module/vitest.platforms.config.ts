import { defineConfig } from "vitest/config";

// The real PrestaShop 8.1 (../shared/platforms/setup-presta.sh), PHP and MariaDB: `npm run test:platforms`.
export default defineConfig({
  test: {
    include: ["test/platforms/**/*.test.ts"],
    reporters: ["default", "../scripts/vitest-summary-reporter.mjs"],
    testTimeout: 300_000,
    hookTimeout: 900_000,
    pool: "forks",
    fileParallelism: false,
  },
});
