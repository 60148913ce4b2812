// The `shopify` global of the customer account order status block, typed for its target.
import "@shopify/ui-extensions";

//@ts-ignore
declare module "./src/index.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.order-status.block.render").Api;
}
