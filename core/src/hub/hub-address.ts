import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HubConfig } from "./config.js";

/**
 * Where the running hub actually listens, kept next to its data so links printed by the CLI
 * (courier sign-in links, document links) point at it even when it runs on another port than the
 * CLI's environment says. TIMBRE_PUBLIC_URL, when set, always wins.
 */

const file = (dataDir: string) => join(dataDir, "hub.json");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function recordHubAddress(dataDir: string, url: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file(dataDir), JSON.stringify({ pid: process.pid, url }));
  return () => {
    try {
      const now = JSON.parse(readFileSync(file(dataDir), "utf8")) as { pid: number };
      if (now.pid === process.pid) rmSync(file(dataDir), { force: true });
    } catch {
      // already gone
    }
  };
}

/** The base URL for links: TIMBRE_PUBLIC_URL, else where the live hub listens, else the configured port. */
export function hubBaseUrl(config: Pick<HubConfig, "publicUrl" | "port" | "dataDir">): string {
  if (config.publicUrl) return config.publicUrl;
  try {
    const recorded = JSON.parse(readFileSync(file(config.dataDir), "utf8")) as { pid: number; url: string };
    if (alive(recorded.pid) && /^https?:\/\//.test(recorded.url)) return recorded.url;
  } catch {
    // no hub running here
  }
  return `http://localhost:${config.port}`;
}
