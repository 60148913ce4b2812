// What each recipient's notice says about them: their orders, the affected items with lot codes,
// expiry and serials, the shop's name and logo, and their acknowledgement link. Loaded for a whole
// send chunk at once (a fixed handful of queries for up to 250 recipients).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db.server";
import { env } from "../env.server";
import { Prisma } from "../generated/prisma/client.ts";
import type { Mailer } from "../mail/mailer.server";
import { AppError } from "../utils/errors";
import { acknowledgementUrl } from "./ack-link.server";
import type { NoticeContext } from "./notice-render";
import { renderNotice } from "./notice-render";
import { isSerialInRange, parseSerialRange } from "./recall-input";
import { retrieveRecallSettings } from "./recall-settings.server";
import { customerCtes, findTraceTarget, serialRangeCondition } from "./recall-trace.server";

type Queryable = Db | Prisma.TransactionClient;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Links of a recall without an expiry date (a draft, or one sent before expiresAt existed) last a year. */
const DEFAULT_LINK_LIFETIME_MS = 365 * DAY_MS;

type RecallRow = NonNullable<Awaited<ReturnType<typeof findRecall>>>;

interface Addressee {
  key: string;
  name: string | null;
  email: string | null;
  orderRefIds: string[];
  acknowledgeUrl: string;
}

/**
 * One context per recipient id (ids of other recalls or shops are left out of the map). Orders
 * list only the recalled units the customer received: other lots on the same order stay out.
 */
export async function loadNoticeContexts(
  db: Queryable,
  input: { shopId: string; recallId: string; recipientIds: string[]; sequence: number },
): Promise<Map<string, NoticeContext>> {
  const contexts = new Map<string, NoticeContext>();
  if (input.recipientIds.length === 0) return contexts;
  const [recall, shop, recipients] = await Promise.all([
    findRecall(db, input.shopId, input.recallId),
    loadShop(db, input.shopId),
    db.recallRecipient.findMany({
      where: { shopId: input.shopId, recallId: input.recallId, id: { in: input.recipientIds } },
      select: { id: true, name: true, email: true, orderRefIds: true, redactedAt: true },
    }),
  ]);
  if (!recall || recipients.length === 0) return contexts;

  const expiresAt = linkExpiry(recall);
  const addressees = recipients.map((recipient) => ({
    key: recipient.id,
    // After customers/redact the row stays for the counts, but the notice names no one.
    name: recipient.redactedAt ? null : recipient.name,
    email: recipient.redactedAt ? null : recipient.email,
    orderRefIds: recipient.orderRefIds,
    acknowledgeUrl: acknowledgementUrl(recipient.id, expiresAt),
  }));
  const built = await buildContexts(db, recall, shop, addressees, input.sequence);
  for (const [key, context] of built) contexts.set(key, context);
  return contexts;
}

/**
 * The notice as the first affected customer (oldest order first) would get it, for the merchant's
 * preview: works on drafts, before any recipient exists. Null when no one has received the lots.
 */
export async function loadPreviewContext(
  db: Queryable,
  input: { shopId: string; recallId: string },
): Promise<NoticeContext | null> {
  const target = await findTraceTarget(db, input.shopId, input.recallId);
  const [recall, shop, [first]] = await Promise.all([
    findRecall(db, input.shopId, target.id),
    loadShop(db, input.shopId),
    db.$queryRaw<{ customer_key: string; name: string | null; email: string | null; order_ids: string[] }[]>`
      WITH ${customerCtes(target)}
      SELECT customer_key, name, email, order_ids FROM per_customer
      ORDER BY first_order_at, customer_key LIMIT 1`,
  ]);
  if (!recall || !first) return null;
  const contexts = await buildContexts(
    db,
    recall,
    shop,
    [
      {
        key: first.customer_key,
        name: first.name,
        email: first.email,
        orderRefIds: first.order_ids,
        acknowledgeUrl: "#preview",
      },
    ],
    0,
  );
  return contexts.get(first.customer_key) ?? null;
}

const testRecipient = z.email({ error: "Enter the email address to send the test notice to" });

/**
 * Sends the preview notice to the merchant (`to`), subject prefixed "[Test] ", with a Message-ID of
 * its own so it can never be mistaken for a customer's notice. Without an affected customer yet, the
 * test shows the recall's lots with a sample customer.
 */
export async function sendTestNotice(
  db: Db,
  input: { shopId: string; recallId: string; to: string; actor?: string },
  deps: { mailer: Mailer },
): Promise<{ receipt: string }> {
  const to = testRecipient.safeParse(input.to.trim());
  if (!to.success) {
    throw new AppError("INVALID_DATA", "Enter the email address to send the test notice to.", {
      to: "Enter a valid email address, e.g. you@example.com",
    });
  }
  const context =
    (await loadPreviewContext(db, input)) ??
    (await loadSampleContext(db, { shopId: input.shopId, recallId: input.recallId }));
  const notice = renderNotice(context);
  const settings = await retrieveRecallSettings(db, input.shopId);
  const messageId = `${randomUUID()}@${new URL(env().SHOPIFY_APP_URL).hostname}`;
  const result = await deps.mailer.send({
    messageId,
    to: to.data,
    fromName: context.shop.name,
    // Without SMTP the test lands in the shop's own outbox folder, where the merchant can open it.
    shopId: input.shopId,
    replyTo: settings.replyTo ?? context.recall.contactEmail ?? undefined,
    subject: `[Test] ${notice.subject}`,
    text: notice.text,
    html: notice.html,
    headers: { "X-Lotline-Test": "1" },
  });
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: input.actor ?? "system",
      action: "recall.test-sent",
      subjectType: "Recall",
      subjectId: input.recallId,
      details: { to: to.data, messageId, receipt: result.receipt },
    },
  });
  return result;
}

/** The recall's own lots with a made-up customer: what a test send shows before anyone received the lots. */
async function loadSampleContext(db: Queryable, input: { shopId: string; recallId: string }): Promise<NoticeContext> {
  const target = await findTraceTarget(db, input.shopId, input.recallId);
  const [recall, shop, lots] = await Promise.all([
    findRecall(db, input.shopId, target.id),
    loadShop(db, input.shopId),
    db.recallLot.findMany({
      where: { shopId: input.shopId, recallId: target.id },
      select: { lot: { select: { productId: true, productTitle: true, gtin: true, code: true } } },
    }),
  ]);
  if (!recall)
    throw new AppError("NOT_FOUND", "This recall does not exist in your shop. Open it again from the Recalls list.");
  return {
    ...baseContext(recall, shop, { name: "Sample Customer", email: null }, "#preview", 0),
    products: productsOf(lots.map((row) => row.lot)),
  };
}

function findRecall(db: Queryable, shopId: string, recallId: string) {
  return db.recall.findFirst({
    where: { id: recallId, shopId },
    select: {
      id: true,
      number: true,
      title: true,
      jurisdiction: true,
      severity: true,
      reason: true,
      hazard: true,
      customerActions: true,
      remedies: true,
      contactEmail: true,
      contactPhone: true,
      contactUrl: true,
      noticeSubject: true,
      noticeBody: true,
      sentAt: true,
      expiresAt: true,
      serialProductId: true,
      serialFrom: true,
      serialTo: true,
      shopId: true,
    },
  });
}

async function loadShop(db: Queryable, shopId: string): Promise<NoticeContext["shop"]> {
  const [shop, settings] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { name: true, domain: true } }),
    retrieveRecallSettings(db as Db, shopId),
  ]);
  return {
    name: shop.name?.trim() || shop.domain,
    logoUrl: settings.logoUrl,
    contactEmail: settings.replyTo,
  };
}

function linkExpiry(recall: RecallRow): Date {
  if (recall.expiresAt) return recall.expiresAt;
  return new Date((recall.sentAt ?? new Date()).getTime() + DEFAULT_LINK_LIFETIME_MS);
}

function baseContext(
  recall: RecallRow,
  shop: NoticeContext["shop"],
  recipient: NoticeContext["recipient"],
  acknowledgeUrl: string,
  sequence: number,
): NoticeContext {
  return {
    shop,
    recall: {
      number: recall.number,
      title: recall.title,
      jurisdiction: recall.jurisdiction,
      severity: recall.severity,
      reason: recall.reason,
      hazard: recall.hazard,
      customerActions: recall.customerActions,
      remedies: recall.remedies,
      contactEmail: recall.contactEmail,
      contactPhone: recall.contactPhone,
      contactUrl: recall.contactUrl,
      noticeSubject: recall.noticeSubject,
      noticeBody: recall.noticeBody,
      sentAt: recall.sentAt,
    },
    recipient,
    orders: [],
    products: [],
    acknowledgeUrl,
    sequence,
  };
}

interface AffectedRow {
  order_id: string;
  order_name: string;
  processed_at: Date;
  line_id: string;
  title: string;
  sku: string | null;
  shipped: number;
  lot_id: string;
  code: string;
  expires_at: Date | null;
  supplier_lot_code: string | null;
  product_id: string;
  product_title: string;
  gtin: string | null;
}

/**
 * The recalled units shipped on these orders, per order, line and lot. Starts from the orders (at
 * most a chunk's worth) so the cost follows the chunk, not the size of the recall.
 */
function affectedRowsSql(recall: RecallRow, orderIds: string[]): Prisma.Sql {
  const columns = Prisma.sql`o.id AS order_id, o.name AS order_name, o."processedAt" AS processed_at,
    l.id AS line_id, l.title, l.sku, lot.id AS lot_id, lot.code, lot."expiresAt" AS expires_at,
    lot."supplierLotCode" AS supplier_lot_code, lot."productId" AS product_id, lot."productTitle" AS product_title, lot.gtin`;
  if (recall.serialProductId && recall.serialFrom && recall.serialTo) {
    // A serial range: the units are the range's serial numbers that went out on each line.
    return Prisma.sql`
      SELECT ${columns}, count(*)::int AS shipped
      FROM "OrderRef" o
      JOIN "OrderLineRef" l ON l."orderRefId" = o.id AND l."shopId" = o."shopId"
      JOIN "SerialNumber" s ON s."orderLineId" = l.id AND s."shopId" = o."shopId"
        AND s."productId" = ${recall.serialProductId} AND ${serialRangeCondition(recall.serialFrom, recall.serialTo)}
      JOIN "Lot" lot ON lot.id = s."lotId" AND lot."shopId" = o."shopId"
      WHERE o."shopId" = ${recall.shopId}::uuid AND o.id = ANY(${orderIds}::uuid[])
      GROUP BY o.id, l.id, lot.id
      ORDER BY o."processedAt", o.name, l."shopifyLineItemId", lot.code`;
  }
  return Prisma.sql`
    SELECT ${columns}, a."shippedQuantity" AS shipped
    FROM "OrderRef" o
    JOIN "OrderLineRef" l ON l."orderRefId" = o.id AND l."shopId" = o."shopId"
    JOIN "Allocation" a ON a."orderLineId" = l.id AND a."shopId" = o."shopId"
    JOIN "RecallLot" rl ON rl."lotId" = a."lotId" AND rl."shopId" = o."shopId" AND rl."recallId" = ${recall.id}::uuid
    JOIN "Lot" lot ON lot.id = a."lotId" AND lot."shopId" = o."shopId"
    WHERE o."shopId" = ${recall.shopId}::uuid AND o.id = ANY(${orderIds}::uuid[]) AND a."shippedQuantity" > 0
    ORDER BY o."processedAt", o.name, l."shopifyLineItemId", lot.code`;
}

/**
 * Two queries for all addressees together: the recalled units they received (per order, line and
 * lot) and the serial numbers on those lines; the rest is grouping in memory.
 */
async function buildContexts(
  db: Queryable,
  recall: RecallRow,
  shop: NoticeContext["shop"],
  addressees: Addressee[],
  sequence: number,
): Promise<Map<string, NoticeContext>> {
  const orderIds = [...new Set(addressees.flatMap((addressee) => addressee.orderRefIds))];
  const rows = orderIds.length === 0 ? [] : await db.$queryRaw<AffectedRow[]>(affectedRowsSql(recall, orderIds));
  const lineIds = [...new Set(rows.map((row) => row.line_id))];
  const lotIds = [...new Set(rows.map((row) => row.lot_id))];
  const serials =
    lineIds.length === 0
      ? []
      : await db.serialNumber.findMany({
          where: { shopId: recall.shopId, orderLineId: { in: lineIds }, lotId: { in: lotIds } },
          select: { serial: true, orderLineId: true, lotId: true, productId: true },
          orderBy: { serial: "asc" },
        });
  // A serial-range recall names only the serials in the range, not every unit of their lots.
  const range =
    recall.serialProductId && recall.serialFrom && recall.serialTo
      ? { productId: recall.serialProductId, range: parseSerialRange(recall.serialFrom, recall.serialTo) }
      : null;
  const serialsByLine = new Map<string, string[]>();
  for (const serial of serials) {
    if (!serial.orderLineId) continue;
    if (range && (serial.productId !== range.productId || !isSerialInRange(serial.serial, range.range))) continue;
    const list = serialsByLine.get(serial.orderLineId) ?? [];
    list.push(serial.serial);
    serialsByLine.set(serial.orderLineId, list);
  }

  const rowsByOrder = new Map<string, AffectedRow[]>();
  for (const row of rows) {
    const list = rowsByOrder.get(row.order_id) ?? [];
    list.push(row);
    rowsByOrder.set(row.order_id, list);
  }

  const contexts = new Map<string, NoticeContext>();
  for (const addressee of addressees) {
    const context = baseContext(
      recall,
      shop,
      { name: addressee.name, email: addressee.email },
      addressee.acknowledgeUrl,
      sequence,
    );
    const mine = addressee.orderRefIds.flatMap((id) => rowsByOrder.get(id) ?? []);
    mine.sort(
      (a, b) => a.processed_at.getTime() - b.processed_at.getTime() || a.order_name.localeCompare(b.order_name),
    );
    const orders = new Map<string, NoticeContext["orders"][number]>();
    const items = new Map<string, NoticeContext["orders"][number]["items"][number]>();
    for (const row of mine) {
      let order = orders.get(row.order_id);
      if (!order) {
        order = { name: row.order_name, processedAt: row.processed_at, items: [] };
        orders.set(row.order_id, order);
      }
      let item = items.get(row.line_id);
      if (!item) {
        item = { title: row.title, sku: row.sku, quantity: 0, lots: [], serials: serialsByLine.get(row.line_id) ?? [] };
        items.set(row.line_id, item);
        order.items.push(item);
      }
      item.quantity += row.shipped;
      item.lots.push({ code: row.code, expiresAt: row.expires_at, supplierLotCode: row.supplier_lot_code });
    }
    context.orders = [...orders.values()];
    context.products = productsOf(
      mine.map((row) => ({
        productId: row.product_id,
        productTitle: row.product_title,
        gtin: row.gtin,
        code: row.code,
      })),
    );
    contexts.set(addressee.key, context);
  }
  return contexts;
}

/** Product identification: one entry per product with its GTIN and recalled lot codes. */
function productsOf(
  lots: { productId: string; productTitle: string; gtin: string | null; code: string }[],
): NoticeContext["products"] {
  const products = new Map<string, { title: string; gtin: string | null; lotCodes: string[] }>();
  for (const lot of lots) {
    const product = products.get(lot.productId) ?? { title: lot.productTitle, gtin: null, lotCodes: [] };
    product.gtin ??= lot.gtin;
    if (!product.lotCodes.includes(lot.code)) product.lotCodes.push(lot.code);
    products.set(lot.productId, product);
  }
  for (const product of products.values()) product.lotCodes.sort();
  return [...products.values()];
}
