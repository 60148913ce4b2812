// Processes one recorded delivery: dispatch by topic to its feature's handler, once. Topics
// without a handler are kept as "skipped" so they can be replayed.
import { PRODUCT_TOPIC_HANDLERS } from "../catalog/product-webhooks.server";
import { COMPLIANCE_TOPIC_HANDLERS } from "../compliance/compliance-webhooks.server";
import type { Db, Prisma } from "../db.server";
import { INVENTORY_TOPIC_HANDLERS } from "../inventory/inventory-webhooks.server";
import { redactShop } from "../models/shop.server";
import { ORDER_TOPIC_HANDLERS } from "../orders/order-webhooks.server";
import { isPermanent } from "../utils/errors";
import { MARKED_PROCESSED, type TopicHandlers } from "./topic-handler";

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

interface ClaimedEvent {
  id: string;
  shopId: string;
  topic: string;
  body: string;
  triggeredAt: Date | null;
  shopDomain: string;
}

export async function processWebhookEvent(
  db: Db,
  input: { shopId: string; webhookEventId: string },
): Promise<ProcessOutcome> {
  // Reading the event and counting the attempt are one statement: one round trip per delivery.
  const [event] = await db.$queryRaw<ClaimedEvent[]>`
    UPDATE "WebhookEvent" AS e SET "attempts" = e."attempts" + 1
    FROM "Shop" AS s
    WHERE e.id = ${input.webhookEventId}::uuid AND e."shopId" = ${input.shopId}::uuid AND s.id = e."shopId"
      AND e.status NOT IN ('processed', 'skipped')
    RETURNING e.id, e."shopId", e.topic, e.body, e."triggeredAt", s.domain AS "shopDomain"`;
  if (!event) {
    const done = await db.webhookEvent.findFirst({
      where: { id: input.webhookEventId, shopId: input.shopId },
      select: { id: true },
    });
    // A shop/redact may have removed the shop and its inbox since this job was queued.
    return done ? "already-done" : "gone";
  }

  const handler = HANDLERS[event.topic];
  if (!handler) {
    await db.webhookEvent.update({ where: { id: event.id }, data: { status: "skipped", processedAt: new Date() } });
    return "skipped";
  }
  const markProcessed = (client: Db | Prisma.TransactionClient) =>
    client.$executeRaw`
      UPDATE "WebhookEvent" SET status = 'processed', "processedAt" = ${new Date()}::timestamp(3), error = NULL
      WHERE id = ${event.id}::uuid`;
  let outcome: unknown;
  try {
    outcome = await handler({
      db,
      shopId: event.shopId,
      shopDomain: event.shopDomain,
      payload: JSON.parse(event.body),
      event: { id: event.id, topic: event.topic, triggeredAt: event.triggeredAt },
      markProcessedIn: async (tx) => {
        await markProcessed(tx);
      },
    });
  } catch (error) {
    await recordFailure(db, event.id, error);
    throw error;
  }
  if (outcome !== MARKED_PROCESSED) await markProcessed(db);
  return "processed";
}

/**
 * The reason stays on the inbox row for the Operations page; an error no retry can fix (bad data,
 * a refusal) marks the event failed at once, where the merchant can retry it after fixing the cause.
 */
async function recordFailure(db: Db, eventId: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  try {
    await db.webhookEvent.updateMany({
      where: { id: eventId, status: { notIn: ["processed", "skipped"] } },
      data: { error: message.slice(0, 2_000), ...(isPermanent(error) ? { status: "failed" } : {}) },
    });
  } catch {
    // The database may be why the handler failed; the job's own retry carries on regardless.
  }
}
