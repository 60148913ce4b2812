// Shared by the inventory tests: a simulated shop with Lotline open and stock of one soap,
// inventory_levels/update deliveries exactly as Shopify sends them, and lots at the soap's level.
import { authenticateAdmin } from "../../app/auth.server";
import { db } from "../../app/db.server";
import { receiveWebhook } from "../../app/webhooks/intake.server";
import { processWebhookEvent } from "../../app/webhooks/process.server";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { shopify, store } from "./in-process-shopify";
import { BROWSER_USER_AGENT } from "./simulated-app";
import { TEST_APP_URL } from "./test-env";

let shopCount = 0;

/** A simulated shop with Lotline opened (offline session and Shop row) and `onHand` soaps at its first location. */
export async function openShopWithSoap(onHand = 0) {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Inventory Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const location = locations[0];
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, inventory: { [location.id]: onHand } }],
  }).variants[0];
  const opened = await authenticateAdmin(adminRequest(domain, "/app"));
  return {
    domain,
    shopId: opened.shop.id,
    location,
    soap,
    level: { shopId: opened.shop.id, inventoryItemId: soap.inventoryItemId, locationId: location.id },
  };
}

export type SoapShop = Awaited<ReturnType<typeof openShopWithSoap>>;

/** A request as the embedded admin makes it: App Bridge adds a fresh session token. */
export function adminRequest(domain: string, path: string, init: { method?: string; body?: URLSearchParams } = {}) {
  return new Request(`${TEST_APP_URL}${path}`, {
    method: init.method ?? "GET",
    body: init.body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
}

/** Shopify's quantities of the soap at its location right now. */
export function shopifyQuantities(shop: SoapShop) {
  const level = findInventoryLevel(store.shops.get(shop.domain)!, shop.soap.inventoryItemId, shop.location.id)!;
  return level.quantities;
}

/**
 * Records the inventory_levels/update Shopify sends for the soap's level (body as Shopify builds
 * it) and processes it as the webhook worker would; answers the inbox row's id.
 */
export async function deliverLevelUpdate(shop: SoapShop): Promise<string> {
  const itemNumber = shop.soap.inventoryItemId.split("/").pop();
  const locationNumber = shop.location.id.split("/").pop();
  const body = JSON.stringify({
    inventory_item_id: Number(itemNumber),
    location_id: Number(locationNumber),
    available: shopifyQuantities(shop).available,
    updated_at: new Date().toISOString(),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/${locationNumber}?inventory_item_id=${itemNumber}`,
  });
  const webhookId = crypto.randomUUID();
  await receiveWebhook(db(), async () => {}, {
    shopDomain: shop.domain,
    topic: "inventory_levels/update",
    webhookId,
    body,
  });
  const event = await db().webhookEvent.findUniqueOrThrow({ where: { webhookId } });
  await processWebhookEvent(db(), { shopId: shop.shopId, webhookEventId: event.id });
  return event.id;
}

let lotCount = 0;

/** A lot of the soap at its location, written directly (as if received earlier and written back). */
export async function soapLot(
  shop: SoapShop,
  overrides: {
    onHand?: number;
    expiresAt?: string | null;
    allocated?: number;
    status?: "active" | "quarantined" | "expired";
  } = {},
) {
  lotCount += 1;
  const onHand = overrides.onHand ?? 10;
  return db().lot.create({
    data: {
      shopId: shop.shopId,
      code: `SOAP-${lotCount}`,
      inventoryItemId: shop.soap.inventoryItemId,
      variantId: shop.soap.id,
      productId: shop.soap.productId,
      locationId: shop.location.id,
      sku: shop.soap.sku,
      productTitle: "Lavender Soap",
      expiresAt: overrides.expiresAt ? new Date(`${overrides.expiresAt}T00:00:00Z`) : null,
      receivedAt: new Date(Date.UTC(2026, 0, lotCount)),
      receivedQuantity: onHand,
      onHandQuantity: onHand,
      allocatedQuantity: overrides.allocated ?? 0,
      status: overrides.status ?? "active",
    },
  });
}

/** Every row inventory reconciliation and assignment write, for one shop: to show a refusal changed nothing. */
export async function inventoryRows(shopId: string) {
  const [lots, events, unassigned, audits] = await Promise.all([
    db().lot.findMany({
      where: { shopId },
      orderBy: { code: "asc" },
      select: { code: true, receivedQuantity: true, onHandQuantity: true },
    }),
    db().lotEvent.count({ where: { shopId } }),
    db().unassignedStock.findMany({ where: { shopId }, select: { id: true, quantity: true } }),
    db().auditEntry.count({ where: { shopId } }),
  ]);
  return { lots, events, unassigned, audits };
}
