import { bundle } from "../scripts/bundle.mjs";

await bundle({ entry: "src/Checkout.tsx", outfile: "dist/checkout.js" });
