// The 15-minute reconciliation sweep: orders changed in Shopify that Lotline has not seen (their
// webhooks were dropped, or are still on their way after Shopify's retries).
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { enqueue } from "../jobs/queues.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { listOrdersUpdatedSince, type OrderChangeSummary } from "../shopify/orders.server";
import { rateLimitedAdminGraphql } from "../shopify/rate-limited-admin.server";

/**
 * The first sweep of a shop looks back a day (never before the install): Shopify retries a failed
 * webhook for 4 hours and may deliver up to a day late, so that is the window in which a lost
 * change can exist; orders from before the install had no lots to allocate.
 */
export const FIRST_SWEEP_WINDOW_MS = 24 * 3600 * 1000;
/**
 * Each sweep re-reads the last minutes of the previous one: Shopify's order search catches up
 * with changes a little later, and changes within one second share an updatedAt.
 */
export const SWEEP_OVERLAP_MS = 5 * 60 * 1000;

/** "2026-11-21T18-15": the quarter hour a sweep belongs to (its job id). */
export function reconcileSlot(now: Date): string {
  const quarter = new Date(now);
  quarter.setUTCMinutes(Math.floor(now.getUTCMinutes() / 15) * 15, 0, 0);
  return quarter.toISOString().slice(0, 16).replace(":", "-");
}

export type EnqueueReconcile = (payload: JobPayload<"orders.reconcile">) => Promise<unknown>;

/** `maintenance.reconcile-orders`: one `orders.reconcile` per installed shop and quarter hour. */
export async function enqueueOrderReconciliations(
  db: Db,
  enqueueReconcile: EnqueueReconcile = (payload) => enqueue("orders.reconcile", payload),
  now: Date = new Date(),
): Promise<number> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
  const slot = reconcileSlot(now);
  for (const shop of shops) await enqueueReconcile({ shopId: shop.id, slot });
  return shops.length;
}

export type EnqueueOrderSync = (payload: JobPayload<"orders.sync">) => Promise<unknown>;

export interface ReconcileCollaborators {
  adminGraphql?: (shopDomain: string) => Promise<AdminGraphql>;
  enqueueSync?: EnqueueOrderSync;
  now?: Date;
}

const queueOrderSync: EnqueueOrderSync = (payload) =>
  // A webhook and a sweep asking for the same order within a minute: one read does for both.
  enqueue("orders.sync", payload, {
    deduplication: { id: `order-sync-${payload.shopId}-${payload.orderId}`, ttlMs: 60_000 },
  });

interface StoredSummary {
  shopifyUpdatedAt: Date;
  cancelledAt: Date | null;
  closedAt: Date | null;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
}

const sameTime = (a: string | null, b: Date | null) => (a ? Date.parse(a) : null) === (b?.getTime() ?? null);

/**
 * Behind when Shopify's copy is newer, or as new but visibly different: two changes in one
 * second share an updatedAt, and the later one's webhooks may be the ones that were lost.
 */
export function isBehind(shopify: OrderChangeSummary, stored: StoredSummary | undefined): boolean {
  if (!stored) return true;
  const difference = Date.parse(shopify.updatedAt) - stored.shopifyUpdatedAt.getTime();
  if (difference !== 0) return difference > 0;
  return (
    !sameTime(shopify.cancelledAt, stored.cancelledAt) ||
    !sameTime(shopify.closedAt, stored.closedAt) ||
    (shopify.displayFinancialStatus?.toLowerCase() ?? null) !== stored.financialStatus ||
    shopify.displayFulfillmentStatus.toLowerCase() !== stored.fulfillmentStatus
  );
}

export interface ReconcileResult {
  checked: number;
  queued: number;
  /** The cursor the next sweep starts from. */
  reconciledUntil: Date | null;
}

/**
 * `orders.reconcile`: pages Shopify's orders updated since the shop's cursor (50 a page, only
 * the fields that tell whether Lotline is behind), queues `orders.sync` for each order Lotline
 * lacks or holds an older copy of, and moves the cursor on after every page, so a retry resumes.
 */
export async function reconcileShopOrders(
  db: Db,
  payload: JobPayload<"orders.reconcile">,
  collaborators: ReconcileCollaborators = {},
): Promise<ReconcileResult> {
  const shop = await db.shop.findUnique({
    where: { id: payload.shopId },
    select: { id: true, domain: true, uninstalledAt: true, installedAt: true, ordersReconciledAt: true },
  });
  if (!shop || shop.uninstalledAt) return { checked: 0, queued: 0, reconciledUntil: null };
  const now = collaborators.now ?? new Date();
  const enqueueSync = collaborators.enqueueSync ?? queueOrderSync;
  const since =
    shop.ordersReconciledAt ??
    new Date(Math.max(shop.installedAt.getTime() - SWEEP_OVERLAP_MS, now.getTime() - FIRST_SWEEP_WINDOW_MS));
  // Changes after this may not be searchable yet: the next sweep looks at them again.
  const settledBefore = new Date(Math.max(since.getTime(), now.getTime() - SWEEP_OVERLAP_MS));
  const graphql = await (collaborators.adminGraphql ?? rateLimitedAdminGraphql)(shop.domain);

  let checked = 0;
  let queued = 0;
  let after: string | null = null;
  for (;;) {
    const page = await listOrdersUpdatedSince(graphql, since, after);
    const stored = await db.orderRef.findMany({
      where: { shopId: shop.id, shopifyOrderId: { in: page.orders.map((order) => order.id) } },
      select: {
        shopifyOrderId: true,
        shopifyUpdatedAt: true,
        cancelledAt: true,
        closedAt: true,
        financialStatus: true,
        fulfillmentStatus: true,
      },
    });
    const byId = new Map(stored.map((row) => [row.shopifyOrderId, row]));
    for (const order of page.orders) {
      checked += 1;
      const known = byId.get(order.id);
      if (!isBehind(order, known)) continue;
      await enqueueSync({ shopId: shop.id, orderId: order.id, reason: known ? "reconcile" : "unknown" });
      queued += 1;
    }
    if (!page.nextCursor) break;
    // Oldest change first: everything before the page's last second is done (ties may continue on the next page).
    const last = page.orders.at(-1);
    if (last)
      await advanceCursor(db, shop.id, new Date(Math.min(Date.parse(last.updatedAt) - 1000, settledBefore.getTime())));
    after = page.nextCursor;
  }
  await advanceCursor(db, shop.id, settledBefore);
  return { checked, queued, reconciledUntil: settledBefore };
}

/** Moves the cursor forward only: a slow sweep finishing after a newer one must not rewind it. */
async function advanceCursor(db: Db, shopId: string, to: Date): Promise<void> {
  await db.shop.updateMany({
    where: { id: shopId, OR: [{ ordersReconciledAt: null }, { ordersReconciledAt: { lt: to } }] },
    data: { ordersReconciledAt: to },
  });
}
