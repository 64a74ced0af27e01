import { bundle } from "../scripts/bundle.mjs";

// The hub's public URL is baked in at build time (the CLI does the same with the app URL).
const appUrl = process.env.TIMBRE_APP_URL ?? process.env.SHOPIFY_APP_URL ?? "http://localhost:3000";
const define = { __TIMBRE_APP_URL__: JSON.stringify(appUrl) };
await bundle({ entry: "src/ThankYou.tsx", outfile: "dist/thank-you.js", define });
await bundle({ entry: "src/OrderStatus.tsx", outfile: "dist/order-status.js", define });
