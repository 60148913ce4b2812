// Handlers for customers/data_request, customers/redact.
import type { TopicHandlers } from "../webhooks/topic-handler";

export const COMPLIANCE_TOPIC_HANDLERS: TopicHandlers = {};
