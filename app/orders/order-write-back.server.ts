// Writes an order's lot tags and allocations metafield to Shopify.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function writeBackOrder(_db: Db, _payload: JobPayload<"orders.write-back">): Promise<unknown> {
  throw new Error("orders.write-back is not built yet");
}
