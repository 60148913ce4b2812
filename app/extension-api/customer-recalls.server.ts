// What the customer account order status block reads and writes: the recalls that touch one of
// the signed-in customer's own orders, each with the notice as that customer got it by email, and
// "I have read this notice" recorded on their recall recipient row.

import type { Db } from "../db.server";
import { findShop } from "../models/shop.server";
import { recordAcknowledgement } from "../recalls/acknowledgement.server";
import { loadNoticeContexts } from "../recalls/notice-context.server";
import { renderNotice } from "../recalls/notice-render";
import { isSerialInRange, parseSerialRange } from "../recalls/recall-input";
import { AppError } from "../utils/errors";
import { shopifyGid } from "../utils/shopify-gid";
import type { CustomerAcknowledgeResponse, CustomerOrderRecallsResponse } from "./types";

/** Who asks (from the session token) and about which order (the numeric Shopify order id). */
export interface CustomerOrderKey {
  shopDomain: string;
  /** gid://shopify/Customer/<n>; null when the token names no signed-in customer. */
  customerId: string | null;
  orderId: string;
}

type CustomerRecall = CustomerOrderRecallsResponse["recalls"][number];

const ORDER_NOT_FOUND =
  "This order is not one of yours in this shop, or the shop has not shared its lot records for it yet.";

export async function retrieveCustomerOrderRecalls(
  db: Db,
  key: CustomerOrderKey,
  now: Date = new Date(),
): Promise<CustomerOrderRecallsResponse> {
  const order = await findCustomerOrder(db, key);
  const touching = await listRecallsTouchingOrder(db, order);
  const recalls: CustomerRecall[] = [];
  for (const recall of touching) {
    const notice = recall.recipient ? await noticeParagraphsFor(db, order.shopId, recall.id, recall.recipient.id) : [];
    recalls.push({
      recallId: recall.id,
      number: recall.number,
      title: recall.title,
      notice,
      lotCodes: recall.lotCodes,
      acknowledgedAt: recall.recipient?.acknowledgedAt?.toISOString() ?? null,
      canAcknowledge: refusal(recall, now) === null,
    });
  }
  return { recalls };
}

/**
 * Records that the customer read the notice of `recallId` about this order. The first time is
 * kept; a closed or expired recall, or one whose notice did not go to this customer, is refused
 * with a CONFLICT that says why.
 */
export async function acknowledgeCustomerRecall(
  db: Db,
  key: CustomerOrderKey & { recallId: string },
  now: Date = new Date(),
): Promise<CustomerAcknowledgeResponse> {
  const order = await findCustomerOrder(db, key);
  const recall = (await listRecallsTouchingOrder(db, order)).find((candidate) => candidate.id === key.recallId);
  if (!recall) throw new AppError("NOT_FOUND", "This recall does not concern this order.");
  const refused = refusal(recall, now);
  if (refused) throw new AppError("CONFLICT", refused);
  // refusal() is null only with a recipient row.
  const recipient = recall.recipient as NonNullable<typeof recall.recipient>;
  await recordAcknowledgement(db, { id: recipient.id, shopId: order.shopId, recallId: recall.id }, null, now);
  const { acknowledgedAt } = await db.recallRecipient.findUniqueOrThrow({
    where: { id: recipient.id },
    select: { acknowledgedAt: true },
  });
  return {
    ok: true,
    acknowledgedAt: acknowledgedAt?.toISOString() ?? null,
    message: `Thank you. We recorded that you read the notice of recall ${recall.number}.`,
  };
}

/**
 * The notice's plain text as paragraphs for the block: the underline under the heading and the
 * email's signature separator are typography of a plain-text email, not content.
 */
export function noticeParagraphs(text: string): string[] {
  return text
    .replace(/\r\n/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .filter((line) => !/^\s*(=+|--)\s*$/.test(line))
        .join("\n")
        .trim(),
    )
    .filter((paragraph) => paragraph !== "");
}

interface CustomerOrder {
  id: string;
  shopId: string;
  customerId: string;
}

/** The order, only when it belongs to this customer in this shop; anything else is NOT_FOUND. */
async function findCustomerOrder(db: Db, key: CustomerOrderKey): Promise<CustomerOrder> {
  const shopifyOrderId = shopifyGid("Order", key.orderId);
  if (!key.customerId || !shopifyOrderId) throw new AppError("NOT_FOUND", ORDER_NOT_FOUND);
  const shop = await findShop(db, key.shopDomain);
  if (!shop || shop.uninstalledAt) throw new AppError("NOT_FOUND", ORDER_NOT_FOUND);
  const order = await db.orderRef.findFirst({
    where: { shopId: shop.id, shopifyOrderId, customerId: key.customerId },
    select: { id: true, shopId: true },
  });
  if (!order) throw new AppError("NOT_FOUND", ORDER_NOT_FOUND);
  return { ...order, customerId: key.customerId };
}

interface RecallTouchingOrder {
  id: string;
  number: number;
  title: string;
  status: "draft" | "sent" | "closed";
  expiresAt: Date | null;
  lotCodes: string[];
  recipient: { id: string; acknowledgedAt: Date | null } | null;
}

/**
 * Sent and closed recalls with a lot allocated to the order's lines, or, for a serial-range
 * recall, with one of the range's serials on them; oldest recall first.
 */
async function listRecallsTouchingOrder(db: Db, order: CustomerOrder): Promise<RecallTouchingOrder[]> {
  const lineFilter = { shopId: order.shopId, orderLine: { orderRefId: order.id } };
  const [allocations, serials] = await Promise.all([
    db.allocation.findMany({
      // As the recall trace counts them: units held for the line or already shipped.
      where: { ...lineFilter, OR: [{ quantity: { gt: 0 } }, { shippedQuantity: { gt: 0 } }] },
      select: { lotId: true, lot: { select: { code: true } } },
    }),
    db.serialNumber.findMany({
      where: lineFilter,
      select: { serial: true, productId: true, lotId: true, lot: { select: { code: true } } },
    }),
  ]);
  const codeOf = new Map<string, string>();
  for (const row of [...allocations, ...serials]) codeOf.set(row.lotId, row.lot.code);
  if (codeOf.size === 0) return [];

  const recalls = await db.recall.findMany({
    where: {
      shopId: order.shopId,
      status: { in: ["sent", "closed"] },
      lots: { some: { lotId: { in: [...codeOf.keys()] } } },
    },
    select: {
      id: true,
      number: true,
      title: true,
      status: true,
      expiresAt: true,
      serialProductId: true,
      serialFrom: true,
      serialTo: true,
      lots: { select: { lotId: true } },
    },
    orderBy: { number: "asc" },
  });
  const recipients = await db.recallRecipient.findMany({
    where: { shopId: order.shopId, customerId: order.customerId, recallId: { in: recalls.map((recall) => recall.id) } },
    select: { id: true, recallId: true, acknowledgedAt: true },
  });
  const allocatedLots = new Set(allocations.map((row) => row.lotId));

  const touching: RecallTouchingOrder[] = [];
  for (const recall of recalls) {
    let lotIds: string[];
    if (recall.serialProductId && recall.serialFrom && recall.serialTo) {
      // A serial range names units, not whole lots: only the range's serials on this order count.
      const range = parseSerialRange(recall.serialFrom, recall.serialTo);
      lotIds = serials
        .filter((row) => row.productId === recall.serialProductId && isSerialInRange(row.serial, range))
        .map((row) => row.lotId);
    } else {
      lotIds = recall.lots.map((row) => row.lotId).filter((lotId) => allocatedLots.has(lotId));
    }
    if (lotIds.length === 0) continue;
    const recipient = recipients.find((row) => row.recallId === recall.id) ?? null;
    touching.push({
      id: recall.id,
      number: recall.number,
      title: recall.title,
      status: recall.status,
      expiresAt: recall.expiresAt,
      lotCodes: [...new Set(lotIds.map((lotId) => codeOf.get(lotId) as string))].sort(),
      recipient: recipient && { id: recipient.id, acknowledgedAt: recipient.acknowledgedAt },
    });
  }
  return touching;
}

/** Why the customer cannot confirm this notice now; null = they can. */
function refusal(recall: RecallTouchingOrder, now: Date): string | null {
  if (recall.status !== "sent") {
    return `Recall ${recall.number} is closed, so there is nothing left to confirm. The notice stays here for your records.`;
  }
  if (recall.expiresAt && now.getTime() >= recall.expiresAt.getTime()) {
    return `Confirmations for recall ${recall.number} are no longer taken. Contact the shop if you still have the product.`;
  }
  if (!recall.recipient) {
    // The fan-out addresses customers who had received recalled units when the recall was sent;
    // a record made here would count someone the merchant never notified.
    return `The notice of recall ${recall.number} was not sent to you, so there is nothing to confirm. Contact the shop if you have the product.`;
  }
  return null;
}

/** The customer's own notice, rendered exactly as their email (first notice, not a reminder). */
async function noticeParagraphsFor(db: Db, shopId: string, recallId: string, recipientId: string): Promise<string[]> {
  const contexts = await loadNoticeContexts(db, { shopId, recallId, recipientIds: [recipientId], sequence: 0 });
  const context = contexts.get(recipientId);
  return context ? noticeParagraphs(renderNotice(context).text) : [];
}
