// Flow's reference fields (order_id, product_id) carry Shopify's numeric id, not the gid; the
// rule for both forms is the app's one (app/utils/shopify-gid.ts).
export { numericShopifyId } from "../utils/shopify-gid";
