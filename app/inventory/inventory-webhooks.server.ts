// Handlers for inventory_levels/update (stock that arrived without Lotline).
import type { TopicHandlers } from "../webhooks/topic-handler";

export const INVENTORY_TOPIC_HANDLERS: TopicHandlers = {};
