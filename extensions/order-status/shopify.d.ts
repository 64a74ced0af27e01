// What the Shopify CLI generates per target: types the global `shopify` in each module.
import "@shopify/ui-extensions";

//@ts-expect-error the CLI declares the module by path
declare module "./src/ThankYou.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-expect-error the CLI declares the module by path
declare module "./src/OrderStatus.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
