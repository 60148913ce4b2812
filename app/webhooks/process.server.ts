// Processes one recorded delivery: dispatch by topic to its feature's handler, once. Topics
// without a handler are kept as "skipped" so they can be replayed.
import { PRODUCT_TOPIC_HANDLERS } from "../catalog/product-webhooks.server";
import { COMPLIANCE_TOPIC_HANDLERS } from "../compliance/compliance-webhooks.server";
import type { Db } from "../db.server";
import { INVENTORY_TOPIC_HANDLERS } from "../inventory/inventory-webhooks.server";
import { redactShop } from "../models/shop.server";
import { ORDER_TOPIC_HANDLERS } from "../orders/order-webhooks.server";
import { createBatcher } from "../utils/batcher";
import { isPermanent } from "../utils/errors";
import { markEventsProcessed } from "./mark-processed.server";
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
  const event = await claimEvent(db, input);
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
  let outcome: unknown;
  try {
    outcome = await handler({
      db,
      shopId: event.shopId,
      shopDomain: event.shopDomain,
      payload: JSON.parse(event.body),
      event: { id: event.id, topic: event.topic, triggeredAt: event.triggeredAt },
    });
  } catch (error) {
    await recordFailure(db, event.id, error);
    throw error;
  }
  if (outcome !== MARKED_PROCESSED) await markEventsProcessed(db, [event.id]);
  return "processed";
}

type ClaimInput = { shopId: string; webhookEventId: string };

const claimBatchers = new WeakMap<Db, (input: ClaimInput) => Promise<ClaimedEvent | undefined>>();

/**
 * Reads the event and counts the attempt, in one statement; deliveries that workers pick up
 * together are claimed together (one round trip for many). Undefined: processed, skipped or gone.
 */
function claimEvent(db: Db, input: ClaimInput): Promise<ClaimedEvent | undefined> {
  let claim = claimBatchers.get(db);
  if (!claim) {
    claim = createBatcher({ run: (inputs: ClaimInput[]) => claimEvents(db, inputs), maxItems: 100, maxInFlight: 2 });
    claimBatchers.set(db, claim);
  }
  return claim(input);
}

async function claimEvents(db: Db, inputs: ClaimInput[]): Promise<(ClaimedEvent | undefined)[]> {
  const claimed = await db.$queryRaw<ClaimedEvent[]>`
    UPDATE "WebhookEvent" AS e SET "attempts" = e."attempts" + 1
    FROM unnest(${inputs.map((input) => input.webhookEventId)}::uuid[], ${inputs.map((input) => input.shopId)}::uuid[])
      AS i(id, "shopId")
    JOIN "Shop" AS s ON s.id = i."shopId"
    WHERE e.id = i.id AND e."shopId" = i."shopId" AND e.status NOT IN ('processed', 'skipped')
    RETURNING e.id, e."shopId", e.topic, e.body, e."triggeredAt", s.domain AS "shopDomain"`;
  const byId = new Map(claimed.map((event) => [event.id, event]));
  return inputs.map((input) => byId.get(input.webhookEventId));
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
