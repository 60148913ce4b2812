// Lotline's Shopify Flow triggers: fired with flowTriggerReceive only for shops whose trigger
// lifecycle callback says a workflow using the trigger is enabled, and once per subject and
// occasion (FlowTriggerFiring).
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import type { AdminGraphql } from "../shopify/admin-graphql.server";

export async function fireFlowTrigger(
  _db: Db,
  _input: JobPayload<"flow.fire-trigger">,
  _deps: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql> },
): Promise<{ fired: boolean }> {
  throw new Error("not implemented yet");
}
