// The "Lot recalled" Shopify Flow trigger.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import type { AdminGraphql } from "../shopify/admin-graphql.server";

export async function fireLotRecalledTrigger(
  _db: Db,
  _input: JobPayload<"recalls.flow-trigger">,
  _deps: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql> },
): Promise<{ fired: boolean }> {
  throw new Error("fireLotRecalledTrigger is not built yet");
}
