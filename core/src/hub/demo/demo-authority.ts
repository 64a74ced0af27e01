import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCafAuthority, type CafAuthority } from "../../testing/certs.js";

/**
 * The demo's stand-in for the SII's CAF-signing key. Kept in the data folder so the demo's CAFs
 * stay trusted by its SII emulator across restarts; it signs nothing the real SII would accept.
 */
export function demoCafAuthority(dataDir: string): CafAuthority {
  const file = join(dataDir, "demo", "caf-authority.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as CafAuthority;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  const authority = createCafAuthority();
  mkdirSync(join(dataDir, "demo"), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify(authority), { mode: 0o600, flag: "wx" });
    return authority;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return JSON.parse(readFileSync(file, "utf8")) as CafAuthority;
  }
}
