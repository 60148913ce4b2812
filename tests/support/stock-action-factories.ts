// Recalls whose lots and orders exist on both sides, Lotline's tables and the simulated store,
// for the "stop the stock" and Flow trigger tests; and what the store shows a merchant about them.
import type { Db } from "../../app/db.server";
import type { JobPayload } from "../../app/jobs/contract";
import { findInventoryLevel } from "../../simulator/store/inventory";
import type { Store } from "../../simulator/store/store";
import type { LotlineShop } from "./write-back-factories";

let recallCount = 0;

/** A recall of `lotIds` in the shop, as R1's draft/send would leave it (numbered per shop from 1). */
export async function createRecallOf(
  db: Db,
  shop: { shopId: string },
  lotIds: string[],
  options: { status?: "draft" | "sent"; number?: number; reason?: string } = {},
) {
  recallCount += 1;
  const number = options.number ?? (await db.recall.count({ where: { shopId: shop.shopId } })) + 1;
  const recall = await db.recall.create({
    data: {
      shopId: shop.shopId,
      number,
      title: `Lavender soap skin rash ${recallCount}`,
      status: options.status ?? "sent",
      reason: options.reason ?? "Lye not fully saponified",
      hazard: "Skin irritation",
      createdBy: "user:1",
      sentAt: options.status === "draft" ? null : new Date("2026-11-20T10:00:00Z"),
    },
  });
  await db.recallLot.createMany({ data: lotIds.map((lotId) => ({ recallId: recall.id, shopId: shop.shopId, lotId })) });
  return recall;
}

/** Sets what Lotline believes a lot holds (the factories' lots start with 100,000 on hand, none allocated). */
export async function setLotQuantities(db: Db, lotId: string, quantities: { onHand: number; allocated: number }) {
  return db.lot.update({
    where: { id: lotId },
    data: { onHandQuantity: quantities.onHand, allocatedQuantity: quantities.allocated },
  });
}

/** The soap's (or candle's) quantities at the shop's location, as Shopify's admin shows them. */
export function levelIn(store: Store, shop: LotlineShop, variant: "soap" | "candle" = "soap") {
  const state = store.shops.get(shop.domain)!;
  // A copy: the store changes its record in place, and a test compares before with after.
  return { ...findInventoryLevel(state, shop[variant].inventoryItemId, shop.location.id)!.quantities };
}

/** An order's fulfillment orders with their holds, and its tags, as Shopify's admin shows them. */
export function orderIn(store: Store, shop: LotlineShop, orderId: string) {
  const state = store.shops.get(shop.domain)!;
  const order = state.orders.get(orderId)!;
  const fulfillmentOrders = [...state.fulfillmentOrders.values()].filter((fo) => fo.orderId === orderId);
  return {
    tags: order.tags,
    fulfillmentOrders: fulfillmentOrders.map((fo) => ({
      status: fo.status,
      holds: fo.holds.map((hold) => ({ handle: hold.handle, reason: hold.reason, reasonNotes: hold.reasonNotes })),
    })),
  };
}

/** An enqueue that keeps the jobs, so a test runs them when and as often as it wants. */
export function keptJobs() {
  const jobs: JobPayload<"recalls.apply-action">[] = [];
  return {
    jobs,
    enqueue: async (_name: "recalls.apply-action", payload: JobPayload<"recalls.apply-action">) => {
      jobs.push(payload);
    },
  };
}
