// The shared admin app: one IIFE bundle + its CSS, loaded by every host (see admin/README.md).
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const admin = join(import.meta.dirname, "..", "admin");
mkdirSync(join(admin, "dist"), { recursive: true });
await build({
  entryPoints: [join(admin, "src", "main.tsx")],
  outfile: join(admin, "dist", "timbre-admin.js"),
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "preact",
  legalComments: "none",
  logLevel: "warning",
});
copyFileSync(join(admin, "src", "styles.css"), join(admin, "dist", "timbre-admin.css"));
console.log("admin/dist/timbre-admin.js built");
