// Which shops have an enabled Flow workflow using each trigger, as Flow's trigger lifecycle
// callbacks report it. Triggers are fired only for these shops.
import { newRowId } from "../allocation/row-ids";
import type { Db, Prisma } from "../db.server";
import type { TriggerHandle } from "./trigger-handles";

export type LifecycleOutcome =
  /** The shop's subscription now says what the callback said. */
  | "applied"
  /** A callback with this timestamp or a newer one was applied already: nothing changed. */
  | "stale"
  /** The shop is not (or no longer) using Lotline: nothing stored, Flow still gets its 2xx. */
  | "unknown_shop";

export async function recordTriggerLifecycle(
  db: Db,
  input: { shopDomain: string; handle: TriggerHandle; enabled: boolean; reportedAt: Date },
): Promise<LifecycleOutcome> {
  const shop = await db.shop.findUnique({
    where: { domain: input.shopDomain },
    select: { id: true, uninstalledAt: true },
  });
  if (!shop || shop.uninstalledAt) return "unknown_shop";
  // One statement, so two callbacks racing still leave the newer one standing.
  const applied = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "FlowTriggerSubscription" ("id", "shopId", "handle", "enabled", "reportedAt", "updatedAt")
    VALUES (${newRowId()}::uuid, ${shop.id}::uuid, ${input.handle}, ${input.enabled}, ${input.reportedAt}::timestamp(3), now())
    ON CONFLICT ("shopId", "handle") DO UPDATE SET
      "enabled" = EXCLUDED."enabled", "reportedAt" = EXCLUDED."reportedAt", "updatedAt" = now()
    WHERE "FlowTriggerSubscription"."reportedAt" < EXCLUDED."reportedAt"
    RETURNING "id"`;
  return applied.length > 0 ? "applied" : "stale";
}

/** Whether the shop has an enabled workflow using the trigger; null when Flow never said. */
export async function isTriggerEnabled(
  db: Db | Prisma.TransactionClient,
  shopId: string,
  handle: TriggerHandle,
): Promise<boolean | null> {
  const subscription = await db.flowTriggerSubscription.findUnique({
    where: { shopId_handle: { shopId, handle } },
    select: { enabled: true },
  });
  return subscription?.enabled ?? null;
}
