// What Lotline holds about one customer: their orders (by customer id, or by email for orders
// placed without one), each line's lots with codes and dates, its serial numbers, and the recall
// notices sent to them. Also the one place that says which orders are a customer's.
import type { Db } from "../db.server";
import type { Prisma } from "../generated/prisma/client.ts";
import type { CustomerRequest } from "./customer-requests";

/** The customer's orders in this shop: by id; by email only where the order has no customer id. */
export function customerOrdersWhere(shopId: string, customer: CustomerRequest): Prisma.OrderRefWhereInput {
  const matches: Prisma.OrderRefWhereInput[] = [];
  if (customer.customerIds.length) matches.push({ customerId: { in: customer.customerIds } });
  if (customer.email)
    matches.push({ customerId: null, customerEmail: { equals: customer.email, mode: "insensitive" } });
  if (customer.orderIds.length) matches.push({ shopifyOrderId: { in: customer.orderIds } });
  // No way to name the customer: match nothing rather than everything.
  return { shopId, OR: matches.length ? matches : [{ id: { in: [] } }] };
}

export async function collectCustomerData(db: Db, shopId: string, customer: CustomerRequest) {
  const orders = await db.orderRef.findMany({
    where: customerOrdersWhere(shopId, customer),
    orderBy: { processedAt: "asc" },
    include: {
      lines: {
        orderBy: { createdAt: "asc" },
        include: {
          allocations: { where: { shopId }, include: { lot: true }, orderBy: { createdAt: "asc" } },
          serialNumbers: { where: { shopId }, select: { serial: true, status: true }, orderBy: { serial: "asc" } },
        },
      },
    },
  });
  return {
    customer: { id: customer.customerIds[0] ?? null, email: customer.email },
    orders: orders.map((order) => ({
      name: order.name,
      shopifyOrderId: order.shopifyOrderId,
      placedAt: order.processedAt.toISOString(),
      cancelledAt: order.cancelledAt?.toISOString() ?? null,
      customerName: order.customerName,
      customerEmail: order.customerEmail,
      customerLocale: order.customerLocale,
      shippingAddress: order.shippingAddress,
      redactedAt: order.redactedAt?.toISOString() ?? null,
      lines: order.lines.map((line) => ({
        title: line.title,
        sku: line.sku,
        quantity: line.quantity,
        lots: line.allocations.map((allocation) => ({
          code: allocation.lot.code,
          productTitle: allocation.lot.productTitle,
          supplierLotCode: allocation.lot.supplierLotCode,
          producedAt: isoDate(allocation.lot.producedAt),
          bestBefore: isoDate(allocation.lot.bestBefore),
          expiresAt: isoDate(allocation.lot.expiresAt),
          quantity: allocation.quantity,
          shippedQuantity: allocation.shippedQuantity,
        })),
        serialNumbers: line.serialNumbers.map((serial) => serial.serial),
      })),
    })),
    recallNotices: await findRecallNoticesForCustomer(db, shopId, customer),
  };
}

export type CustomerData = Awaited<ReturnType<typeof collectCustomerData>>;

/**
 * Recall notices sent to the customer. Lotline has no recall tables yet, so there are none to
 * report; when recalls are built, this is the one function to extend (RecallRecipient rows by
 * customer id or email, with recall, lots, delivery status and acknowledgement).
 */
export async function findRecallNoticesForCustomer(
  _db: Db,
  _shopId: string,
  _customer: CustomerRequest,
): Promise<Array<Record<string, unknown>>> {
  return [];
}

function isoDate(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}
