import { bundle } from "../scripts/bundle.mjs";

// Functions run in Javy (QuickJS): plain ES2020, no DOM; 256 KB is the function module limit we hold it to.
await bundle({ entry: "src/index.ts", outfile: "dist/function.js", platform: "neutral", maxBytes: 256 * 1024 });
