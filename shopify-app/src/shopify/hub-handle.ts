import type { Hub } from "@timbre/core/hub";

/**
 * The hub src/server.ts opened, handed to code that runs outside a loader (the session storage the
 * Shopify library calls, webhook jobs). A process-wide symbol rather than a module variable: the
 * Remix build and src/server.ts load this code as different module instances.
 */
const KEY = Symbol.for("timbre.hub");

type WithHub = { [KEY]?: Hub };

export function bindHub(hub: Hub): void {
  (globalThis as WithHub)[KEY] = hub;
}

export function currentHub(): Hub {
  const hub = (globalThis as WithHub)[KEY];
  if (!hub) throw new Error("The hub is not open yet (src/server.ts binds it before serving).");
  return hub;
}

export function hasHub(): boolean {
  return (globalThis as WithHub)[KEY] !== undefined;
}
