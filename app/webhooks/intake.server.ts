// The durable inbox: a delivery is recorded in Postgres before it is acknowledged, then
// queued for a worker. A redelivery (same webhook id) is recognised and has no effect.
import type { Db } from "../db.server";
import { markUninstalled } from "../models/shop.server";
import { logger } from "../utils/logger.server";
import { acceptedAfterUninstall, UNINSTALLED_TOPIC } from "./topics";

export interface WebhookDelivery {
  shopDomain: string;
  topic: string;
  webhookId: string;
  eventId?: string | null;
  apiVersion?: string | null;
  triggeredAt?: Date | null;
  body: string;
}

export type IntakeOutcome = "recorded" | "duplicate" | "unknown-shop" | "ignored-uninstalled";

export type EnqueueWebhook = (input: { shopId: string; webhookEventId: string }) => Promise<unknown>;

export async function receiveWebhook(
  db: Db,
  enqueue: EnqueueWebhook,
  delivery: WebhookDelivery,
): Promise<IntakeOutcome> {
  const shop = await db.shop.findUnique({ where: { domain: delivery.shopDomain } });
  if (!shop) return "unknown-shop";
  if (shop.uninstalledAt && !acceptedAfterUninstall(delivery.topic)) return "ignored-uninstalled";

  const created = await db.webhookEvent.createMany({
    data: {
      shopId: shop.id,
      webhookId: delivery.webhookId,
      eventId: delivery.eventId ?? null,
      topic: delivery.topic,
      apiVersion: delivery.apiVersion ?? null,
      triggeredAt: delivery.triggeredAt ?? null,
      body: delivery.body,
    },
    skipDuplicates: true,
  });
  if (created.count === 0) return "duplicate";

  if (delivery.topic === UNINSTALLED_TOPIC) await markUninstalled(db, delivery.shopDomain);

  const event = await db.webhookEvent.findUniqueOrThrow({
    where: { webhookId: delivery.webhookId },
    select: { id: true },
  });
  try {
    await enqueue({ shopId: shop.id, webhookEventId: event.id });
    await db.webhookEvent.updateMany({
      where: { id: event.id, status: "received" },
      data: { status: "enqueued", enqueuedAt: new Date() },
    });
  } catch (error) {
    // Recorded is enough to acknowledge: the sweeper enqueues it once Redis is back.
    logger.warn({ err: error, shopId: shop.id, webhookId: delivery.webhookId }, "webhook recorded but not queued");
  }
  return "recorded";
}

/** Re-queues deliveries that were recorded but never queued (Redis was away). */
export async function requeueStrandedWebhooks(db: Db, enqueue: EnqueueWebhook, olderThan: Date): Promise<number> {
  const stranded = await db.webhookEvent.findMany({
    where: { status: "received", receivedAt: { lt: olderThan } },
    select: { id: true, shopId: true },
    orderBy: { receivedAt: "asc" },
    take: 1000,
  });
  for (const event of stranded) {
    await enqueue({ shopId: event.shopId, webhookEventId: event.id });
    await db.webhookEvent.updateMany({
      where: { id: event.id, status: "received" },
      data: { status: "enqueued", enqueuedAt: new Date() },
    });
  }
  return stranded.length;
}
