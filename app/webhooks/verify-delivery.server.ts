// Turns an HTTP delivery into a WebhookDelivery, or says why it is not one: Shopify's HMAC over
// the exact body bytes (checked first, so nothing unsigned is ever looked at), its headers, and
// a body that is a JSON object. No database, no Redis: this runs for every request.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookDelivery } from "./intake.server";

/** Shopify's largest order payloads are a few hundred KB; anything near this is not a webhook. */
export const MAX_WEBHOOK_BYTES = 2 * 1024 * 1024;

export type DeliveryCheck =
  | { ok: true; delivery: WebhookDelivery }
  | { ok: false; status: 400 | 401 | 413; message: string };

export interface RawDelivery {
  /** A request header by its lower-case name. */
  header(name: string): string | null | undefined;
  rawBody: Buffer;
}

const REQUIRED_HEADERS = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id"] as const;

export function checkDelivery(raw: RawDelivery, secret: string): DeliveryCheck {
  if (raw.rawBody.length > MAX_WEBHOOK_BYTES) {
    return { ok: false, status: 413, message: `Body over ${MAX_WEBHOOK_BYTES} bytes: not a Shopify webhook.` };
  }
  const signature = raw.header("x-shopify-hmac-sha256");
  if (!signature) {
    return {
      ok: false,
      status: 401,
      message: "X-Shopify-Hmac-Sha256 is missing: only signed Shopify webhooks are accepted.",
    };
  }
  if (!signatureMatches(signature, raw.rawBody, secret)) {
    return {
      ok: false,
      status: 401,
      message: "X-Shopify-Hmac-Sha256 does not match the body: sign the exact body bytes with the app's client secret.",
    };
  }
  for (const name of REQUIRED_HEADERS) {
    if (!raw.header(name)) {
      return {
        ok: false,
        status: 400,
        message: `${headerLabel(name)} is missing: Shopify sends it with every webhook.`,
      };
    }
  }
  const body = raw.rawBody.toString("utf8");
  if (!isJsonObject(body)) {
    return { ok: false, status: 400, message: "The body is not a JSON object: a webhook body must be Shopify's JSON." };
  }
  return {
    ok: true,
    delivery: {
      topic: raw.header("x-shopify-topic")!,
      shopDomain: raw.header("x-shopify-shop-domain")!,
      webhookId: raw.header("x-shopify-webhook-id")!,
      eventId: raw.header("x-shopify-event-id") || null,
      apiVersion: raw.header("x-shopify-api-version") || null,
      triggeredAt: parseTime(raw.header("x-shopify-triggered-at")),
      body,
    },
  };
}

function signatureMatches(signature: string, body: Buffer, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function isJsonObject(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

function parseTime(value: string | null | undefined): Date | null {
  if (!value) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time;
}

function headerLabel(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}
