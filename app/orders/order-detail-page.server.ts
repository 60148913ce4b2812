// What an order's page shows: the order and its lines with the lots (and serial numbers) each
// took, where each line ships from, which lines take serial numbers, the order's audit trail and,
// when the merchant is re-allocating a line, the lots that line could take instead. The admin
// extensions' API (app/extension-api) reads and changes orders through the same functions.
import { assignSerials, lineAllocationOptions, reallocateLine } from "../allocation/manual.server";
import { retrieveCachedShopTimeZone } from "../catalog/shop-locations.server";
import { quantityField } from "../components/orders/order-forms";
import { numericId, writeBackState } from "../components/orders/order-status";
import type { Db } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocationNames } from "../shopify/catalog.server";
import { calendarDate, formatInstant } from "../utils/dates";
import { AppError } from "../utils/errors";

const AUDIT_LIMIT = 100;

/**
 * One of the shop's orders (by Lotline id or Shopify gid) with its lines, the lots and serial
 * numbers each took, which lines take serial numbers and which can be re-allocated; null when
 * the shop has no such order.
 */
export async function retrieveOrderWithLines(
  db: Db,
  shopId: string,
  where: { id: string } | { shopifyOrderId: string },
) {
  const order = await db.orderRef.findFirst({
    where: { ...where, shopId },
    include: {
      lines: {
        where: { shopId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: {
          allocations: {
            where: { shopId },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            include: { lot: { select: { id: true, code: true, expiresAt: true, status: true } } },
          },
          serialNumbers: {
            where: { shopId },
            orderBy: { serial: "asc" },
            select: { serial: true, status: true, lot: { select: { code: true } } },
          },
        },
      },
    },
  });
  if (!order) return null;
  const productIds = [...new Set(order.lines.flatMap((line) => (line.productId ? [line.productId] : [])))];
  const rules = await db.productRule.findMany({
    where: { shopId, productId: { in: productIds }, serialTracked: true },
    select: { productId: true },
  });
  const serialTracked = new Set(rules.map((rule) => rule.productId));
  const lines = order.lines.map((line) => ({
    ...line,
    // A product the merchant marked, or a line that already carries serials, takes serial numbers.
    serialTracked: (line.productId !== null && serialTracked.has(line.productId)) || line.serialNumbers.length > 0,
    // Untracked and released lines have nothing a lot could be chosen for.
    canReallocate: line.status !== "untracked" && line.status !== "released" && order.cancelledAt === null,
  }));
  return { order, lines };
}

export async function loadOrderDetailPage(
  db: Db,
  input: { shopId: string; orderId: string; graphql: AdminGraphql; reallocateLineId?: string | null },
) {
  const { shopId } = input;
  const found = await retrieveOrderWithLines(db, shopId, { id: input.orderId });
  if (!found) throw new AppError("NOT_FOUND", "This order does not exist in your shop.");
  const { order, lines } = found;

  const lineIds = lines.map((line) => line.id);
  const reallocating = lines.find((line) => line.id === input.reallocateLineId) ?? null;
  const [timeZone, names, audit] = await Promise.all([
    retrieveCachedShopTimeZone(db, shopId, async () => input.graphql),
    fetchLocationNames(input.graphql),
    db.auditEntry.findMany({
      where: { shopId, subjectId: { in: [order.id, ...lineIds] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: AUDIT_LIMIT,
    }),
  ]);
  // The shop's zone decides which lots count as expired today among the re-allocate choices.
  const options = reallocating ? await lineAllocationOptions(db, shopId, reallocating.id, { timeZone }) : null;
  const lineTitles = new Map(lines.map((line) => [line.id, line.title]));

  return {
    order: {
      id: order.id,
      name: order.name,
      adminUrl: `shopify:admin/orders/${numericId(order.shopifyOrderId)}`,
      placedAt: formatInstant(order.processedAt, timeZone),
      customer: order.customerName ?? order.customerEmail ?? null,
      cancelled: order.cancelledAt !== null,
      status: order.allocationStatus,
      attentionReason: order.attentionReason,
      writeBack: writeBackState(order),
    },
    lines: lines.map((line) => ({
      id: line.id,
      title: line.title,
      sku: line.sku,
      quantity: line.quantity,
      shipped: line.fulfilledQuantity,
      returned: line.returnedQuantity,
      location: line.locationId
        ? (names.get(line.locationId) ?? `Location ${numericId(line.locationId)}`)
        : "Not assigned yet",
      status: line.status,
      attentionReason: line.attentionReason,
      serialTracked: line.serialTracked,
      canReallocate: line.canReallocate,
      allocations: line.allocations.map((allocation) => ({
        id: allocation.id,
        lotId: allocation.lot.id,
        lotCode: allocation.lot.code,
        lotStatus: allocation.lot.status,
        expiresAt: calendarDate(allocation.lot.expiresAt),
        quantity: allocation.quantity,
        shipped: allocation.shippedQuantity,
        returned: allocation.returnedQuantity,
        pinned: allocation.pinned,
      })),
      serials: line.serialNumbers.map((serial) => ({
        serial: serial.serial,
        status: serial.status,
        lotCode: serial.lot.code,
      })),
    })),
    reallocation: reallocating && options ? { lineId: reallocating.id, options: reallocationOptions(options) } : null,
    audit: audit.map((entry) => ({
      id: entry.id,
      at: formatInstant(entry.createdAt, timeZone),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subjectId ? (lineTitles.get(entry.subjectId) ?? null) : null,
      reason: reasonOf(entry.details),
    })),
  };
}

type AllocationOptions = Awaited<ReturnType<typeof lineAllocationOptions>>;

/** The candidate lots as the re-allocate form lists them. */
function reallocationOptions(options: AllocationOptions) {
  return options.map((option) => ({
    lotId: option.lotId,
    code: option.code,
    expiresAt: calendarDate(option.expiresAt),
    status: option.status,
    available: option.available,
    allocatedToLine: option.allocatedToLine,
    excludedReason: option.excludedReason,
  }));
}

function reasonOf(details: unknown): string | null {
  if (details && typeof details === "object" && "reason" in details) {
    const reason = (details as { reason: unknown }).reason;
    return typeof reason === "string" ? reason : null;
  }
  return null;
}

/** The line, if it is one of this order's lines in this shop; NOT_FOUND otherwise (a stale page, another order). */
async function requireOrderLine(db: Db, input: { shopId: string; orderId: string; orderLineId: string }) {
  const line = await db.orderLineRef.findFirst({
    where: { id: input.orderLineId, shopId: input.shopId, orderRefId: input.orderId },
    select: { id: true, title: true },
  });
  if (!line) throw new AppError("NOT_FOUND", "This line is not part of this order. Reload the page and try again.");
  return line;
}

/** The lots one line of the order could take instead, as the re-allocate choices list them. */
export async function listLineLotOptions(
  db: Db,
  input: { shopId: string; orderId: string; orderLineId: string; graphql: AdminGraphql },
) {
  const line = await requireOrderLine(db, input);
  const timeZone = await retrieveCachedShopTimeZone(db, input.shopId, async () => input.graphql);
  return reallocationOptions(await lineAllocationOptions(db, input.shopId, line.id, { timeZone }));
}

/** The merchant's choice of lots for one line of the order (pinned, audited, written back to Shopify). */
export async function reallocateOrderLine(
  db: Db,
  input: {
    shopId: string;
    orderId: string;
    orderLineId: string;
    lots: { lotId: string; quantity: number }[];
    reason: string;
    actor: string;
    graphql: AdminGraphql;
  },
) {
  const line = await requireOrderLine(db, input);
  // Cached like order sync's, so the merchant's top-up follows the same shelf-life days.
  const timeZone = await retrieveCachedShopTimeZone(db, input.shopId, async () => input.graphql);
  try {
    const result = await reallocateLine(db, {
      shopId: input.shopId,
      orderLineId: line.id,
      lots: input.lots,
      reason: input.reason,
      actor: input.actor,
      timeZone,
    });
    return { ...result, title: line.title };
  } catch (error) {
    throw onFormFields(error, input.lots);
  }
}

/** The allocation service names lots by their place in the list; the form names them by lot id. */
function onFormFields(error: unknown, lots: { lotId: string }[]): unknown {
  if (!(error instanceof AppError)) return error;
  const fields: Record<string, string> = {};
  for (const [name, message] of Object.entries(error.fields)) {
    const indexed = /^lots\.(\d+)\.\w+$/.exec(name);
    const lot = indexed ? lots[Number(indexed[1])] : undefined;
    // A lot-level problem is explained by the message; the field shows it too when it has no text.
    fields[lot ? quantityField(lot.lotId) : name] = message || error.message;
  }
  return new AppError(error.kind, error.message, fields);
}

/** Serial numbers the merchant scanned for one serial-tracked line of the order. */
export async function enterLineSerials(
  db: Db,
  input: { shopId: string; orderId: string; orderLineId: string; serials: string[]; actor: string },
) {
  const line = await requireOrderLine(db, input);
  await assignSerials(db, { shopId: input.shopId, orderLineId: line.id, serials: input.serials, actor: input.actor });
  return { title: line.title, count: input.serials.length };
}
