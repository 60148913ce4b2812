// The rows an order snapshot becomes: the OrderRef columns, its lines' columns, and the reads
// and inserts of them that order sync shares between one order and a batch of new ones.
import { newRowId } from "../allocation/row-ids";
import type { ResolvedVariant } from "../catalog/variant-cache.server";
import { Prisma } from "../generated/prisma/client.ts";
import type { OrderSnapshot, StoredOrderState } from "./order-snapshot";

export async function storedState(
  tx: Prisma.TransactionClient,
  shopId: string,
  orderRefId: string,
): Promise<StoredOrderState> {
  const order = await tx.orderRef.findUniqueOrThrow({
    where: { id: orderRefId, shopId },
    select: {
      shopifyUpdatedAt: true,
      cancelledAt: true,
      closedAt: true,
      financialStatus: true,
      fulfillmentStatus: true,
      lines: {
        select: {
          shopifyLineItemId: true,
          variantId: true,
          quantity: true,
          fulfilledQuantity: true,
          returnedQuantity: true,
          locationId: true,
        },
      },
    },
  });
  return {
    ...order,
    lines: order.lines.map(({ shopifyLineItemId, ...line }) => ({ lineItemId: shopifyLineItemId, ...line })),
  };
}

/**
 * The OrderRef columns a snapshot sets on a known order; personal data stays out once the customer
 * was redacted. A new order's row gets the same columns from insertNewOrders.
 */
export function orderFields(snapshot: OrderSnapshot, redacted: boolean) {
  const order = {
    shopifyOrderId: snapshot.orderId,
    name: snapshot.name,
    shopifyUpdatedAt: snapshot.updatedAt,
    processedAt: snapshot.processedAt,
    cancelledAt: snapshot.cancelledAt,
    closedAt: snapshot.closedAt,
    financialStatus: snapshot.financialStatus,
    fulfillmentStatus: snapshot.fulfillmentStatus,
  };
  if (redacted) return order;
  return {
    ...order,
    customerId: snapshot.customer.id,
    customerEmail: snapshot.customer.email,
    customerName: snapshot.customer.name,
    ...(snapshot.customer.locale === undefined ? {} : { customerLocale: snapshot.customer.locale }),
    ...(snapshot.customer.tags === undefined ? {} : { customerTags: snapshot.customer.tags }),
    ...(snapshot.company.id === undefined ? {} : { companyId: snapshot.company.id }),
    companyName: snapshot.company.name,
    shippingAddress: snapshot.shippingAddress
      ? (snapshot.shippingAddress as unknown as Prisma.InputJsonObject)
      : Prisma.DbNull,
  };
}

/** Each line's OrderLineRef columns, filling product, inventory item and SKU from the variant. */
export function lineFields(snapshot: OrderSnapshot, variants: Map<string, ResolvedVariant>) {
  return snapshot.lines.map((line) => {
    const variant = line.variantId ? variants.get(line.variantId) : undefined;
    const fields = {
      variantId: line.variantId,
      productId: line.productId ?? variant?.productId ?? null,
      inventoryItemId: variant?.inventoryItemId ?? null,
      sku: line.sku ?? variant?.sku ?? null,
      title: line.title,
      quantity: line.quantity,
      fulfilledQuantity: line.fulfilledQuantity,
      returnedQuantity: line.returnedQuantity,
      locationId: line.locationId,
    };
    return { lineItemId: line.lineItemId, fields };
  });
}

/**
 * New orders' lines, all of them new: one INSERT for any number of orders, raw because every new
 * order pays for it. Ids are UUIDv7 made in snapshot order, the order reconcile reads lines in.
 */
export async function insertNewLines(
  tx: Prisma.TransactionClient,
  shopId: string,
  orders: { orderRefId: string; lines: ReturnType<typeof lineFields> }[],
): Promise<void> {
  const rows = orders.flatMap(({ orderRefId, lines }) => lines.map((line) => ({ orderRefId, ...line })));
  const now = new Date();
  const column = <T>(read: (line: (typeof rows)[number]) => T) => rows.map(read);
  await tx.$executeRaw`
    INSERT INTO "OrderLineRef" ("id", "shopId", "orderRefId", "shopifyLineItemId", "variantId", "productId",
      "inventoryItemId", "sku", "title", "quantity", "fulfilledQuantity", "returnedQuantity", "locationId",
      "createdAt", "updatedAt")
    SELECT d.id, ${shopId}::uuid, d.order_ref, d.item, d.variant, d.product, d.inventory_item, d.sku,
      d.title, d.quantity, d.fulfilled, d.returned, d.location, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(
      ${column(() => newRowId())}::uuid[], ${column((line) => line.orderRefId)}::uuid[],
      ${column((line) => line.lineItemId)}::text[],
      ${column((line) => line.fields.variantId)}::text[], ${column((line) => line.fields.productId)}::text[],
      ${column((line) => line.fields.inventoryItemId)}::text[], ${column((line) => line.fields.sku)}::text[],
      ${column((line) => line.fields.title)}::text[], ${column((line) => line.fields.quantity)}::int[],
      ${column((line) => line.fields.fulfilledQuantity)}::int[],
      ${column((line) => line.fields.returnedQuantity)}::int[], ${column((line) => line.fields.locationId)}::text[]
    ) AS d(id, order_ref, item, variant, product, inventory_item, sku, title, quantity, fulfilled, returned, location)`;
}

/**
 * Inserts orders Lotline has not seen, one statement for any number; returns the new rows' ids by
 * Shopify order id. An order already there (another delivery won the race) is left as it is and
 * missing from the answer. Rows go in order-id order, so two batches that share orders cannot
 * deadlock on the unique index.
 */
export async function insertNewOrders(
  tx: Prisma.TransactionClient,
  shopId: string,
  snapshots: OrderSnapshot[],
): Promise<Map<string, string>> {
  const now = new Date();
  const column = <T>(read: (snapshot: OrderSnapshot) => T) => snapshots.map(read);
  const rows = await tx.$queryRaw<{ id: string; shopifyOrderId: string }[]>`
    INSERT INTO "OrderRef" ("id", "shopId", "shopifyOrderId", "name", "shopifyUpdatedAt", "processedAt",
      "cancelledAt", "closedAt", "financialStatus", "fulfillmentStatus", "customerId", "customerEmail",
      "customerName", "customerLocale", "customerTags", "companyId", "companyName", "shippingAddress",
      "createdAt", "updatedAt")
    SELECT d.id, ${shopId}::uuid, d.order_id, d.name, d.updated, d.processed, d.cancelled, d.closed, d.financial,
      d.fulfillment, d.customer_id, d.email, d.customer_name, d.locale,
      COALESCE(ARRAY(SELECT json_array_elements_text(d.tags::json)), '{}'), d.company_id, d.company_name,
      d.address::jsonb, ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(
      ${column(() => newRowId())}::uuid[], ${column((o) => o.orderId)}::text[], ${column((o) => o.name)}::text[],
      ${column((o) => o.updatedAt)}::timestamp(3)[], ${column((o) => o.processedAt)}::timestamp(3)[],
      ${column((o) => o.cancelledAt)}::timestamp(3)[], ${column((o) => o.closedAt)}::timestamp(3)[],
      ${column((o) => o.financialStatus)}::text[], ${column((o) => o.fulfillmentStatus)}::text[],
      ${column((o) => o.customer.id)}::text[], ${column((o) => o.customer.email)}::text[],
      ${column((o) => o.customer.name)}::text[], ${column((o) => o.customer.locale ?? null)}::text[],
      ${column((o) => JSON.stringify(o.customer.tags ?? []))}::text[], ${column((o) => o.company.id ?? null)}::text[],
      ${column((o) => o.company.name)}::text[],
      ${column((o) => (o.shippingAddress ? JSON.stringify(o.shippingAddress) : null))}::text[]
    ) AS d(id, order_id, name, updated, processed, cancelled, closed, financial, fulfillment,
      customer_id, email, customer_name, locale, tags, company_id, company_name, address)
    ORDER BY d.order_id
    ON CONFLICT ("shopId", "shopifyOrderId") DO NOTHING
    RETURNING "id", "shopifyOrderId"`;
  return new Map(rows.map((row) => [row.shopifyOrderId, row.id]));
}
