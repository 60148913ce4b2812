// Processes one recorded delivery: dispatch by topic to its handler, once. Handlers for
// orders, inventory and products arrive with those features; until then such events are
// kept as "skipped" so they can be replayed.
import type { Db } from "../db.server";
import { redactShop } from "../models/shop.server";

interface HandlerContext {
  db: Db;
  shopId: string;
  shopDomain: string;
  payload: unknown;
}

type TopicHandler = (context: HandlerContext) => Promise<void>;

const HANDLERS: Record<string, TopicHandler> = {
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
  await handler({ db, shopId: event.shopId, shopDomain: event.shop.domain, payload: JSON.parse(event.body) });
  await db.webhookEvent.updateMany({
    where: { id: event.id },
    data: { status: "processed", processedAt: new Date(), error: null },
  });
  return "processed";
}
