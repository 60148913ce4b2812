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
 * The customer's recall recipients in this shop: by customer id, by email where the recipient has
 * no customer id, or by one of the customer's orders (a guest recipient may carry only that).
 * `orderRefIds` are the customer's OrderRef ids, read before anything about them is redacted.
 */
export function customerRecipientsWhere(
  shopId: string,
  customer: CustomerRequest,
  orderRefIds: string[],
): Prisma.RecallRecipientWhereInput {
  const matches: Prisma.RecallRecipientWhereInput[] = [];
  if (customer.customerIds.length) matches.push({ customerId: { in: customer.customerIds } });
  if (customer.email) matches.push({ customerId: null, email: { equals: customer.email, mode: "insensitive" } });
  if (orderRefIds.length) matches.push({ orderRefIds: { hasSome: orderRefIds } });
  return { shopId, OR: matches.length ? matches : [{ id: { in: [] } }] };
}

/** Recall notices sent to the customer: which recall, what was sent when, and what they answered. */
export async function findRecallNoticesForCustomer(db: Db, shopId: string, customer: CustomerRequest) {
  const orders = await db.orderRef.findMany({
    where: customerOrdersWhere(shopId, customer),
    select: { id: true, name: true },
  });
  const recipients = await db.recallRecipient.findMany({
    where: customerRecipientsWhere(
      shopId,
      customer,
      orders.map((order) => order.id),
    ),
    orderBy: { createdAt: "asc" },
    include: {
      recall: {
        select: {
          number: true,
          title: true,
          status: true,
          jurisdiction: true,
          sentAt: true,
          closedAt: true,
          lots: { where: { shopId }, select: { lot: { select: { code: true, productTitle: true } } } },
        },
      },
      messages: {
        where: { shopId },
        orderBy: { sequence: "asc" },
        select: { sequence: true, status: true, sentAt: true },
      },
    },
  });
  // Order names for the orders each notice was about (the recipient keeps only ids).
  const orderIds = [...new Set(recipients.flatMap((recipient) => recipient.orderRefIds))];
  const orderNames = new Map(
    (await db.orderRef.findMany({ where: { shopId, id: { in: orderIds } }, select: { id: true, name: true } })).map(
      (order) => [order.id, order.name],
    ),
  );
  return recipients.map((recipient) => ({
    recallNumber: recipient.recall.number,
    recallTitle: recipient.recall.title,
    recallStatus: recipient.recall.status,
    jurisdiction: recipient.recall.jurisdiction,
    recallSentAt: iso(recipient.recall.sentAt),
    lots: recipient.recall.lots.map(({ lot }) => ({ code: lot.code, productTitle: lot.productTitle })),
    orders: recipient.orderRefIds.map((id) => orderNames.get(id)).filter((name) => name !== undefined),
    name: recipient.name,
    email: recipient.email,
    locale: recipient.locale,
    /** When the first notice went out (null: not sent yet, or the customer could not be reached). */
    sentAt: iso(recipient.messages.find((message) => message.sequence === 0)?.sentAt ?? null),
    messages: recipient.messages.map((message) => ({
      kind: message.sequence === 0 ? "notice" : `reminder ${message.sequence}`,
      status: message.status,
      sentAt: iso(message.sentAt),
    })),
    acknowledgedAt: iso(recipient.acknowledgedAt),
    response: recipient.response,
    redactedAt: iso(recipient.redactedAt),
  }));
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

function isoDate(value: Date | null): string | null {
  return value ? value.toISOString().slice(0, 10) : null;
}
