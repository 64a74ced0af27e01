// Builds an extension the way the Shopify CLI would, without its build service (unreachable here):
// one minified ESM file per entry, Preact JSX, and a size check against Shopify's 64 KB limit.
import { build } from "esbuild";
import { statSync } from "node:fs";

export async function bundle({ entry, outfile, format = "esm", maxBytes = 64 * 1024, platform = "browser", target = "es2020", define = {} }) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format,
    platform,
    target,
    minify: true,
    legalComments: "none",
    jsx: "automatic",
    jsxImportSource: "preact",
    logLevel: "warning",
    define,
  });
  const size = statSync(outfile).size;
  if (size > maxBytes) throw new Error(`${outfile} is ${size} bytes, over the ${maxBytes} byte limit`);
  console.log(`${outfile}: ${(size / 1024).toFixed(1)} KB`);
}
