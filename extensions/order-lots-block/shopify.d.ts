// Types the `shopify` global in the files that read it, for this extension's target.
import "@shopify/ui-extensions";

declare module "./src/order-lots-block.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.order-details.block.render").Api;
}
