// Handlers for products/create, products/update, products/delete (the variant cache).
import type { TopicHandlers } from "../webhooks/topic-handler";
import { readDeletedProductId, readProductPayload } from "./product-payload";
import { cacheProductVariants, markProductDeleted } from "./variant-cache.server";

export const PRODUCT_TOPIC_HANDLERS: TopicHandlers = {
  "products/create": ({ db, shopId, payload }) => cacheProductVariants(db, shopId, readProductPayload(payload)),
  "products/update": ({ db, shopId, payload }) => cacheProductVariants(db, shopId, readProductPayload(payload)),
  "products/delete": ({ db, shopId, payload }) => markProductDeleted(db, shopId, readDeletedProductId(payload)),
};
