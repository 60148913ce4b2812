// Orders for the write-back tests and benchmark: placed in the simulated store (so Shopify ids are
// real) and mirrored in Lotline's tables with lots, allocations and serials, the version bumped the
// way the allocation service bumps it.
import { authenticateAdmin } from "../../app/auth.server";
import type { Db } from "../../app/db.server";
import { bumpWriteBackVersion, type PendingWriteBack } from "../../app/orders/write-back-queue.server";
import { executeAdminGraphql } from "../../simulator/admin-api/execute";
import type { SimulatedShopify } from "../../simulator/server";
import type { Store } from "../../simulator/store/store";
import type { Plan } from "../../simulator/store/types";
import { BROWSER_USER_AGENT } from "./simulated-app";
import { TEST_APP_URL } from "./test-env";

let shopCount = 0;

/** A shop in the simulated Shopify where the merchant has opened Lotline (offline session + Shop row). */
export async function shopWithLotline(shopify: SimulatedShopify, options: { plan?: Plan; name?: string } = {}) {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({
    name: options.name ?? `Write-back Soap ${process.pid}-${shopCount}`,
    plan: options.plan,
  });
  const domain = shop.myshopifyDomain;
  const location = locations[0];
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, inventory: { [location.id]: 100_000 } }],
  }).variants[0];
  const candle = shopify.createProduct(domain, {
    title: "Beeswax Candle",
    variants: [{ sku: `CAN-${shopCount}`, inventory: { [location.id]: 100_000 } }],
  }).variants[0];
  const opened = await authenticateAdmin(
    new Request(`${TEST_APP_URL}/app`, {
      headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
    }),
  );
  return { domain, shopId: opened.shop.id, location, soap, candle };
}

export type LotlineShop = Awaited<ReturnType<typeof shopWithLotline>>;

let lotCount = 0;

export async function createLot(
  db: Db,
  shop: LotlineShop,
  overrides: { code?: string; expiresAt?: string | null; bestBefore?: string | null; variant?: "soap" | "candle" } = {},
) {
  lotCount += 1;
  const variant = shop[overrides.variant ?? "soap"];
  return db.lot.create({
    data: {
      shopId: shop.shopId,
      code: overrides.code ?? `SOAP-${String(lotCount).padStart(4, "0")}`,
      inventoryItemId: variant.inventoryItemId,
      variantId: variant.id,
      productId: variant.productId,
      locationId: shop.location.id,
      productTitle: "Lavender Soap",
      expiresAt: overrides.expiresAt === undefined ? new Date("2027-06-30T00:00:00Z") : dateOrNull(overrides.expiresAt),
      bestBefore: dateOrNull(overrides.bestBefore ?? null),
      receivedAt: new Date("2026-11-01T09:00:00Z"),
      receivedQuantity: 100_000,
      onHandQuantity: 100_000,
    },
  });
}

/** Many lots of the shop's soap at once, coded by `code(i)`. */
export async function createLots(db: Db, shop: LotlineShop, count: number, code: (index: number) => string) {
  return db.lot.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({
      shopId: shop.shopId,
      code: code(i),
      inventoryItemId: shop.soap.inventoryItemId,
      variantId: shop.soap.id,
      productId: shop.soap.productId,
      locationId: shop.location.id,
      productTitle: "Lavender Soap",
      receivedAt: new Date("2026-11-01T09:00:00Z"),
      receivedQuantity: 100_000,
      onHandQuantity: 100_000,
    })),
  });
}

function dateOrNull(value: string | null): Date | null {
  return value ? new Date(`${value}T00:00:00Z`) : null;
}

export interface LineAllocationInput {
  lotId: string;
  quantity: number;
  shipped?: number;
  returned?: number;
}

export interface OrderLineInput {
  variant?: "soap" | "candle";
  quantity: number;
  allocations: LineAllocationInput[];
  serials?: string[];
}

/**
 * Places the order in Shopify, mirrors it in Lotline with the given allocations and serials, and
 * bumps the write-back version as the allocation service does. Answers the job payload.
 */
export async function placeAllocatedOrder(
  db: Db,
  shopify: SimulatedShopify,
  shop: LotlineShop,
  input: { lines: OrderLineInput[]; tags?: string[] },
) {
  const placed = shopify.placeOrder(shop.domain, {
    lines: input.lines.map((line) => ({ variantId: shop[line.variant ?? "soap"].id, quantity: line.quantity })),
    tags: input.tags,
  });
  const order = await db.orderRef.create({
    data: {
      shopId: shop.shopId,
      shopifyOrderId: placed.id,
      name: placed.name,
      shopifyUpdatedAt: new Date(placed.updatedAt),
      processedAt: new Date(placed.processedAt),
      allocationStatus: "allocated",
    },
  });
  const lines = [];
  for (const [index, line] of input.lines.entries()) {
    const lineItem = placed.lineItems[index];
    const row = await db.orderLineRef.create({
      data: {
        shopId: shop.shopId,
        orderRefId: order.id,
        shopifyLineItemId: lineItem.id,
        variantId: lineItem.variantId,
        productId: lineItem.productId,
        title: lineItem.title,
        quantity: line.quantity,
        locationId: shop.location.id,
        status: "allocated",
      },
    });
    lines.push(row);
    await setAllocations(db, shop, row.id, line.allocations);
    const lotId = line.allocations[0]?.lotId;
    if (line.serials?.length && lotId) {
      await db.serialNumber.createMany({
        data: line.serials.map((serial) => ({
          shopId: shop.shopId,
          serial,
          lotId,
          productId: lineItem.productId ?? "gid://shopify/Product/0",
          variantId: lineItem.variantId ?? "gid://shopify/ProductVariant/0",
          status: "allocated" as const,
          orderLineId: row.id,
        })),
      });
    }
  }
  const pending = await bump(db, shop.shopId, order.id);
  return { order, placed, lines, pending };
}

/** Replaces a line's allocations (as a re-allocation would) and bumps the order's version. */
export async function reallocateLine(
  db: Db,
  shop: LotlineShop,
  orderRefId: string,
  orderLineId: string,
  allocations: LineAllocationInput[],
): Promise<PendingWriteBack> {
  await db.allocation.deleteMany({ where: { shopId: shop.shopId, orderLineId } });
  await setAllocations(db, shop, orderLineId, allocations);
  return bump(db, shop.shopId, orderRefId);
}

async function setAllocations(db: Db, shop: LotlineShop, orderLineId: string, allocations: LineAllocationInput[]) {
  await db.allocation.createMany({
    data: allocations.map((allocation) => ({
      shopId: shop.shopId,
      orderLineId,
      lotId: allocation.lotId,
      quantity: allocation.quantity,
      shippedQuantity: allocation.shipped ?? 0,
      returnedQuantity: allocation.returned ?? 0,
    })),
  });
}

function bump(db: Db, shopId: string, orderRefId: string): Promise<PendingWriteBack> {
  return db.$transaction((tx) => bumpWriteBackVersion(tx, shopId, orderRefId));
}

/**
 * Spends the shop's Admin API budget with 10-point mutations made outside Lotline's client (which
 * therefore does not know) until less than one mutation's worth is left; answers what is left.
 * Stop the store's clock first, or the bucket refills while the test runs.
 */
export function spendRateLimit(store: Store, shop: LotlineShop): number {
  const available = () => {
    const { body } = executeAdminGraphql({ store, shop: shop.domain, query: "{ shop { id } }" });
    return (body as { extensions: { cost: { throttleStatus: { currentlyAvailable: number } } } }).extensions.cost
      .throttleStatus.currentlyAvailable;
  };
  for (let left = available(); left >= 10; left = available()) {
    const fields = Array.from(
      { length: Math.min(100, Math.floor(left / 10)) },
      (_, i) => `t${i}: tagsAdd(id: "${shop.soap.productId}", tags: ["x"]) { userErrors { message } }`,
    );
    executeAdminGraphql({ store, shop: shop.domain, query: `mutation { ${fields.join("\n")} }` });
  }
  return available();
}

/** A receipt of `quantity` soaps into `lot`, saved and waiting for its Shopify write-back. */
export async function createPendingReceipt(db: Db, shop: LotlineShop, lotId: string, quantity: number) {
  return db.receipt.create({
    data: {
      shopId: shop.shopId,
      locationId: shop.location.id,
      locationCode: "WKS",
      receivedAt: new Date("2026-11-20T10:00:00Z"),
      receivedBy: "user:1",
      lines: {
        create: [
          {
            position: 0,
            lotId,
            variantId: shop.soap.id,
            productId: shop.soap.productId,
            inventoryItemId: shop.soap.inventoryItemId,
            quantity,
          },
        ],
      },
    },
  });
}
