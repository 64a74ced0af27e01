// The layering check (.dependency-cruiser.cjs): exits non-zero, naming each violation, when a module
// breaks a rule. `node scripts/check-layers.mjs [root]` (root: the repository, or a copy of its layout).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { cruise } from "dependency-cruiser";

const root = resolve(process.argv[2] ?? join(import.meta.dirname, ".."));
const config = createRequire(import.meta.url)(join(import.meta.dirname, "../.dependency-cruiser.cjs"));
const folders = [
  "core/src",
  "shopify-app/src",
  "shopify-app/app",
  "jumpseller-app/src",
  "woocommerce-plugin/connector",
  "prestashop-module/connector",
  "mercadolibre-app/src",
  "magento-module/connector",
].filter((f) => existsSync(join(root, f)));

process.chdir(root);
const tsConfig = existsSync(join(root, "tsconfig.json")) ? { fileName: "tsconfig.json" } : undefined;
const result = await cruise(folders, { ...config.options, ...(tsConfig ? {} : { tsConfig: undefined }), baseDir: root, validate: true, ruleSet: { forbidden: config.forbidden } });
const violations = result.output.summary.violations;
for (const v of violations) {
  const where = v.cycle ? v.cycle.map((c) => c.name ?? c).join(" → ") : `${v.from} → ${v.to}`;
  process.stdout.write(`layering: ${v.rule.name}: ${where}\n`);
}
process.stdout.write(`layering: ${violations.length} violation(s) in ${result.output.summary.totalCruised} modules\n`);
process.exit(violations.length > 0 ? 1 : 0);
