// Rows the allocation tests need, through the real client: lots of a product at a location,
// orders with lines as order sync stores them, and the locked transaction order sync runs
// allocation in.
import { type ReconcileOrderInput, reconcileOrderAllocations } from "../../app/allocation/reconcile-order.server";
import { withRetriedTransaction } from "../../app/allocation/transaction.server";
import type { Db, Prisma } from "../../app/db.server";
import { DEFAULT_SHOP_SETTINGS, type ShopSettings } from "../../app/settings/shop-settings";

export const WAREHOUSE = "gid://shopify/Location/501";
export const SHOP_FRONT = "gid://shopify/Location/502";

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

export interface TestProduct {
  variantId: string;
  productId: string;
  inventoryItemId: string;
  sku: string;
  title: string;
}

/** A made-up variant of a made-up product (ids unique within the test run). */
export function product(title = "Lavender Soap"): TestProduct {
  const n = next();
  return {
    variantId: `gid://shopify/ProductVariant/7${n}`,
    productId: `gid://shopify/Product/7${n}`,
    inventoryItemId: `gid://shopify/InventoryItem/7${n}`,
    sku: `SKU-${n}`,
    title,
  };
}

export async function createLot(
  db: Db,
  shopId: string,
  item: TestProduct,
  input: {
    quantity: number;
    expiresAt?: string | null;
    locationId?: string;
    receivedAt?: string;
    code?: string;
    overrides?: Partial<Prisma.LotUncheckedCreateInput>;
  },
) {
  const n = next();
  return db.lot.create({
    data: {
      shopId,
      code: input.code ?? `LOT-${n}`,
      inventoryItemId: item.inventoryItemId,
      variantId: item.variantId,
      productId: item.productId,
      locationId: input.locationId ?? WAREHOUSE,
      sku: item.sku,
      productTitle: item.title,
      expiresAt: input.expiresAt ? new Date(`${input.expiresAt}T00:00:00Z`) : null,
      receivedAt: new Date(input.receivedAt ?? `2026-01-01T00:00:${String(n % 60).padStart(2, "0")}Z`),
      receivedQuantity: input.quantity,
      onHandQuantity: input.quantity,
      ...input.overrides,
    },
  });
}

export interface LineInput {
  item: TestProduct | null;
  quantity: number;
  fulfilledQuantity?: number;
  returnedQuantity?: number;
  locationId?: string | null;
  title?: string;
}

/** An order as order sync stores it: the OrderRef and one OrderLineRef per line, all pending. */
export async function createOrder(
  db: Db,
  shopId: string,
  input: { lines: LineInput[]; name?: string; cancelledAt?: Date | null },
) {
  const n = next();
  const order = await db.orderRef.create({
    data: {
      shopId,
      shopifyOrderId: `gid://shopify/Order/9${n}`,
      name: input.name ?? `#${1000 + n}`,
      shopifyUpdatedAt: new Date("2026-11-21T10:00:00Z"),
      processedAt: new Date("2026-11-21T10:00:00Z"),
      cancelledAt: input.cancelledAt ?? null,
    },
  });
  await db.orderLineRef.createMany({
    data: input.lines.map((line, i) => ({
      shopId,
      orderRefId: order.id,
      shopifyLineItemId: `gid://shopify/LineItem/9${n}${String(i).padStart(2, "0")}`,
      variantId: line.item?.variantId ?? null,
      productId: line.item?.productId ?? null,
      inventoryItemId: line.item?.inventoryItemId ?? null,
      sku: line.item?.sku ?? null,
      title: line.title ?? line.item?.title ?? "Gift wrapping",
      quantity: line.quantity,
      fulfilledQuantity: line.fulfilledQuantity ?? 0,
      returnedQuantity: line.returnedQuantity ?? 0,
      locationId: line.locationId === undefined ? WAREHOUSE : line.locationId,
    })),
  });
  const lines = await db.orderLineRef.findMany({
    where: { orderRefId: order.id },
    orderBy: { shopifyLineItemId: "asc" },
  });
  return { ...order, lines };
}

/** Runs allocation as order sync does: in a transaction holding the order's row lock. */
export function reconcileLocked(
  db: Db,
  input: Pick<ReconcileOrderInput, "shopId" | "orderRefId"> & Partial<ReconcileOrderInput>,
) {
  return withRetriedTransaction(db, async (tx) => {
    await tx.$queryRaw`SELECT id FROM "OrderRef" WHERE id = ${input.orderRefId}::uuid FOR UPDATE`;
    return reconcileOrderAllocations(tx, {
      actor: "webhook:orders/updated",
      now: new Date("2026-11-21T12:00:00Z"),
      enqueueReturnQuarantine: async () => {},
      ...input,
    });
  });
}

/** Stores the shop's settings row as the Settings page would (defaults for everything not given). */
export async function saveSettings(db: Db, shopId: string, settings: Partial<ShopSettings>) {
  const value = { ...DEFAULT_SHOP_SETTINGS, ...settings } as unknown as Prisma.InputJsonObject;
  await db.setting.upsert({
    where: { shopId_key: { shopId, key: "shop" } },
    create: { shopId, key: "shop", value },
    update: { value },
  });
}
