// Order sync: Shopify order → OrderRef/OrderLineRef → allocation, newest version wins. Decides
// what to apply from what arrived (a webhook body, a partial event, an Admin API read) and what
// Lotline holds; apply-order.server.ts writes it.
import { CACHED_FACT_KEYS, retrieveShopLocationIds } from "../catalog/shop-locations.server";
import type { CachedVariantRow } from "../catalog/variant-cache.server";
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { SETTINGS_KEY, shopSettingsFrom } from "../settings/shop-settings.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchOrder } from "../shopify/orders.server";
import { rateLimitedAdminGraphql } from "../shopify/rate-limited-admin.server";
import { createBatcherPerKey } from "../utils/batcher";
import {
  type ApplyOptions,
  applyNewOrder,
  applySnapshot,
  NeedsAdminRead,
  type OrderSyncOutcome,
  type ShopRef,
  snapshotVariantIds,
} from "./apply-order.server";
import { snapshotFromAdminOrder } from "./order-admin-snapshot";
import type { PartialOrderEvent, RestOrderReading } from "./order-rest-snapshot";
import { linesWithoutLocation, type OrderSnapshot } from "./order-snapshot";

export interface OrderSyncCollaborators {
  /** The shop's Admin client (the offline session's, sharing the process's cost bucket, by default). */
  adminGraphql?: (shopDomain: string) => Promise<AdminGraphql>;
  now?: Date;
  /**
   * The inbox event this sync applies: marked processed inside the order's transaction whatever
   * its outcome, saving a statement and a commit per order.
   */
  webhookEventId?: string;
}

export interface OrderSyncResult {
  outcome: OrderSyncOutcome;
  /** Whether the order was read from the Admin API for this. */
  readFromShopify: boolean;
  orderRefId?: string;
  /** `webhookEventId` was marked processed in the transaction that committed. */
  markedProcessed?: boolean;
}

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
  const options: ApplyOptions = {
    authoritative: false,
    actor,
    shopLocationIds,
    adminGraphql,
    now: collaborators.now,
    preloaded: { timeZone: settings.timeZone, settings: shopSettingsFrom(settings.shop), variants },
    webhookEventId: collaborators.webhookEventId,
  };
  try {
    const applied = known
      ? await applySnapshot(db, shop, reading.snapshot, options)
      : await applyNewOrder(db, shop, reading.snapshot, options);
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

interface OrderAndShopFacts {
  known: { id: string; shopifyUpdatedAt: Date } | null;
  /** The Setting rows' values (null = no row). */
  settings: { locations: unknown; timeZone: unknown; shop: unknown };
  /** The variant cache's rows for the order's variants. */
  variants: CachedVariantRow[];
}

const factBatchers = new WeakMap<Db, (shopId: string, snapshot: OrderSnapshot) => Promise<OrderAndShopFacts>>();

/**
 * Lotline's version of the order and the shop facts applying it needs: the hot path of every order
 * webhook. Orders of one shop that workers take up together are read together, in one round trip.
 */
function readOrderAndShopFacts(db: Db, shopId: string, snapshot: OrderSnapshot): Promise<OrderAndShopFacts> {
  let read = factBatchers.get(db);
  if (!read) {
    read = createBatcherPerKey((key) => ({
      run: (snapshots: OrderSnapshot[]) => readOrdersAndShopFacts(db, key, snapshots),
      maxItems: 100,
      maxInFlight: 2,
    }));
    factBatchers.set(db, read);
  }
  return read(shopId, snapshot);
}

async function readOrdersAndShopFacts(
  db: Db,
  shopId: string,
  snapshots: OrderSnapshot[],
): Promise<OrderAndShopFacts[]> {
  const keys = [CACHED_FACT_KEYS.locations, CACHED_FACT_KEYS.timeZone, SETTINGS_KEY];
  const orderIds = snapshots.map((snapshot) => snapshot.orderId);
  const variantIds = [...new Set(snapshots.flatMap(snapshotVariantIds))];
  const [row] = await db.$queryRaw<
    {
      known: { id: string; shopifyOrderId: string; shopifyUpdatedAt: string }[];
      settings: unknown;
      variants: CachedVariantRow[];
    }[]
  >`
    SELECT
      (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'shopifyOrderId', o."shopifyOrderId",
           'shopifyUpdatedAt', o."shopifyUpdatedAt")), '[]'::json)
         FROM "OrderRef" o WHERE o."shopId" = ${shopId}::uuid AND o."shopifyOrderId" = ANY(${orderIds}::text[])) AS known,
      (SELECT COALESCE(json_object_agg(s.key, s.value), '{}'::json)
         FROM "Setting" s WHERE s."shopId" = ${shopId}::uuid AND s.key = ANY(${keys}::text[])) AS settings,
      (SELECT COALESCE(json_agg(json_build_object('variantId', v."variantId", 'productId', v."productId",
           'inventoryItemId', v."inventoryItemId", 'sku', v.sku)), '[]'::json)
         FROM "VariantRef" v WHERE v."shopId" = ${shopId}::uuid AND v."variantId" = ANY(${variantIds}::text[])) AS variants`;
  const stored = (row?.settings ?? {}) as Record<string, unknown>;
  const settings = {
    locations: stored[CACHED_FACT_KEYS.locations] ?? null,
    timeZone: stored[CACHED_FACT_KEYS.timeZone] ?? null,
    shop: stored[SETTINGS_KEY] ?? null,
  };
  // json_build_object writes a timestamp without zone; the column holds UTC.
  const known = new Map(
    (row?.known ?? []).map((order) => [
      order.shopifyOrderId,
      { id: order.id, shopifyUpdatedAt: new Date(`${order.shopifyUpdatedAt}Z`) },
    ]),
  );
  const variants = new Map((row?.variants ?? []).map((variant) => [variant.variantId, variant]));
  return snapshots.map((snapshot) => ({
    known: known.get(snapshot.orderId) ?? null,
    settings,
    variants: snapshotVariantIds(snapshot).flatMap((id) => variants.get(id) ?? []),
  }));
}
