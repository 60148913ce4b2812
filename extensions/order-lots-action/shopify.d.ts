// Types the `shopify` global in the files that read it, for this extension's target. The admin
// shows toasts for action extensions too (the contract's API subset), though this package
// version types `toast` only for app home; it is added here.
import "@shopify/ui-extensions";

declare module "./src/order-lots-action.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.order-details.action.render").Api & {
    toast: import("@shopify/ui-extensions/admin").ToastApi;
  };
}
