// What the Shopify CLI generates for this target: types the global `shopify` in the module.
import "@shopify/ui-extensions";

//@ts-expect-error the CLI declares the module by path
declare module "./src/Checkout.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
