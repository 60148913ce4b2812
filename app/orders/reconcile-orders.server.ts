// The 15-minute reconciliation sweep: orders changed in Shopify that Lotline has not seen.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function enqueueOrderReconciliations(_db: Db): Promise<unknown> {
  throw new Error("maintenance.reconcile-orders is not built yet");
}

export async function reconcileShopOrders(_db: Db, _payload: JobPayload<"orders.reconcile">): Promise<unknown> {
  throw new Error("orders.reconcile is not built yet");
}
