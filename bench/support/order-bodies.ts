// orders/create bodies exactly as the simulated Shopify builds them, signed like Shopify signs
// them: realistic size and shape for the load, built once before the clock starts.
import { randomUUID } from "node:crypto";
import { createProduct } from "../../simulator/store/catalog";
import { createOrder } from "../../simulator/store/orders";
import { createShop, createStore, type ShopState } from "../../simulator/store/store";
import type { VariantRecord } from "../../simulator/store/types";
import { orderPayload } from "../../simulator/webhooks/payloads/orders";
import { webhookHmac } from "../../simulator/webhooks/signing";
import type { LoadRequest } from "./load";

export interface SignedBody {
  body: Buffer;
  hmac: string;
}

/** A simulated shop of its own with `variants` stocked variants and `orders` signed order bodies. */
export function buildOrderBodies(input: {
  shopDomain: string;
  secret: string;
  orders: number;
  linesPerOrder: number;
  variants: number;
}): { state: ShopState; bodies: SignedBody[] } {
  const state = createShop(createStore(), { name: "Bench Maker", myshopifyDomain: input.shopDomain });
  const variants = stockVariants(state, input.variants);
  return { state, bodies: signedOrderBodies(state, variants, input) };
}

/** `count` variants (3 per product) with plenty of `available` at the shop's first location. */
export function stockVariants(state: ShopState, count: number): VariantRecord[] {
  const location = [...state.locations.values()][0];
  const variants: VariantRecord[] = [];
  for (let product = 0; variants.length < count; product += 1) {
    const created = createProduct(state, {
      title: `Bench soap ${product + 1}`,
      variants: [1, 2, 3].map((size) => ({
        title: `${size * 100} g`,
        sku: `BENCH-${product + 1}-${size}`,
        inventory: { [location.id]: 1_000_000 },
      })),
    }).value;
    variants.push(...created.variants);
  }
  return variants.slice(0, count);
}

/** Orders placed in the simulated shop (so the Admin API knows them too), as signed orders/create bodies. */
export function signedOrderBodies(
  state: ShopState,
  variants: VariantRecord[],
  input: { secret: string; orders: number; linesPerOrder: number },
): SignedBody[] {
  const bodies: SignedBody[] = [];
  for (let i = 0; i < input.orders; i += 1) {
    // Distinct variants per order, spread evenly; every variant gets as many 1-unit as 2-unit lines.
    const lines = Array.from({ length: input.linesPerOrder }, (_, line) => ({
      variantId: variants[(i * input.linesPerOrder + line) % variants.length].id,
      quantity: 1 + (Math.floor(i / variants.length) % 2),
    }));
    const order = createOrder(state, { lines }).value;
    const body = Buffer.from(JSON.stringify(orderPayload(state, order)));
    bodies.push({ body, hmac: webhookHmac(body, input.secret) });
  }
  return bodies;
}

/** One delivery of `signed` as POST /webhooks, under a webhook id of its own. */
export function webhookRequest(shopDomain: string, topic: string, signed: SignedBody): LoadRequest {
  return {
    path: "/webhooks",
    body: signed.body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Hmac-Sha256": signed.hmac,
      "X-Shopify-Shop-Domain": shopDomain,
      "X-Shopify-API-Version": "2026-10",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  };
}
