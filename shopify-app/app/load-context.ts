import type { Hub } from "@timbre/core/hub";

// src/server.ts opens the hub once and hands it to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    hub: Hub;
    /** Asks the background worker to look for new jobs now (set by src/server.ts). */
    wake?: () => void;
  }
}

export {};
