// Builds webhook requests exactly as Shopify sends them: its headers and a base64
// HMAC-SHA256 of the raw body keyed with the app secret.
import { createHmac, randomUUID } from "node:crypto";
import { TEST_API_SECRET, TEST_APP_URL } from "./test-env";

export interface WebhookRequestOptions {
  topic: string;
  shop: string;
  body?: unknown;
  rawBody?: string;
  webhookId?: string;
  secret?: string;
  hmac?: string | null;
}

export function signedWebhookRequest(options: WebhookRequestOptions): Request {
  const raw = options.rawBody ?? JSON.stringify(options.body ?? { id: 1 });
  const hmac =
    options.hmac === undefined
      ? createHmac("sha256", options.secret ?? TEST_API_SECRET)
          .update(raw, "utf8")
          .digest("base64")
      : options.hmac;
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Shopify-Topic": options.topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": options.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
  });
  if (hmac !== null) headers.set("X-Shopify-Hmac-Sha256", hmac);
  return new Request(`${TEST_APP_URL}/webhooks`, { method: "POST", headers, body: raw });
}
