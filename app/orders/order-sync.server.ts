// Order sync: Shopify order → OrderRef/OrderLineRef → allocation, newest version wins.
// Every write happens under the OrderRef row lock, so two workers with two events of one order
// take turns, and the second compares its version with what the first wrote.
import { reconcileOrderAllocations } from "../allocation/reconcile-order.server";
import { newRowId } from "../allocation/row-ids";
import { withRetriedTransaction } from "../allocation/transaction.server";
import {
  CACHED_FACT_KEYS,
  retrieveCachedShopTimeZone,
  retrieveShopLocationIds,
} from "../catalog/shop-locations.server";
import { type CachedVariantRow, resolveVariants } from "../catalog/variant-cache.server";
import type { Db } from "../db.server";
import { Prisma } from "../generated/prisma/client.ts";
import type { JobPayload } from "../jobs/contract";
import type { ShopSettings } from "../settings/shop-settings";
import { SETTINGS_KEY, shopSettingsFrom } from "../settings/shop-settings.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchOrder } from "../shopify/orders.server";
import { rateLimitedAdminGraphql } from "../shopify/rate-limited-admin.server";
import { snapshotFromAdminOrder } from "./order-admin-snapshot";
import type { PartialOrderEvent, RestOrderReading } from "./order-rest-snapshot";
import {
  compareWithStored,
  fillLineLocations,
  linesWithoutLocation,
  type OrderSnapshot,
  type StoredOrderState,
} from "./order-snapshot";
import { enqueueOrderWriteBack, type PendingWriteBack } from "./write-back-queue.server";

export interface OrderSyncCollaborators {
  /** The shop's Admin client (the offline session's, sharing the process's cost bucket, by default). */
  adminGraphql?: (shopDomain: string) => Promise<AdminGraphql>;
  now?: Date;
  /**
   * Runs inside the order's transaction whatever its outcome (the webhook inbox marks its event
   * processed there, saving a statement and a commit per order).
   */
  inTransaction?: (tx: Prisma.TransactionClient) => Promise<void>;
}

export type OrderSyncOutcome =
  /** Lotline's copy changed (or was created). */
  | "applied"
  /** Lotline already had exactly this. */
  | "unchanged"
  /** Lotline's copy is newer. */
  | "ignored-older"
  /** Lotline's copy was updated after the event, so it already includes it. */
  | "already-covered"
  /** Shopify has no such order (deleted), or the shop is gone or uninstalled. */
  | "not-found";

export interface OrderSyncResult {
  outcome: OrderSyncOutcome;
  /** Whether the order was read from the Admin API for this. */
  readFromShopify: boolean;
  orderRefId?: string;
  /** The caller's `inTransaction` hook ran in the transaction that committed. */
  ranInTransaction?: boolean;
}

interface ShopRef {
  id: string;
  domain: string;
}

/** Thrown inside the transaction to roll it back when the snapshot cannot be applied on its own. */
class NeedsAdminRead extends Error {}

function clientFor(shop: ShopRef, collaborators: OrderSyncCollaborators): () => Promise<AdminGraphql> {
  let client: Promise<AdminGraphql> | undefined;
  return () => {
    client ??= (collaborators.adminGraphql ?? rateLimitedAdminGraphql)(shop.domain);
    return client;
  };
}

/**
 * A full order body from a webhook (orders/create, updated, cancelled, fulfilled,
 * partially_fulfilled). It is applied as it is when it can be trusted alone; otherwise the order
 * is read from the Admin API: when the body has gaps, when its line locations cannot be known
 * without fulfilment orders, when Lotline has never seen the order and the topic is not
 * orders/create (earlier events were lost or are late), and when it carries the same updatedAt as
 * Lotline's copy but different content (two changes in one second: which is newer is unknowable).
 */
export async function syncOrderFromWebhook(
  db: Db,
  input: { shop: ShopRef; topic: string; reading: RestOrderReading },
  collaborators: OrderSyncCollaborators = {},
): Promise<OrderSyncResult> {
  const { shop, topic, reading } = input;
  const actor = `webhook:${topic}`;
  const { known, settings, variants } = await readOrderAndShopFacts(db, shop.id, reading.snapshot);
  if (known && reading.snapshot.updatedAt < known.shopifyUpdatedAt) {
    return { outcome: "ignored-older", readFromShopify: false, orderRefId: known.id };
  }
  if (reading.gaps.length > 0 || (!known && topic !== "orders/create")) {
    return readAndApply(db, shop, reading.snapshot.orderId, actor, collaborators);
  }
  const adminGraphql = clientFor(shop, collaborators);
  // Only a body whose lines lack a location needs the shop's locations (cached; no read per order).
  const shopLocationIds =
    linesWithoutLocation(reading.snapshot).length > 0
      ? await retrieveShopLocationIds(db, shop.id, adminGraphql, collaborators.now, settings.locations)
      : null;
  try {
    const applied = await applySnapshot(db, shop, reading.snapshot, {
      authoritative: false,
      actor,
      shopLocationIds,
      adminGraphql,
      now: collaborators.now,
      preloaded: { timeZone: settings.timeZone, settings: shopSettingsFrom(settings.shop), variants },
      inTransaction: collaborators.inTransaction,
    });
    return { ...applied, readFromShopify: false };
  } catch (error) {
    if (!(error instanceof NeedsAdminRead)) throw error;
    return readAndApply(db, shop, reading.snapshot.orderId, actor, collaborators);
  }
}

/**
 * refunds/create, fulfillments/*, orders/edited: bodies with part of an order. When Lotline's copy
 * was updated after the event it already includes it (Shopify also sends orders/updated for the
 * change); otherwise the order is read.
 */
export async function syncOrderAfterPartialEvent(
  db: Db,
  input: { shop: ShopRef; topic: string; event: PartialOrderEvent },
  collaborators: OrderSyncCollaborators = {},
): Promise<OrderSyncResult> {
  const { shop, event } = input;
  const known = await db.orderRef.findUnique({
    where: { shopId_shopifyOrderId: { shopId: shop.id, shopifyOrderId: event.orderId } },
    select: { id: true, shopifyUpdatedAt: true },
  });
  if (known && event.occurredAt && known.shopifyUpdatedAt > event.occurredAt) {
    return { outcome: "already-covered", readFromShopify: false, orderRefId: known.id };
  }
  return readAndApply(db, shop, event.orderId, `webhook:${input.topic}`, collaborators);
}

/** The `orders.sync` job: read one order from the Admin API and apply it. */
export async function syncOrderFromShopify(
  db: Db,
  payload: JobPayload<"orders.sync">,
  collaborators: OrderSyncCollaborators = {},
): Promise<OrderSyncResult> {
  const shop = await db.shop.findUnique({
    where: { id: payload.shopId },
    select: { id: true, domain: true, uninstalledAt: true },
  });
  if (!shop || shop.uninstalledAt) return { outcome: "not-found", readFromShopify: false };
  // A Flow action asks to allocate again (stock may have arrived), even if the order did not change.
  const reallocate = payload.reason === "flow";
  return readAndApply(db, shop, payload.orderId, `job:orders.sync:${payload.reason}`, collaborators, reallocate);
}

async function readAndApply(
  db: Db,
  shop: ShopRef,
  orderId: string,
  actor: string,
  collaborators: OrderSyncCollaborators,
  reallocate = false,
): Promise<OrderSyncResult> {
  const adminGraphql = clientFor(shop, collaborators);
  const order = await fetchOrder(await adminGraphql(), orderId);
  if (!order) return { outcome: "not-found", readFromShopify: true };
  const applied = await applySnapshot(db, shop, snapshotFromAdminOrder(order), {
    authoritative: true,
    actor,
    shopLocationIds: null,
    adminGraphql,
    now: collaborators.now,
    reallocate,
  });
  return { ...applied, readFromShopify: true };
}

interface ApplyOptions {
  /** Read from the Admin API just now: wins a same-second tie, and its locations are complete. */
  authoritative: boolean;
  actor: string;
  shopLocationIds: string[] | null;
  adminGraphql: () => Promise<AdminGraphql>;
  now?: Date;
  /** Shop facts the caller read already (the time zone's cached Setting value, the shop settings). */
  preloaded?: { timeZone: unknown; settings: ShopSettings; variants: CachedVariantRow[] };
  inTransaction?: OrderSyncCollaborators["inTransaction"];
  /** Run allocation even when the order is exactly what Lotline has. */
  reallocate?: boolean;
}

interface OrderAndShopFacts {
  known: { id: string; shopifyUpdatedAt: Date } | null;
  /** The Setting rows' values (null = no row). */
  settings: { locations: unknown; timeZone: unknown; shop: unknown };
  /** The variant cache's rows for the order's variants. */
  variants: CachedVariantRow[];
}

/**
 * Lotline's version of the order and the shop facts applying it needs, in one round trip: the hot
 * path of every order webhook, where each statement saved is throughput.
 */
async function readOrderAndShopFacts(db: Db, shopId: string, snapshot: OrderSnapshot): Promise<OrderAndShopFacts> {
  const keys = [CACHED_FACT_KEYS.locations, CACHED_FACT_KEYS.timeZone, SETTINGS_KEY];
  const variantIds = snapshotVariantIds(snapshot);
  const [row] = await db.$queryRaw<
    { known: { id: string; shopifyUpdatedAt: string } | null; settings: unknown; variants: CachedVariantRow[] }[]
  >`
    SELECT
      (SELECT json_build_object('id', o.id, 'shopifyUpdatedAt', o."shopifyUpdatedAt")
         FROM "OrderRef" o WHERE o."shopId" = ${shopId}::uuid AND o."shopifyOrderId" = ${snapshot.orderId}) AS known,
      (SELECT COALESCE(json_object_agg(s.key, s.value), '{}'::json)
         FROM "Setting" s WHERE s."shopId" = ${shopId}::uuid AND s.key = ANY(${keys}::text[])) AS settings,
      (SELECT COALESCE(json_agg(json_build_object('variantId', v."variantId", 'productId', v."productId",
           'inventoryItemId', v."inventoryItemId", 'sku', v.sku)), '[]'::json)
         FROM "VariantRef" v WHERE v."shopId" = ${shopId}::uuid AND v."variantId" = ANY(${variantIds}::text[])) AS variants`;
  const settings = (row?.settings ?? {}) as Record<string, unknown>;
  return {
    // json_build_object writes a timestamp without zone; the column holds UTC.
    known: row?.known ? { id: row.known.id, shopifyUpdatedAt: new Date(`${row.known.shopifyUpdatedAt}Z`) } : null,
    variants: row?.variants ?? [],
    settings: {
      locations: settings[CACHED_FACT_KEYS.locations] ?? null,
      timeZone: settings[CACHED_FACT_KEYS.timeZone] ?? null,
      shop: settings[SETTINGS_KEY] ?? null,
    },
  };
}

async function applySnapshot(
  db: Db,
  shop: ShopRef,
  snapshot: OrderSnapshot,
  options: ApplyOptions,
): Promise<{ outcome: OrderSyncOutcome; orderRefId: string; ranInTransaction: boolean }> {
  // Network first, never inside the transaction: the variants' inventory items.
  const variants = await resolveVariants(
    db,
    shop.id,
    snapshotVariantIds(snapshot),
    options.adminGraphql,
    options.now,
    options.preloaded?.variants,
  );
  // Shelf-life rules count days in the shop's zone (cached: not one read per order).
  const timeZone = await retrieveCachedShopTimeZone(
    db,
    shop.id,
    options.adminGraphql,
    options.now,
    options.preloaded?.timeZone,
  );

  const { result, pending } = await withRetriedTransaction(db, async (tx): Promise<AppliedInTransaction> => {
    await options.inTransaction?.(tx);
    // A first insert races safely: the loser's insert waits for the winner's commit and does nothing.
    const [inserted] = await tx.orderRef.createManyAndReturn({
      data: [{ shopId: shop.id, ...orderFields(snapshot, false) }],
      skipDuplicates: true,
      select: { id: true },
    });
    // The row this transaction inserted is invisible to others until commit: no lock to take.
    const [locked] = inserted
      ? [{ id: inserted.id, redactedAt: null }]
      : await tx.$queryRaw<{ id: string; redactedAt: Date | null }[]>`
          SELECT "id", "redactedAt" FROM "OrderRef"
          WHERE "shopId" = ${shop.id}::uuid AND "shopifyOrderId" = ${snapshot.orderId}
          FOR UPDATE`;
    const stored = inserted ? null : await storedState(tx, shop.id, locked.id);
    if (stored) {
      const verdict = compareWithStored(snapshot, stored);
      if (verdict === "older") return { result: { outcome: "ignored-older", orderRefId: locked.id }, pending: null };
      if (verdict === "same" && !options.reallocate) {
        return { result: { outcome: "unchanged", orderRefId: locked.id }, pending: null };
      }
      if (verdict === "ambiguous" && !options.authoritative) throw new NeedsAdminRead();
    }
    const filled = fillLineLocations(snapshot, {
      storedLocations: new Map((stored?.lines ?? []).map((line) => [line.lineItemId, line.locationId])),
      shopLocationIds: options.shopLocationIds,
    });
    if (!options.authoritative && linesWithoutLocation(filled).length > 0) throw new NeedsAdminRead();

    // A row inserted just now already holds these fields.
    if (stored) {
      await tx.orderRef.update({
        where: { id: locked.id, shopId: shop.id },
        data: orderFields(filled, locked.redactedAt !== null),
      });
    }
    const lines = filled.lines.map((line) => {
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
    if (!stored) {
      // A new order's lines are all new: one INSERT, raw because every new order pays for it. Ids
      // are UUIDv7 made in snapshot order, the order reconcile reads lines in.
      const now = new Date();
      const column = <T>(read: (line: (typeof lines)[number]) => T) => lines.map(read);
      await tx.$executeRaw`
        INSERT INTO "OrderLineRef" ("id", "shopId", "orderRefId", "shopifyLineItemId", "variantId", "productId",
          "inventoryItemId", "sku", "title", "quantity", "fulfilledQuantity", "returnedQuantity", "locationId",
          "createdAt", "updatedAt")
        SELECT d.id, ${shop.id}::uuid, ${locked.id}::uuid, d.item, d.variant, d.product, d.inventory_item, d.sku,
          d.title, d.quantity, d.fulfilled, d.returned, d.location, ${now}::timestamp(3), ${now}::timestamp(3)
        FROM unnest(
          ${column(() => newRowId())}::uuid[], ${column((line) => line.lineItemId)}::text[],
          ${column((line) => line.fields.variantId)}::text[], ${column((line) => line.fields.productId)}::text[],
          ${column((line) => line.fields.inventoryItemId)}::text[], ${column((line) => line.fields.sku)}::text[],
          ${column((line) => line.fields.title)}::text[], ${column((line) => line.fields.quantity)}::int[],
          ${column((line) => line.fields.fulfilledQuantity)}::int[],
          ${column((line) => line.fields.returnedQuantity)}::int[], ${column((line) => line.fields.locationId)}::text[]
        ) AS d(id, item, variant, product, inventory_item, sku, title, quantity, fulfilled, returned, location)`;
    } else {
      for (const { lineItemId, fields } of lines) {
        await tx.orderLineRef.upsert({
          where: { shopId_shopifyLineItemId: { shopId: shop.id, shopifyLineItemId: lineItemId } },
          create: { shopId: shop.id, orderRefId: locked.id, shopifyLineItemId: lineItemId, ...fields },
          update: fields,
        });
      }
    }
    // Same transaction, same lock: the allocation always matches the lines it was planned from.
    const allocation = await reconcileOrderAllocations(tx, {
      shopId: shop.id,
      orderRefId: locked.id,
      actor: options.actor,
      now: options.now,
      timeZone,
      settings: options.preloaded?.settings,
      bumpWriteBackVersion: true,
    });
    const pending =
      allocation.writeBackVersion === undefined
        ? null
        : { shopId: shop.id, orderRefId: locked.id, version: allocation.writeBackVersion };
    return { result: { outcome: "applied", orderRefId: locked.id }, pending };
  });
  if (pending) await enqueueOrderWriteBack(pending);
  return { ...result, ranInTransaction: options.inTransaction !== undefined };
}

function snapshotVariantIds(snapshot: OrderSnapshot): string[] {
  return snapshot.lines.flatMap((line) => (line.variantId ? [line.variantId] : []));
}

interface AppliedInTransaction {
  result: { outcome: OrderSyncOutcome; orderRefId: string };
  /** The write-back to queue once the transaction has committed. */
  pending: PendingWriteBack | null;
}

async function storedState(
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

/** The OrderRef columns a snapshot sets; personal data stays out once the customer was redacted. */
function orderFields(snapshot: OrderSnapshot, redacted: boolean) {
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
