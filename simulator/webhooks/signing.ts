// The headers Shopify sends with every webhook, including the HMAC that proves the body came
// from Shopify: base64 HMAC-SHA256 of the exact body bytes, keyed with the app's secret.
import { createHmac } from "node:crypto";

export interface WebhookEnvelope {
  topic: string;
  shop: string;
  apiVersion: string;
  webhookId: string;
  eventId: string;
  /** ISO time of the event that triggered the webhook. */
  triggeredAt: string;
}

export function webhookHmac(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export function webhookHeaders(envelope: WebhookEnvelope, body: Buffer, secret: string): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "Content-Length": String(body.length),
    "User-Agent": "Shopify-Captain-Hook",
    "X-Shopify-Topic": envelope.topic,
    "X-Shopify-Hmac-Sha256": webhookHmac(body, secret),
    "X-Shopify-Shop-Domain": envelope.shop,
    "X-Shopify-API-Version": envelope.apiVersion,
    "X-Shopify-Webhook-Id": envelope.webhookId,
    "X-Shopify-Triggered-At": envelope.triggeredAt,
    "X-Shopify-Event-Id": envelope.eventId,
  };
}
