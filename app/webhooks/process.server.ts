// Processes one recorded delivery: dispatch by topic to its feature's handler, once. Topics
// without a handler are kept as "skipped" so they can be replayed.
import { PRODUCT_TOPIC_HANDLERS } from "../catalog/product-webhooks.server";
import { COMPLIANCE_TOPIC_HANDLERS } from "../compliance/compliance-webhooks.server";
import type { Db } from "../db.server";
import { INVENTORY_TOPIC_HANDLERS } from "../inventory/inventory-webhooks.server";
import { redactShop } from "../models/shop.server";
import { ORDER_TOPIC_HANDLERS } from "../orders/order-webhooks.server";
import type { TopicHandlers } from "./topic-handler";

const HANDLERS: TopicHandlers = {
  ...ORDER_TOPIC_HANDLERS,
  ...PRODUCT_TOPIC_HANDLERS,
  ...INVENTORY_TOPIC_HANDLERS,
  ...COMPLIANCE_TOPIC_HANDLERS,
  // The intake already stopped the shop; nothing more until shop/redact.
  "app/uninstalled": async () => {},
  "app/scopes_update": async ({ db, shopDomain, payload }) => {
    const current = (payload as { current?: string[] }).current;
    if (!Array.isArray(current)) return;
    const scope = current.join(",");
    await db.session.updateMany({ where: { shop: shopDomain }, data: { scope } });
    await db.shop.updateMany({ where: { domain: shopDomain }, data: { scopes: scope } });
  },
  "shop/redact": async ({ db, shopDomain }) => redactShop(db, shopDomain),
};

export type ProcessOutcome = "processed" | "skipped" | "already-done" | "gone";

export async function processWebhookEvent(
  db: Db,
  input: { shopId: string; webhookEventId: string },
): Promise<ProcessOutcome> {
  const event = await db.webhookEvent.findFirst({
    where: { id: input.webhookEventId, shopId: input.shopId },
    include: { shop: { select: { domain: true } } },
  });
  // A shop/redact may have removed the shop and its inbox since this job was queued.
  if (!event) return "gone";
  if (event.status === "processed" || event.status === "skipped") return "already-done";

  const handler = HANDLERS[event.topic];
  await db.webhookEvent.update({ where: { id: event.id }, data: { attempts: { increment: 1 } } });
  if (!handler) {
    await db.webhookEvent.update({ where: { id: event.id }, data: { status: "skipped", processedAt: new Date() } });
    return "skipped";
  }
  await handler({
    db,
    shopId: event.shopId,
    shopDomain: event.shop.domain,
    payload: JSON.parse(event.body),
    event: { id: event.id, topic: event.topic, triggeredAt: event.triggeredAt },
  });
  await db.webhookEvent.updateMany({
    where: { id: event.id },
    data: { status: "processed", processedAt: new Date(), error: null },
  });
  return "processed";
}
