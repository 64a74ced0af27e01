import type { Hub } from "@timbre/core/hub";

// server.mjs opens the hub once and hands it to every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    hub: Hub;
  }
}

export {};
