// Applying one Shopify order snapshot to Lotline: the OrderRef and its lines written and the
// allocation reconciled in one transaction under the order's row lock. Orders Lotline has not
// seen yet, arriving together, are written and allocated together (group commit).
import { reconcileOrderAllocations, reconcileOrdersAllocations } from "../allocation/reconcile-order.server";
import { withRetriedTransaction } from "../allocation/transaction.server";
import { retrieveCachedShopTimeZone } from "../catalog/shop-locations.server";
import { type CachedVariantRow, type ResolvedVariant, resolveVariants } from "../catalog/variant-cache.server";
import type { Db } from "../db.server";
import type { Prisma } from "../generated/prisma/client.ts";
import type { ShopSettings } from "../settings/shop-settings";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { createBatcherPerKey } from "../utils/batcher";
import { markEventsProcessed } from "../webhooks/mark-processed.server";
import { insertNewLines, insertNewOrders, lineFields, orderFields, storedState } from "./order-rows.server";
import { compareWithStored, fillLineLocations, linesWithoutLocation, type OrderSnapshot } from "./order-snapshot";
import { enqueueOrderWriteBack, enqueueOrderWriteBacks, type PendingWriteBack } from "./write-back-queue.server";

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

export interface ShopRef {
  id: string;
  domain: string;
}

/** Thrown inside the transaction to roll it back when the snapshot cannot be applied on its own. */
export class NeedsAdminRead extends Error {}

export interface ApplyOptions {
  /** Read from the Admin API just now: wins a same-second tie, and its locations are complete. */
  authoritative: boolean;
  actor: string;
  shopLocationIds: string[] | null;
  adminGraphql: () => Promise<AdminGraphql>;
  now?: Date;
  /** Shop facts the caller read already (the time zone's cached Setting value, the shop settings). */
  preloaded?: { timeZone: unknown; settings: ShopSettings; variants: CachedVariantRow[] };
  webhookEventId?: string;
  /** Run allocation even when the order is exactly what Lotline has. */
  reallocate?: boolean;
}

/** What applying a snapshot needs from outside the transaction (network, caches): read first. */
interface Prepared {
  variants: Map<string, ResolvedVariant>;
  timeZone: string | null;
}

async function prepare(db: Db, shop: ShopRef, snapshot: OrderSnapshot, options: ApplyOptions): Promise<Prepared> {
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
  return { variants, timeZone };
}

export type Applied = { outcome: OrderSyncOutcome; orderRefId: string; markedProcessed: boolean };

export async function applySnapshot(
  db: Db,
  shop: ShopRef,
  snapshot: OrderSnapshot,
  options: ApplyOptions,
): Promise<Applied> {
  return applyPrepared(db, shop, snapshot, options, await prepare(db, shop, snapshot, options));
}

async function applyPrepared(
  db: Db,
  shop: ShopRef,
  snapshot: OrderSnapshot,
  options: ApplyOptions,
  { variants, timeZone }: Prepared,
): Promise<Applied> {
  const { result, pending } = await withRetriedTransaction(db, async (tx): Promise<AppliedInTransaction> => {
    if (options.webhookEventId) await markEventsProcessed(tx, [options.webhookEventId]);
    // A first insert races safely: the loser's insert waits for the winner's commit and does nothing.
    const insertedId = (await insertNewOrders(tx, shop.id, [snapshot])).get(snapshot.orderId);
    // The row this transaction inserted is invisible to others until commit: no lock to take.
    const [locked] = insertedId
      ? [{ id: insertedId, redactedAt: null }]
      : await tx.$queryRaw<{ id: string; redactedAt: Date | null }[]>`
          SELECT "id", "redactedAt" FROM "OrderRef"
          WHERE "shopId" = ${shop.id}::uuid AND "shopifyOrderId" = ${snapshot.orderId}
          FOR UPDATE`;
    const stored = insertedId ? null : await storedState(tx, shop.id, locked.id);
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

    const lines = lineFields(filled, variants);
    if (stored) {
      // A row inserted just now already holds these fields.
      await tx.orderRef.update({
        where: { id: locked.id, shopId: shop.id },
        data: orderFields(filled, locked.redactedAt !== null),
      });
      for (const { lineItemId, fields } of lines) {
        await tx.orderLineRef.upsert({
          where: { shopId_shopifyLineItemId: { shopId: shop.id, shopifyLineItemId: lineItemId } },
          create: { shopId: shop.id, orderRefId: locked.id, shopifyLineItemId: lineItemId, ...fields },
          update: fields,
        });
      }
    } else {
      await insertNewLines(tx, shop.id, [{ orderRefId: locked.id, lines }]);
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
  return { ...result, markedProcessed: options.webhookEventId !== undefined };
}

/** An order Lotline has not seen, complete and trusted alone, waiting to be written with others. */
interface NewOrder {
  shop: ShopRef;
  snapshot: OrderSnapshot;
  options: ApplyOptions;
  prepared: Prepared;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

const newOrderBatchers = new WeakMap<Db, (shopId: string, order: NewOrder) => Promise<Settled<Applied>>>();

/**
 * Group commit for new orders: orders/create deliveries of one shop that arrive while a batch is
 * being written wait and go together in the next one, so a sale's burst of orders costs one
 * transaction, one lot lock and one write per batch rather than per order. Alone, an order goes
 * at once.
 */
export async function applyNewOrder(
  db: Db,
  shop: ShopRef,
  snapshot: OrderSnapshot,
  options: ApplyOptions,
): Promise<Applied> {
  const filled = fillLineLocations(snapshot, { storedLocations: new Map(), shopLocationIds: options.shopLocationIds });
  if (linesWithoutLocation(filled).length > 0) throw new NeedsAdminRead();
  const order = { shop, snapshot: filled, options, prepared: await prepare(db, shop, filled, options) };
  let apply = newOrderBatchers.get(db);
  if (!apply) {
    // One batch at a time per shop: batches of one shop lock the same lots, so a second would wait.
    apply = createBatcherPerKey(() => ({
      run: (orders: NewOrder[]) => applyNewOrders(db, orders),
      maxItems: 50,
      maxInFlight: 1,
    }));
    newOrderBatchers.set(db, apply);
  }
  const settled = await apply(shop.id, order);
  if (!settled.ok) throw settled.error;
  return settled.value;
}

async function applyNewOrders(db: Db, orders: NewOrder[]): Promise<Settled<Applied>[]> {
  const alone = (order: NewOrder) =>
    settle(applyPrepared(db, order.shop, order.snapshot, order.options, order.prepared));
  if (orders.length === 1) return [await alone(orders[0])];
  let written: { applied: Map<NewOrder, Applied>; pending: PendingWriteBack[] };
  try {
    written = await withRetriedTransaction(db, (tx) => writeNewOrders(tx, orders));
  } catch {
    // One order's bad data must not fail the others: each goes again on its own, with its own error.
    const results: Settled<Applied>[] = [];
    for (const order of orders) results.push(await alone(order));
    return results;
  }
  await enqueueOrderWriteBacks(written.pending);
  const results: Settled<Applied>[] = [];
  // An order another delivery inserted first (or twice in this batch) is compared with it, alone.
  for (const order of orders) {
    const applied = written.applied.get(order);
    results.push(applied ? { ok: true, value: applied } : await alone(order));
  }
  return results;
}

/** The batch's transaction: the orders and their lines inserted, reconciled together. */
async function writeNewOrders(tx: Prisma.TransactionClient, orders: NewOrder[]) {
  const [{ shop, options, prepared }] = orders;
  const inserted = await insertNewOrders(
    tx,
    shop.id,
    orders.map((order) => order.snapshot),
  );
  // The first of two deliveries of one order in the batch is the one inserted.
  const fresh: { order: NewOrder; orderRefId: string }[] = [];
  for (const order of orders) {
    const orderRefId = inserted.get(order.snapshot.orderId);
    if (orderRefId === undefined) continue;
    inserted.delete(order.snapshot.orderId);
    fresh.push({ order, orderRefId });
  }
  await markEventsProcessed(
    tx,
    fresh.flatMap(({ order }) => order.options.webhookEventId ?? []),
  );
  await insertNewLines(
    tx,
    shop.id,
    fresh.map(({ order, orderRefId }) => ({ orderRefId, lines: lineFields(order.snapshot, order.prepared.variants) })),
  );
  const reconciled = await reconcileOrdersAllocations(tx, {
    shopId: shop.id,
    orderRefIds: fresh.map(({ orderRefId }) => orderRefId),
    actor: options.actor,
    now: options.now,
    timeZone: prepared.timeZone,
    settings: options.preloaded?.settings,
    bumpWriteBackVersion: true,
  });
  const applied = new Map<NewOrder, Applied>();
  const pending: PendingWriteBack[] = [];
  for (const { order, orderRefId } of fresh) {
    applied.set(order, {
      outcome: "applied",
      orderRefId,
      markedProcessed: order.options.webhookEventId !== undefined,
    });
    const version = reconciled.get(orderRefId)?.writeBackVersion;
    if (version !== undefined) pending.push({ shopId: shop.id, orderRefId, version });
  }
  return { applied, pending };
}

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error) => ({ ok: false, error }),
  );
}

export function snapshotVariantIds(snapshot: OrderSnapshot): string[] {
  return snapshot.lines.flatMap((line) => (line.variantId ? [line.variantId] : []));
}

interface AppliedInTransaction {
  result: { outcome: OrderSyncOutcome; orderRefId: string };
  /** The write-back to queue once the transaction has committed. */
  pending: PendingWriteBack | null;
}
