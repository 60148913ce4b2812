// What the admin order block and action read and change: an order's lines with their lots and
// serial numbers, the lots a line could take instead, and the merchant's two corrections. The
// same domain code and input checks as the order's page in Lotline; only the shapes differ.
import { z } from "zod";
import { parseReallocation, parseSerials, QUANTITY_PREFIX } from "../components/orders/order-forms";
import type { Db } from "../db.server";
import {
  enterLineSerials,
  listLineLotOptions,
  reallocateOrderLine,
  retrieveOrderWithLines,
} from "../orders/order-detail-page.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { calendarDate } from "../utils/dates";
import { AppError } from "../utils/errors";
import { shopifyGid } from "../utils/shopify-gid";
import { BadRequest } from "./extension-answer.server";
import type { ActionResult, LineLotOptionsResponse, OrderLotsLine, OrderLotsResponse } from "./types";

const ORDER_NOT_IN_SHOP = "This order is not in your shop.";

/** The order's gid from the numeric id in the path; anything else cannot name one of the shop's orders. */
export function orderGid(numericId: string | undefined): string {
  const gid = shopifyGid("Order", numericId);
  if (!gid) throw new AppError("NOT_FOUND", ORDER_NOT_IN_SHOP);
  return gid;
}

/**
 * The order block's data in one read, without asking Shopify: expiry dates are calendar dates
 * already. An order Lotline has not seen yet is "not_processed"; one another shop holds is 404.
 */
export async function loadOrderLots(db: Db, shopId: string, shopifyOrderId: string): Promise<OrderLotsResponse> {
  const found = await retrieveOrderWithLines(db, shopId, { shopifyOrderId });
  if (!found) {
    const elsewhere = await db.orderRef.findFirst({
      where: { shopifyOrderId, shopId: { not: shopId } },
      select: { id: true },
    });
    if (elsewhere) throw new AppError("NOT_FOUND", ORDER_NOT_IN_SHOP);
    return {
      order: { id: null, shopifyOrderId, name: null, status: "not_processed", attentionReason: null, appPath: null },
      lines: [],
    };
  }
  const { order, lines } = found;
  return {
    order: {
      id: order.id,
      shopifyOrderId: order.shopifyOrderId,
      name: order.name,
      status: order.allocationStatus,
      attentionReason: order.attentionReason,
      appPath: `/app/orders/${order.id}`,
    },
    lines: lines.map(
      (line): OrderLotsLine => ({
        id: line.id,
        shopifyLineItemId: line.shopifyLineItemId,
        title: line.title,
        sku: line.sku,
        quantity: line.quantity,
        shipped: line.fulfilledQuantity,
        status: line.status,
        attentionReason: line.attentionReason,
        serialTracked: line.serialTracked,
        serialsMissing: line.serialTracked ? Math.max(0, line.quantity - line.serialNumbers.length) : 0,
        canReallocate: line.canReallocate,
        lots: line.allocations.map((allocation) => ({
          lotId: allocation.lot.id,
          code: allocation.lot.code,
          expiresAt: calendarDate(allocation.lot.expiresAt),
          quantity: allocation.quantity,
          shipped: allocation.shippedQuantity,
          lotStatus: allocation.lot.status,
        })),
        serials: line.serialNumbers.map((serial) => ({
          serial: serial.serial,
          lotCode: serial.lot.code,
          status: serial.status,
        })),
      }),
    ),
  };
}

/** Lotline's id of one of the shop's orders; actions need an order Lotline has processed. */
async function requireOrderId(db: Db, shopId: string, shopifyOrderId: string): Promise<string> {
  const order = await db.orderRef.findFirst({ where: { shopId, shopifyOrderId }, select: { id: true } });
  if (!order) {
    throw new AppError("NOT_FOUND", `${ORDER_NOT_IN_SHOP} If it was just placed, wait a moment and try again.`);
  }
  return order.id;
}

export async function loadLineLotOptions(
  db: Db,
  input: { shopId: string; shopifyOrderId: string; lineId: string | undefined; graphql: AdminGraphql },
): Promise<LineLotOptionsResponse> {
  const orderId = await requireOrderId(db, input.shopId, input.shopifyOrderId);
  // The line options check the line is in this order; an id that is no row id cannot be.
  const lineId = z.uuid().safeParse(input.lineId);
  if (!lineId.success) throw new AppError("NOT_FOUND", "This line is not part of this order.");
  const options = await listLineLotOptions(db, { ...input, orderId, orderLineId: lineId.data });
  return { lineId: lineId.data, options };
}

const reallocateBody = z.object({
  lineId: z.string().optional(),
  reason: z.string().optional(),
  lots: z.array(z.object({ lotId: z.uuid(), quantity: z.number() })).max(500),
});

const serialsBody = z.object({
  lineId: z.string().optional(),
  serials: z.array(z.string()).max(10_000),
});

const NO_LINE = "Say which line: lineId must be the id of one of the order's lines.";

/** The API names a lot's field "lots.<lotId>"; the order page's form names it "quantity.<lotId>". */
function lotField(lotId: string): string {
  return `lots.${lotId}`;
}

function withLotFields(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([name, message]) => [
      name.startsWith(QUANTITY_PREFIX) ? lotField(name.slice(QUANTITY_PREFIX.length)) : name,
      message,
    ]),
  );
  return new AppError(error.kind, error.message, fields);
}

/** Parse problems: an unreadable line id is a malformed request (400), named fields are 422. */
function refuseParsed(parsed: { message: string; fields: Record<string, string> }): never {
  if (Object.keys(parsed.fields).length === 0) throw new BadRequest(NO_LINE);
  throw new AppError("INVALID_DATA", parsed.message, parsed.fields);
}

function readBody<T>(schema: z.ZodType<T>, body: unknown, expected: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BadRequest(`The request could not be read: send ${expected}.`);
  return parsed.data;
}

export async function reallocateFromExtension(
  db: Db,
  input: { shopId: string; shopifyOrderId: string; body: unknown; actor: string; graphql: AdminGraphql },
): Promise<ActionResult> {
  const body = readBody(
    reallocateBody,
    input.body,
    '{ "lineId", "reason", "lots": [{ "lotId", "quantity" }] } as JSON',
  );
  const parsed = parseReallocation(
    {
      lineId: body.lineId,
      reason: body.reason,
      quantities: body.lots.map((lot) => ({ lotId: lot.lotId, text: String(lot.quantity) })),
    },
    lotField,
  );
  if (!parsed.ok) refuseParsed(parsed);
  const orderId = await requireOrderId(db, input.shopId, input.shopifyOrderId);
  try {
    const result = await reallocateOrderLine(db, {
      shopId: input.shopId,
      orderId,
      ...parsed.input,
      actor: input.actor,
      graphql: input.graphql,
    });
    return {
      ok: true,
      message: result.changed
        ? `${result.title} now ships from the lots you chose.`
        : `${result.title} already ships from these lots; nothing changed.`,
      fields: {},
    };
  } catch (error) {
    throw withLotFields(error);
  }
}

export async function enterSerialsFromExtension(
  db: Db,
  input: { shopId: string; shopifyOrderId: string; body: unknown; actor: string },
): Promise<ActionResult> {
  const body = readBody(serialsBody, input.body, '{ "lineId", "serials": ["…"] } as JSON');
  const parsed = parseSerials(body.lineId, body.serials);
  if (!parsed.ok) refuseParsed(parsed);
  const orderId = await requireOrderId(db, input.shopId, input.shopifyOrderId);
  const saved = await enterLineSerials(db, { shopId: input.shopId, orderId, ...parsed.input, actor: input.actor });
  return {
    ok: true,
    message: `${saved.count} ${saved.count === 1 ? "serial number" : "serial numbers"} saved for ${saved.title}.`,
    fields: {},
  };
}
