import { execFile } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = join(import.meta.dirname, "..", "..");

function phpFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? phpFiles(p) : p.endsWith(".php") ? [p] : [];
  });
}

/** The module's PHP with Debian's php-cli and phpunit (composer cannot reach packagist here). */
describe("the module's PHP", () => {
  it("every file passes php -l", async () => {
    const files = [...phpFiles(join(here, "timbre")), ...phpFiles(join(here, "tests", "php"))];
    expect(files.length).toBeGreaterThan(15);
    const failures: string[] = [];
    for (const f of files) {
      await run("php", ["-l", f]).catch((e: { stdout?: string; stderr?: string }) =>
        failures.push(`${f}: ${e.stderr || e.stdout}`),
      );
    }
    expect(failures).toEqual([]);
  });

  it("passes its PHPUnit tests (RUT, signatures, the queue, checkout rules)", async () => {
    const { stdout } = await run("phpunit", ["--configuration", join(here, "phpunit.xml")], { cwd: here }).catch(
      (e: { stdout?: string; message: string }) => {
        throw new Error(`phpunit failed (Debian: apt-get install phpunit):\n${e.stdout ?? e.message}`);
      },
    );
    expect(stdout).toMatch(/OK \(\d+ tests?, \d+ assertions?\)/);
  });
});
