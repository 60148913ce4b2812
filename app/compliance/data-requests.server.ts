// The customers/data_request results a merchant sends on to the customer: listed newest first,
// and one downloadable as JSON. Always within the merchant's own shop.
import type { Db } from "../db.server";
import { AppError } from "../utils/errors";

export const DATA_REQUESTS_SHOWN = 50;

export async function listCustomerDataRequests(db: Db, shopId: string) {
  const rows = await db.customerDataRequest.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take: DATA_REQUESTS_SHOWN,
  });
  return rows.map((row) => ({
    id: row.id,
    requestId: row.requestId,
    customerId: row.customerId,
    customerEmail: row.customerEmail,
    createdAt: row.createdAt,
    orders: Array.isArray((row.data as { orders?: unknown }).orders)
      ? (row.data as { orders: unknown[] }).orders.length
      : 0,
  }));
}

export async function retrieveCustomerDataRequest(db: Db, shopId: string, id: string) {
  const row = await db.customerDataRequest.findFirst({ where: { id, shopId } });
  if (!row) throw new AppError("NOT_FOUND", "This customer data request does not exist in your shop.");
  return row;
}

/** The file the merchant sends: what Shopify asked for, when, and everything found. */
export function dataRequestDocument(row: Awaited<ReturnType<typeof retrieveCustomerDataRequest>>) {
  return {
    shopifyDataRequestId: row.requestId,
    collectedAt: row.createdAt.toISOString(),
    ...(row.data as Record<string, unknown>),
  };
}
