// "Stop the stock": quarantine remaining units, hold unfulfilled orders, tag affected orders —
// each optional, each reversible, each with its result recorded.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import type { AdminGraphql } from "../shopify/admin-graphql.server";

export async function runRecallAction(
  _db: Db,
  _input: JobPayload<"recalls.apply-action">,
  _deps: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql> },
): Promise<unknown> {
  throw new Error("runRecallAction is not built yet");
}
