// POST /webhooks, independent of the web framework: the Remix route and the express fast path
// in server.ts both answer through here. Verify, record (Postgres, else Redis), queue, 200 — or
// 503 when the delivery could not be made durable, so Shopify retries it.
import { db } from "../db.server";
import { env } from "../env.server";
import { enqueue } from "../jobs/queues.server";
import { logger } from "../utils/logger.server";
import { acceptWebhook, IntakeUnavailableError } from "./intake.server";
import { SUBSCRIBED_TOPICS } from "./subscribed-topics";
import { checkDelivery, type RawDelivery } from "./verify-delivery.server";

export interface WebhookAnswer {
  status: number;
  /** Plain text; empty for 200. */
  body: string;
}

export async function answerWebhook(raw: RawDelivery): Promise<WebhookAnswer> {
  const check = checkDelivery(raw, env().SHOPIFY_API_SECRET);
  if (!check.ok) {
    logger.warn({ status: check.status, shop: raw.header("x-shopify-shop-domain") }, check.message);
    return { status: check.status, body: check.message };
  }
  const { delivery } = check;
  if (!SUBSCRIBED_TOPICS.has(delivery.topic)) {
    logger.info(
      { shop: delivery.shopDomain, topic: delivery.topic },
      "webhook topic Lotline does not subscribe to; ignored",
    );
    return { status: 200, body: "" };
  }
  try {
    const outcome = await acceptWebhook(delivery, {
      db: db(),
      enqueueProcessing: (payload) => enqueue("webhooks.process", payload),
      bufferDelivery: (payload) => enqueue("webhooks.record", payload),
    });
    if (outcome !== "recorded" && outcome !== "buffered") {
      logger.info({ shop: delivery.shopDomain, topic: delivery.topic, outcome }, "webhook not recorded");
    }
    return { status: 200, body: "" };
  } catch (error) {
    if (!(error instanceof IntakeUnavailableError)) throw error;
    logger.error(
      { databaseError: String(error.databaseError), redisError: String(error.redisError), shop: delivery.shopDomain },
      "webhook could not be recorded: database and Redis unavailable",
    );
    return { status: 503, body: "Temporarily unable to record the webhook; Shopify will retry it." };
  }
}
