import { bundle } from "../scripts/bundle.mjs";

await bundle({ entry: "src/OrderBlock.tsx", outfile: "dist/order-block.js" });
