// The simulated store with the order and product topics switched on: its signed webhooks land in
// a recording receiver, and a test hands them to Lotline's real intake (in any order, any number
// of times) and processes them as the `webhooks.process` job does.
import { afterAll, beforeAll, beforeEach, vi } from "vitest";
import { authenticateAdmin } from "../../app/auth.server";
import { db } from "../../app/db.server";
import { getQueue } from "../../app/jobs/queues.server";
import type { AdminGraphql } from "../../app/shopify/admin-graphql.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { processWebhookEvent } from "../../app/webhooks/process.server";
import { answerWebhook } from "../../app/webhooks/webhook-http.server";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { createStore } from "../../simulator/store/store";
import {
  type ReceivedWebhook,
  type RecordingReceiver,
  startRecordingReceiver,
} from "../../simulator/webhooks/recording-receiver";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";

export const ORDER_TOPICS = [
  "orders/create",
  "orders/updated",
  "orders/edited",
  "orders/cancelled",
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "refunds/create",
  "fulfillments/create",
  "fulfillments/update",
  "products/create",
  "products/update",
  "products/delete",
];

export let shopify: SimulatedShopify;
// Shopify's updatedAt has whole seconds: tests that need two changes in two different seconds
// move the store's clock on instead of sleeping. Each new shop starts on the real clock again.
let clockOffsetMs = 0;
export const store = createStore({ clock: () => Date.now() + clockOffsetMs });
export function advanceClock(milliseconds: number): void {
  clockOffsetMs += milliseconds;
}
let receiver: RecordingReceiver;
const handedOver = new Set<ReceivedWebhook>();

export function setUpOrderShopify(): void {
  beforeAll(async () => {
    receiver = await startRecordingReceiver();
    shopify = await startSimulatedShopify({
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      store,
      webhookTopics: ORDER_TOPICS,
      appUrl: receiver.url.replace(/\/webhooks$/, ""),
    });
    // The library binds fetch when it loads; redirect after, so the redirect sticks.
    await import("../../app/shopify.server");
    redirectAdminFetch(shopify.url);
  });

  afterAll(async () => {
    for (const queue of ["webhooks", "shopify-writeback", "maintenance"] as const) {
      await getQueue(queue).obliterate({ force: true });
    }
    await shopify?.close();
    await receiver?.close();
  });

  beforeEach(() => {
    // The Shopify library logs every token exchange at INFO through console.log.
    vi.spyOn(console, "log").mockImplementation(() => {});
  });
}

let shopCount = 0;

/** A shop with Lotline installed and opened once (so it has its Shop row and offline session). */
export async function openShop(options: { extraLocation?: boolean } = {}) {
  shopCount += 1;
  clockOffsetMs = 0;
  const { shop, locations } = shopify.createShop({ name: `Order Sync Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const warehouse = locations[0];
  const shopFront = options.extraLocation ? shopify.createLocation(domain, { name: "Shop front" }) : null;
  const inventory = { [warehouse.id]: 50, ...(shopFront ? { [shopFront.id]: 50 } : {}) };
  const lavender = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, inventory }],
  }).variants[0];
  const cedar = shopify.createProduct(domain, {
    title: "Cedar Candle",
    variants: [{ sku: `CED-${shopCount}`, inventory }],
  }).variants[0];
  const opened = await authenticateAdmin(
    new Request(`${TEST_APP_URL}/app`, {
      headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
    }),
  );
  await shopify.waitForWebhooks();
  return { domain, shopId: opened.shop.id, warehouse, shopFront, lavender, cedar };
}

export type TestShop = Awaited<ReturnType<typeof openShop>>;

/** A shop's variant as the lot factories take it. */
export function itemOf(variant: TestShop["lavender"], title: string) {
  return {
    variantId: variant.id,
    productId: variant.productId,
    inventoryItemId: variant.inventoryItemId,
    sku: variant.sku ?? "",
    title,
  };
}

/** Webhooks of the shop Lotline has not been handed yet, oldest first (optionally of some topics). */
export async function newWebhooks(domain: string, topics?: string[]): Promise<ReceivedWebhook[]> {
  await shopify.waitForWebhooks();
  const fresh = receiver.received.filter(
    (webhook) =>
      !handedOver.has(webhook) &&
      webhook.headers["x-shopify-shop-domain"] === domain &&
      (!topics || topics.includes(String(webhook.headers["x-shopify-topic"]))),
  );
  for (const webhook of fresh) handedOver.add(webhook);
  return fresh;
}

export const topicOf = (webhook: ReceivedWebhook) => String(webhook.headers["x-shopify-topic"]);

/**
 * Hands one delivery to Lotline's intake exactly as Shopify sent it (optionally under another
 * webhook id: the same event delivered twice), then processes what the intake recorded.
 */
export async function deliver(webhook: ReceivedWebhook, options: { webhookId?: string } = {}) {
  const header = (name: string) => {
    const lower = name.toLowerCase();
    if (lower === "x-shopify-webhook-id" && options.webhookId) return options.webhookId;
    const value = webhook.headers[lower];
    return Array.isArray(value) ? value[0] : (value ?? null);
  };
  const answer = await answerWebhook({ header, rawBody: Buffer.from(webhook.body, "utf8") });
  if (answer.status !== 200) throw new Error(`Lotline answered ${answer.status}: ${answer.body}`);
  const event = await db().webhookEvent.findUnique({ where: { webhookId: header("x-shopify-webhook-id") ?? "" } });
  if (!event) return "not-recorded";
  return processWebhookEvent(db(), { shopId: event.shopId, webhookEventId: event.id });
}

export async function deliverAll(webhooks: ReceivedWebhook[]) {
  for (const webhook of webhooks) await deliver(webhook);
}

/** The offline Admin client, counting the calls made through it. */
export function countingAdminGraphql() {
  const calls: string[] = [];
  const adminGraphql = async (shopDomain: string): Promise<AdminGraphql> => {
    const graphql = await offlineAdminGraphql(shopDomain);
    return (query, options) => {
      calls.push(/query (\w+)/.exec(query)?.[1] ?? "query");
      return graphql(query, options);
    };
  };
  return { calls, adminGraphql };
}

/** Lotline's copy of the order: the OrderRef and its lines by line item id. */
export async function storedOrder(shopId: string, orderId: string) {
  const order = await db().orderRef.findUnique({
    where: { shopId_shopifyOrderId: { shopId, shopifyOrderId: orderId } },
    include: { lines: { orderBy: { createdAt: "asc" } } },
  });
  if (!order) return null;
  return {
    ...order,
    lineState: Object.fromEntries(
      order.lines.map((line) => [
        line.shopifyLineItemId,
        {
          quantity: line.quantity,
          fulfilled: line.fulfilledQuantity,
          returned: line.returnedQuantity,
          locationId: line.locationId,
        },
      ]),
    ),
  };
}
