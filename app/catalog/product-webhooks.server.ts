// Handlers for products/create, products/update, products/delete (the variant cache).
import type { TopicHandlers } from "../webhooks/topic-handler";

export const PRODUCT_TOPIC_HANDLERS: TopicHandlers = {};
