// What the Shopify CLI generates for this target: types the global `shopify` in the module.
import "@shopify/ui-extensions";

//@ts-expect-error the CLI declares the module by path
declare module "./src/OrderBlock.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.order-details.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
