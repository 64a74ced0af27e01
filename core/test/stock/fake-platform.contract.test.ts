import { PLATFORM_LIMITS } from "../../src/hub/platform/limits.js";
import { createFakePlatform } from "../../src/testing/fake-platform.js";
import { describeCatalogPortContract } from "../../src/testing/platform-contract.js";

// The fake runs the same contract the real adapters will, once per platform profile.
for (const [platform, limits] of Object.entries(PLATFORM_LIMITS)) {
  describeCatalogPortContract(`fake ${platform}`, async () => {
    const fake = createFakePlatform({ limits });
    let next = 8_000_000_000_000_000_000n;
    const id = () => String(++next);
    return {
      port: fake.port,
      seed: async (items) =>
        fake.seed(
          items.map((i) => ({
            productId: id(),
            ...(i.variant ? { variantId: id(), inventoryItemId: id() } : {}),
            sku: i.sku,
            title: i.title,
            quantity: i.quantity,
          })),
        ),
      readQuantity: async (ref) => fake.quantity(ref) ?? null,
      editQuantity: async (ref, quantity) => fake.edit(ref, quantity),
    };
  });
}
