// Explains Shopify's on-hand count of one item at one location with Lotline's lots.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function reconcileInventoryLevel(
  _db: Db,
  _payload: JobPayload<"inventory.reconcile-level">,
): Promise<unknown> {
  throw new Error("inventory.reconcile-level is not built yet");
}
