// POST /webhooks: every topic Shopify delivers. Verify the HMAC, record durably, queue,
// answer 200 — or 503 so Shopify retries when the delivery could not be recorded.
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { enqueue } from "../jobs/queues.server";
import { authenticate } from "../shopify.server";
import { logger } from "../utils/logger.server";
import { receiveWebhook } from "../webhooks/intake.server";

/** Shopify's largest order payloads are a few hundred KB; anything near this is not a webhook. */
export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

export const action = async ({ request }: ActionFunctionArgs) => {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) {
    return new Response("Payload too large", { status: 413 });
  }
  const body = await request.clone().text();
  if (body.length > MAX_WEBHOOK_BYTES) return new Response("Payload too large", { status: 413 });

  // The library answers 400 to a missing signature; an unsigned request is unauthorised.
  if (!request.headers.get("x-shopify-hmac-sha256")) return new Response("Unauthorized", { status: 401 });
  // Throws a 401 Response for a forged signature, 400 for other missing Shopify headers.
  const webhook = await authenticate.webhook(request);
  const topic = request.headers.get("x-shopify-topic") ?? String(webhook.topic);

  try {
    const outcome = await receiveWebhook(db(), (payload) => enqueue("webhooks.process", payload), {
      shopDomain: webhook.shop,
      topic,
      webhookId: webhook.webhookId,
      eventId: webhook.eventId,
      apiVersion: webhook.apiVersion,
      triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : null,
      body,
    });
    if (outcome !== "recorded") logger.info({ shop: webhook.shop, topic, outcome }, "webhook not recorded");
    return new Response(null, { status: 200 });
  } catch (error) {
    logger.error({ err: error, shop: webhook.shop, topic }, "webhook could not be recorded");
    return new Response("Temporarily unable to record the webhook", { status: 503 });
  }
};
