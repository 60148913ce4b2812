// Explains Shopify's on-hand count of one item at one location with Lotline's lots. Units Shopify
// has beyond them become unassigned stock; units it lacks come off unassigned stock first, then
// off lots (first expiry first), as `adjusted` ledger rows. A run never decides on a passing
// state: while Lotline has not yet seen a change Shopify made (a fulfilment, a refund, a receipt
// being written back), it is retried later instead.
import { moveLotQuantities } from "../allocation/lot-ledger.server";
import type { Db, Prisma } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { RetryLaterError, rateLimitedAdminGraphql } from "../shopify/rate-limited-admin.server";
import { logger } from "../utils/logger.server";
import { lockInventoryLevel } from "./level-lock.server";
import { fetchInventoryLevel, type ShopifyLevel } from "./level-quantities.server";
import { planReconciliation, type ReconcilePlan } from "./reconcile-plan";

type Tx = Prisma.TransactionClient;
type Level = JobPayload<"inventory.reconcile-level">;

/** Webhook topics whose changes to on-hand Lotline mirrors in its lots (through the allocation service). */
export const ON_HAND_TOPICS = [
  "orders/fulfilled",
  "orders/partially_fulfilled",
  "fulfillments/create",
  "fulfillments/update",
  "refunds/create",
];

/** An unprocessed delivery older than this is stuck (its own job reports it), not in flight. */
const IN_FLIGHT_WINDOW_MS = 60 * 60_000;

export const RECONCILE_ACTOR = "job:inventory.reconcile-level";

/** How long a deferred reconciliation waits before looking again. */
const DEFER_MS = 30_000;

/**
 * Lotline is behind Shopify for a moment; retrying later decides on a settled state. The worker
 * delays the job without spending one of its attempts (bounded by IN_FLIGHT_WINDOW_MS).
 */
export class ReconcileDeferredError extends RetryLaterError {
  constructor(reason: string) {
    super(`Inventory reconciliation deferred: ${reason}`, DEFER_MS);
    this.name = "ReconcileDeferredError";
  }
}

export type ReconcileOutcome =
  | { outcome: "gone" | "not-installed" | "untracked" }
  | ({ outcome: "reconciled"; shopifyOnHand: number } & ReconcilePlan);

export async function reconcileInventoryLevel(
  db: Db,
  level: Level,
  collaborators: { adminGraphql?: (shopDomain: string) => Promise<AdminGraphql>; now?: () => Date } = {},
): Promise<ReconcileOutcome> {
  const now = collaborators.now ?? (() => new Date());
  const shop = await db.shop.findUnique({ where: { id: level.shopId }, select: { domain: true, uninstalledAt: true } });
  if (!shop) return { outcome: "gone" };
  if (shop.uninstalledAt) return { outcome: "not-installed" };

  await assertSettled(db, level, now());
  const readAt = now();
  const graphql = await (collaborators.adminGraphql ?? rateLimitedAdminGraphql)(shop.domain);
  const shopifyLevel = await fetchInventoryLevel(graphql, level);
  if (!shopifyLevel) return { outcome: "gone" };
  if (!shopifyLevel.tracked) return { outcome: "untracked" };

  return db.$transaction(
    async (tx) => {
      await lockInventoryLevel(tx, level);
      // Re-checked under the lock: a write-back that finished after Shopify was read is not in that read.
      await assertSettled(tx, level, now(), readAt);
      return applyReconciliation(tx, level, shopifyLevel, now());
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}

async function applyReconciliation(tx: Tx, level: Level, shopifyLevel: ShopifyLevel, at: Date) {
  const where = { shopId: level.shopId, inventoryItemId: level.inventoryItemId, locationId: level.locationId };
  // The unassigned row first (lot imports lower it under its row lock), then the lots in the
  // allocation service's order (by id): what is read below is one consistent state, deadlock-free.
  await tx.$queryRaw`SELECT id FROM "UnassignedStock" WHERE "shopId" = ${level.shopId}::uuid AND "inventoryItemId" = ${level.inventoryItemId} AND "locationId" = ${level.locationId} FOR UPDATE`;
  await tx.$queryRaw`SELECT id FROM "Lot" WHERE "shopId" = ${level.shopId}::uuid AND "inventoryItemId" = ${level.inventoryItemId} AND "locationId" = ${level.locationId} ORDER BY id FOR UPDATE`;
  const [lots, unassignedRow, failedReceiptUnits] = await Promise.all([
    tx.lot.findMany({ where }),
    tx.unassignedStock.findUnique({ where: { shopId_inventoryItemId_locationId: where } }),
    tx.receiptLine.aggregate({
      where: {
        shopId: level.shopId,
        inventoryItemId: level.inventoryItemId,
        receipt: { locationId: level.locationId, writeBackStatus: "failed" },
      },
      _sum: { quantity: true },
    }),
  ]);
  const plan = planReconciliation({
    shopifyOnHand: shopifyLevel.onHand,
    lots,
    unassigned: unassignedRow?.quantity ?? 0,
    unwrittenReceiptUnits: failedReceiptUnits._sum.quantity ?? 0,
  });

  const allocated = lots.reduce((sum, lot) => sum + lot.allocatedQuantity, 0);
  if (plan.difference < 0 && allocated > shopifyLevel.committed) {
    // Shopify no longer commits units Lotline still holds for orders: they shipped (or were
    // cancelled) and the webhook saying so has not been processed yet; it will lower the lots.
    throw new ReconcileDeferredError(
      `Lotline holds ${allocated} units for orders but Shopify commits ${shopifyLevel.committed}`,
    );
  }
  if (plan.difference === 0 && unassignedRow?.shopifyOnHand === shopifyLevel.onHand) {
    return { outcome: "reconciled" as const, shopifyOnHand: shopifyLevel.onHand, ...plan };
  }

  const variant = shopifyLevel.variant ?? (await cachedVariant(tx, level));
  const details = {
    variantId: variant?.variantId ?? null,
    productId: variant?.productId ?? null,
    sku: variant?.sku ?? null,
    productTitle: variant?.productTitle ?? null,
  };
  const freshlyDetected = plan.unassigned > 0 && (unassignedRow?.quantity ?? 0) === 0;
  // A shortfall keeps a row too: its Shopify count is what the Unassigned stock page compares the lots with.
  if (unassignedRow || plan.unassigned > 0 || plan.unabsorbed > 0) {
    await tx.unassignedStock.upsert({
      where: { shopId_inventoryItemId_locationId: where },
      create: { ...where, ...details, quantity: plan.unassigned, shopifyOnHand: shopifyLevel.onHand, detectedAt: at },
      update: {
        ...details,
        quantity: plan.unassigned,
        shopifyOnHand: shopifyLevel.onHand,
        ...(freshlyDetected ? { detectedAt: at } : {}),
      },
    });
  }

  const reference = { source: "shopify", onHand: shopifyLevel.onHand };
  const lotById = new Map(lots.map((lot) => [lot.id, lot]));
  for (const adjustment of plan.adjustments) {
    const lot = lotById.get(adjustment.lotId);
    if (lot) await moveLotQuantities(tx, level.shopId, lot, { onHand: -adjustment.quantity });
  }
  if (plan.adjustments.length > 0) {
    await tx.lotEvent.createMany({
      data: plan.adjustments.map((adjustment) => ({
        shopId: level.shopId,
        lotId: adjustment.lotId,
        type: "adjusted" as const,
        quantity: -adjustment.quantity,
        occurredAt: at,
        actor: RECONCILE_ACTOR,
        reference,
      })),
    });
  }

  if (plan.difference !== 0) {
    await tx.auditEntry.create({
      data: {
        shopId: level.shopId,
        actor: RECONCILE_ACTOR,
        action: plan.unabsorbed > 0 ? "inventory.shortfall" : "inventory.reconciled",
        subjectType: "InventoryLevel",
        subjectId: `${level.inventoryItemId}@${level.locationId}`,
        details: {
          ...details,
          inventoryItemId: level.inventoryItemId,
          locationId: level.locationId,
          shopifyOnHand: shopifyLevel.onHand,
          difference: plan.difference,
          unassigned: plan.unassigned,
          adjustments: plan.adjustments.map((a) => ({ lotCode: lotById.get(a.lotId)?.code, quantity: -a.quantity })),
          unabsorbed: plan.unabsorbed,
        },
      },
    });
  }
  if (plan.unabsorbed > 0) {
    // Every unit Shopify lacks is held for orders or quarantine; the merchant has to count it.
    logger.warn(
      { ...where, shopifyOnHand: shopifyLevel.onHand, unabsorbed: plan.unabsorbed },
      "Shopify counts fewer units than Lotline's lots can give up",
    );
  }
  return { outcome: "reconciled" as const, shopifyOnHand: shopifyLevel.onHand, ...plan };
}

/** Throws ReconcileDeferredError while a change Shopify made to on-hand is not yet in Lotline's lots. */
async function assertSettled(reader: Db | Tx, level: Level, at: Date, shopifyReadAt?: Date): Promise<void> {
  const [inFlight, writingBack] = await Promise.all([
    reader.webhookEvent.count({
      where: {
        shopId: level.shopId,
        topic: { in: ON_HAND_TOPICS },
        status: { in: ["received", "enqueued"] },
        receivedAt: { gte: new Date(at.getTime() - IN_FLIGHT_WINDOW_MS) },
      },
    }),
    reader.receipt.count({
      where: {
        shopId: level.shopId,
        locationId: level.locationId,
        lines: { some: { inventoryItemId: level.inventoryItemId } },
        OR: [
          // Pending: Shopify may or may not have applied it yet; nobody can tell until it answers.
          { writeBackStatus: "pending" },
          ...(shopifyReadAt ? [{ writeBackDoneAt: { gte: shopifyReadAt } }] : []),
        ],
      },
    }),
  ]);
  if (inFlight > 0) throw new ReconcileDeferredError(`${inFlight} fulfilment or refund webhooks are not processed yet`);
  if (writingBack > 0) throw new ReconcileDeferredError("a receipt of this item is being written back to Shopify");
}

async function cachedVariant(tx: Tx, level: Level) {
  const cached = await tx.variantRef.findFirst({
    where: { shopId: level.shopId, inventoryItemId: level.inventoryItemId },
    orderBy: { syncedAt: "desc" },
  });
  return cached
    ? { variantId: cached.variantId, productId: cached.productId, sku: cached.sku, productTitle: cached.productTitle }
    : null;
}
