// Handlers for orders/*, refunds/create and fulfillments/*. Full order bodies are applied when
// they can be trusted alone; bodies that carry only part of an order, or an order Lotline has
// never seen, make order sync read the order from the Admin API (see order-sync.server.ts).
import {
  type HandlerContext,
  MARKED_PROCESSED,
  type TopicHandler,
  type TopicHandlers,
} from "../webhooks/topic-handler";
import {
  type PartialOrderEvent,
  readFulfillmentEvent,
  readOrderEditEvent,
  readRefundEvent,
  snapshotFromRestOrder,
} from "./order-rest-snapshot";
import { syncOrderAfterPartialEvent, syncOrderFromWebhook } from "./order-sync.server";

const shopOf = (context: HandlerContext) => ({ id: context.shopId, domain: context.shopDomain });

const fullOrder: TopicHandler = async (context) => {
  const result = await syncOrderFromWebhook(
    context.db,
    { shop: shopOf(context), topic: context.event.topic, reading: snapshotFromRestOrder(context.payload) },
    { webhookEventId: context.event.id },
  );
  return result.markedProcessed ? MARKED_PROCESSED : undefined;
};

function partialEvent(read: (body: unknown) => PartialOrderEvent): TopicHandler {
  return async (context) => {
    await syncOrderAfterPartialEvent(context.db, {
      shop: shopOf(context),
      topic: context.event.topic,
      event: read(context.payload),
    });
  };
}

export const ORDER_TOPIC_HANDLERS: TopicHandlers = {
  "orders/create": fullOrder,
  "orders/updated": fullOrder,
  "orders/cancelled": fullOrder,
  "orders/fulfilled": fullOrder,
  "orders/partially_fulfilled": fullOrder,
  // Line deltas only: a new line's variant and location are not in it.
  "orders/edited": partialEvent(readOrderEditEvent),
  "refunds/create": partialEvent(readRefundEvent),
  "fulfillments/create": partialEvent(readFulfillmentEvent),
  "fulfillments/update": partialEvent(readFulfillmentEvent),
};
