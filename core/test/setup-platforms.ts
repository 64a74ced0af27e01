import { ensureTestPlatform } from "../src/testing/test-platforms.js";

for (const id of ["shopify", "jumpseller", "woocommerce", "prestashop"]) ensureTestPlatform(id);
