// Shops with something to recall, built in bulk with set-based SQL so the same factory serves a
// test with 12 order lines and the benchmark with 100,000: lots, one order per affected line with
// the customer's details, allocations with shipped quantities, and the ledger rows behind them.
import { randomInt } from "node:crypto";
import type { Db } from "../../app/db.server";
import type { RecallDraftInput } from "../../app/recalls/recall-input";
import { createRecallDraft } from "../../app/recalls/recalls.server";
import { createShop } from "./factories";

export const RECALL_WAREHOUSE = "gid://shopify/Location/601";
export const RECALL_SHOP_FRONT = "gid://shopify/Location/602";

export interface SeedRecallShopOptions {
  /** Lots of one product ("Lavender Soap"), spread over `locations` in turn. Default 1. */
  lots?: number;
  /** Distinct customers. Default 10. */
  customers: number;
  /** Orders per customer; each order has one line allocated to one lot (lots taken in turn). Default 1. */
  linesPerCustomer?: number;
  /** Total order lines instead of customers × linesPerCustomer (e.g. 100,000 over 40,000 customers). */
  lines?: number;
  /** Units per line. Default 1. */
  unitsPerLine?: number;
  /** Share (0..1) of lines already shipped; the rest are allocated but unshipped. Default 1. */
  shippedShare?: number;
  /** Share (0..1) of customers with no email (unreachable). Default 0. */
  unreachableShare?: number;
  /** Units of each lot still on the shelf, not allocated. Default 5. */
  inStockPerLot?: number;
  /** Locations the lots are at, in turn. Default [RECALL_WAREHOUSE]. */
  locations?: string[];
  /** Seed into this shop instead of a new one. */
  shop?: { id: string; domain: string };
}

export interface SeededRecallShop {
  shop: { id: string; domain: string; name: string | null };
  lots: { id: string; code: string; locationId: string }[];
  /** Order lines (= orders) created. */
  lines: number;
  /** Customer number n has email `customer<n>@<tag>.example` (unless unreachable) and id `gid://shopify/Customer/<base+n>`. */
  emailDomain: string;
}

/**
 * Line (= order) g, 0-based, belongs to customer floor(g * customers / lines) — with the default
 * `lines` that is orders c*linesPerCustomer .. +linesPerCustomer-1 of customer c — and goes to lot g % lots. Which lines are shipped and which customers are unreachable is spread evenly
 * (line g is shipped when floor((g+1)*share) > floor(g*share)), so counts are exact:
 * shipped lines = floor(lines * shippedShare), unreachable customers = floor(customers * unreachableShare).
 * Customer names are "Customer <c>", order names "#R<base+g>".
 */
export async function seedRecallShop(db: Db, options: SeedRecallShopOptions): Promise<SeededRecallShop> {
  const lotCount = options.lots ?? 1;
  const customers = options.customers;
  const linesPerCustomer = options.linesPerCustomer ?? 1;
  const units = options.unitsPerLine ?? 1;
  const shippedShare = options.shippedShare ?? 1;
  const unreachableShare = options.unreachableShare ?? 0;
  const inStock = options.inStockPerLot ?? 5;
  const locations = options.locations ?? [RECALL_WAREHOUSE];
  const shop = options.shop
    ? await db.shop.findUniqueOrThrow({ where: { id: options.shop.id } })
    : await createShop(db);
  // Shopify ids are unique per shop; a random base lets one shop be seeded more than once.
  const base = randomInt(1, 2 ** 40);
  const tag = `r${base.toString(36)}`;
  const product = `gid://shopify/Product/8${base}`;
  const variant = `gid://shopify/ProductVariant/8${base}`;
  const item = `gid://shopify/InventoryItem/8${base}`;

  await db.lot.createMany({
    data: Array.from({ length: lotCount }, (_, i) => ({
      shopId: shop.id,
      code: `RC-${tag}-${i + 1}`.toUpperCase(),
      inventoryItemId: item,
      variantId: variant,
      productId: product,
      locationId: locations[i % locations.length],
      sku: "LAV-100",
      productTitle: "Lavender Soap",
      supplierLotCode: `SUP-${i + 1}`,
      expiresAt: new Date("2027-10-01T00:00:00Z"),
      receivedAt: new Date("2026-09-01T09:00:00Z"),
      receivedQuantity: 0,
      onHandQuantity: 0,
    })),
  });
  const lots = await db.lot.findMany({
    where: { shopId: shop.id, code: { startsWith: `RC-${tag}-`.toUpperCase() } },
    select: { id: true, code: true, locationId: true },
  });
  lots.sort((a, b) => Number(a.code.split("-").at(-1)) - Number(b.code.split("-").at(-1)));
  const lotIds = lots.map((lot) => lot.id);
  const lines = options.lines ?? customers * linesPerCustomer;

  // One statement: the orders, their lines, allocations and ledger rows. Foreign keys are checked
  // at the end of the statement, so the parents inserted by earlier CTEs satisfy them.
  await db.$executeRawUnsafe(
    `
    WITH lines AS (
      SELECT g,
             (g::bigint * $5::int / $2::int)::int AS c,
             (floor((g + 1) * $7::float8) > floor(g * $7::float8)) AS shipped,
             ($3::uuid[])[1 + g % $4::int] AS lot_id,
             gen_random_uuid() AS order_id,
             gen_random_uuid() AS line_id,
             timestamp '2026-10-01 10:00:00' + (g % 1000) * interval '1 minute' AS at
      FROM generate_series(0, $2::int - 1) AS g
    ), src AS (
      SELECT *, (floor((c + 1) * $8::float8) > floor(c * $8::float8)) AS unreachable FROM lines
    ), orders AS (
      INSERT INTO "OrderRef" (id, "shopId", "shopifyOrderId", name, "shopifyUpdatedAt", "processedAt",
        "financialStatus", "fulfillmentStatus", "customerId", "customerEmail", "customerName", "customerLocale",
        "allocationStatus", "updatedAt")
      SELECT order_id, $1::uuid, 'gid://shopify/Order/' || ($9::bigint + g), '#R' || ($9::bigint + g), at, at,
        'paid', CASE WHEN shipped THEN 'fulfilled' ELSE NULL END,
        'gid://shopify/Customer/' || ($9::bigint + c),
        CASE WHEN unreachable THEN NULL ELSE 'customer' || c || '@' || $10 END,
        'Customer ' || c, 'en', 'allocated'::"OrderAllocationStatus", now()
      FROM src
    ), order_lines AS (
      INSERT INTO "OrderLineRef" (id, "shopId", "orderRefId", "shopifyLineItemId", "variantId", "productId",
        "inventoryItemId", sku, title, quantity, "fulfilledQuantity", "locationId", status, "updatedAt")
      SELECT line_id, $1::uuid, order_id, 'gid://shopify/LineItem/' || ($9::bigint + g), $11, $12, $13, 'LAV-100',
        'Lavender Soap', $6::int, CASE WHEN shipped THEN $6::int ELSE 0 END, lot."locationId",
        'allocated'::"LineAllocationStatus", now()
      FROM src JOIN "Lot" lot ON lot.id = src.lot_id
    ), allocations AS (
      INSERT INTO "Allocation" (id, "shopId", "orderLineId", "lotId", quantity, "shippedQuantity", "updatedAt")
      SELECT gen_random_uuid(), $1::uuid, line_id, lot_id, $6::int, CASE WHEN shipped THEN $6::int ELSE 0 END, now()
      FROM src
    )
    INSERT INTO "LotEvent" (id, "shopId", "lotId", type, quantity, "occurredAt", "orderLineId", actor)
    SELECT gen_random_uuid(), $1::uuid, lot_id, 'allocated'::"LotEventType", 0, at, line_id, 'webhook:orders/create'
    FROM src
    UNION ALL
    SELECT gen_random_uuid(), $1::uuid, lot_id, 'shipped'::"LotEventType", -$6::int, at + interval '1 day', line_id,
      'webhook:fulfillments/create'
    FROM src WHERE shipped
    `,
    shop.id,
    lines,
    lotIds,
    lotCount,
    customers,
    units,
    shippedShare,
    unreachableShare,
    base,
    `${tag}.example`,
    variant,
    product,
    item,
  );

  // Lot quantities as allocation leaves them: on hand counts allocated-but-unshipped units too.
  await db.$executeRawUnsafe(
    `
    WITH totals AS (
      SELECT lot.id, COALESCE(sum(a.quantity), 0)::int AS allocated, COALESCE(sum(a."shippedQuantity"), 0)::int AS shipped
      FROM "Lot" lot LEFT JOIN "Allocation" a ON a."lotId" = lot.id AND a."shopId" = lot."shopId"
      WHERE lot.id = ANY($1::uuid[]) GROUP BY lot.id
    )
    UPDATE "Lot" lot SET "receivedQuantity" = totals.allocated + $2::int,
      "onHandQuantity" = totals.allocated - totals.shipped + $2::int,
      "allocatedQuantity" = totals.allocated - totals.shipped
    FROM totals WHERE lot.id = totals.id
    `,
    lotIds,
    inStock,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "LotEvent" (id, "shopId", "lotId", type, quantity, "occurredAt", actor)
     SELECT gen_random_uuid(), "shopId", id, 'received'::"LotEventType", "receivedQuantity", "receivedAt", 'user:seed'
     FROM "Lot" WHERE id = ANY($1::uuid[])`,
    lotIds,
  );
  return { shop: { id: shop.id, domain: shop.domain, name: shop.name }, lots, lines, emailDomain: `${tag}.example` };
}

/** A draft with every field a notice needs, so `sendRecall` accepts it; override any field. */
export function completeRecallInput(lotIds: string[], overrides: Partial<RecallDraftInput> = {}): RecallDraftInput {
  return {
    title: "Lavender Soap — possible contamination",
    jurisdiction: "generic",
    severity: "high",
    reason: "A supplier reported that one batch of lavender oil may contain a skin irritant.",
    hazard: "May cause skin irritation or a rash.",
    customerActions: ["stop_using", "return"],
    remedies: ["refund"],
    contactEmail: "recalls@example.com",
    lotIds,
    ...overrides,
  };
}

/** A saved, complete draft recall of `lotIds`, as the merchant's form would create it. */
export function createDraftRecall(
  db: Db,
  shop: { id: string },
  lotIds: string[],
  overrides: Partial<RecallDraftInput> = {},
) {
  return createRecallDraft(db, {
    shopId: shop.id,
    input: completeRecallInput(lotIds, overrides),
    actor: "user:1",
  });
}
