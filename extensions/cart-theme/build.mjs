import { bundle } from "../scripts/bundle.mjs";

// A classic script for the storefront (theme assets are not modules): an IIFE, small.
await bundle({ entry: "src/main.ts", outfile: "assets/timbre-fiscal-fields.js", format: "iife", maxBytes: 32 * 1024 });
