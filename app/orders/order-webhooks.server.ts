// Handlers for orders/*, refunds/create, fulfillments/*, returns/*.
import type { TopicHandlers } from "../webhooks/topic-handler";

export const ORDER_TOPIC_HANDLERS: TopicHandlers = {};
