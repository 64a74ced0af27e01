import type { ShopifyDemo } from "../../src/demo/shopify-demo.js";
import type { ShopifyPart } from "../../src/shopify/register.js";
import type { WebhookReceiverDeps } from "../../src/shopify/webhook-receiver.js";

// What the Shopify block of src/server.ts adds to the Remix load context (merged with app/load-context.ts).
declare module "@remix-run/node" {
  interface AppLoadContext {
    shopify?: {
      /** GraphQL clients per shop (`part.clientFor(session.shop)`), job handlers. */
      part?: ShopifyPart;
      /** The demo shop and its emulator (demo mode with the app's keys set). */
      demo?: ShopifyDemo;
      /** The demo mirrors accepted webhooks into its emulated shop. */
      onAccepted?: WebhookReceiverDeps["onAccepted"];
    };
  }
}

export {};
