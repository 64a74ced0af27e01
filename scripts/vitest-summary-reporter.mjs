// Prints the plain `N passed, N failed, N skipped` line CI reads, and leaves the counts in
// .vitest-summary.json so the root test script can add up every workspace.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export default class SummaryReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      // A file that failed to load has no tests but must still count as a failure.
      if (m.state() === "failed" && [...m.children.allTests()].length === 0) failed++;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === "passed") passed++;
        else if (s === "failed") failed++;
        else skipped++;
      }
    }
    failed += unhandledErrors?.length ?? 0;
    writeFileSync(join(process.cwd(), ".vitest-summary.json"), JSON.stringify({ passed, failed, skipped }));
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
