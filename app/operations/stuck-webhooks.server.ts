// Shopify notifications Lotline recorded but has not processed a minute later (never queued, or
// marked failed), and the merchant's retry of one: the recorded delivery is queued again.
import type { Db } from "../db.server";
import { AppError } from "../utils/errors";
import { requeueJob } from "./requeue.server";

export const STUCK_AFTER_MS = 60_000;
export const STUCK_WEBHOOKS_SHOWN = 100;
const STUCK_STATUSES = ["received", "failed"];

export async function listStuckWebhooks(db: Db, shopId: string, now = new Date()) {
  return db.webhookEvent.findMany({
    where: { shopId, status: { in: STUCK_STATUSES }, receivedAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) } },
    select: { id: true, topic: true, receivedAt: true, error: true, attempts: true, status: true },
    orderBy: { receivedAt: "desc" },
    take: STUCK_WEBHOOKS_SHOWN,
  });
}

export async function retryWebhookEvent(db: Db, input: { shopId: string; webhookEventId: string; actor: string }) {
  const event = await db.webhookEvent.findFirst({
    where: { id: input.webhookEventId, shopId: input.shopId },
    select: { id: true, topic: true, status: true },
  });
  if (!event) throw new AppError("NOT_FOUND", "This Shopify notification does not exist in your shop.");
  if (!STUCK_STATUSES.includes(event.status)) {
    throw new AppError("CONFLICT", `This "${event.topic}" notification is already ${event.status}; nothing to retry.`);
  }
  await requeueJob("webhooks.process", { shopId: input.shopId, webhookEventId: event.id });
  await db.webhookEvent.updateMany({
    where: { id: event.id, shopId: input.shopId, status: { in: STUCK_STATUSES } },
    data: { status: "enqueued", enqueuedAt: new Date() },
  });
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: input.actor,
      action: "webhook.retried",
      subjectType: "WebhookEvent",
      subjectId: event.id,
      details: { topic: event.topic, previousStatus: event.status },
    },
  });
}
