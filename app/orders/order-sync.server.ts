// Order sync: Shopify order → OrderRef/OrderLineRef → allocation, newest version wins.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function syncOrderFromShopify(_db: Db, _payload: JobPayload<"orders.sync">): Promise<unknown> {
  throw new Error("orders.sync is not built yet");
}
