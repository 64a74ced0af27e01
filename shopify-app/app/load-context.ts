import type { Hub } from "@timbre/core/hub";

// server.mjs opens the hub once and hands it to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    hub: Hub;
    /** Asks the background worker to look for new jobs now (set by server.mjs). */
    wake?: () => void;
  }
}

export {};
