// Lotline's Shopify Flow triggers: fired with flowTriggerReceive only for shops whose trigger
// lifecycle callback says a workflow using the trigger is enabled, and once per subject and
// occasion (FlowTriggerFiring).
import type { Db, Prisma } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";
import { lotExpiringSoonFiring } from "./lot-expiring-soon.server";
import { orderNeedsAttentionFiring } from "./order-needs-attention.server";
import { isTriggerEnabled } from "./subscriptions.server";
import type { TriggerHandle } from "./trigger-handles";
import type { TriggerPayload } from "./trigger-payloads";

export interface FlowDeps {
  adminGraphql: (shopDomain: string) => Promise<AdminGraphql>;
  /** The clock: "today" for the days left until a lot expires, how long a job waited. */
  now?: Date;
}

export type FiringOutcome =
  | { fired: true }
  | {
      fired: false;
      reason:
        | "not_reported"
        | "disabled"
        | "already_fired"
        /** The subject no longer is what the trigger announces (lot sold out, order allocated…). */
        | "no_longer_applies"
        /** The change that queued the firing was rolled back: the subject never was what it announces. */
        | "not_committed";
    };

/** One firing as a trigger's own code prepares it: the subject, the occasion and what Flow receives. */
export interface PreparedFiring {
  shopId: string;
  shopDomain: string;
  handle: TriggerHandle;
  subjectId: string;
  occasion: string;
  /** Keys are the field keys of the trigger extension's TOML (app/flow/trigger-payloads.ts). */
  payload: TriggerPayload;
}

const FLOW_TRIGGER_RECEIVE = `#graphql
mutation LotlineFlowTrigger($handle: String!, $payload: JSON!) {
  flowTriggerReceive(handle: $handle, payload: $payload) {
    userErrors { field message }
  }
}`;

/**
 * Fires one trigger once: only while the shop's workflow using it is enabled, and never twice
 * for the same subject and occasion. A crash after Shopify accepted it but before `firedAt` is
 * written fires it again on the retry: a duplicate workflow run is better than a lost one.
 */
export async function fireTriggerOnce(db: Db, firing: PreparedFiring, deps: FlowDeps): Promise<FiringOutcome> {
  const { shopId, handle, subjectId, occasion } = firing;
  const enabled = await isTriggerEnabled(db, shopId, handle);
  if (enabled !== true) {
    const reason = enabled === null ? "not_reported" : "disabled";
    logger.info({ shopId, handle, subjectId, occasion, reason }, "Flow trigger not fired: no enabled workflow uses it");
    return { fired: false, reason };
  }
  const key = { shopId, handle, subjectId, occasion };
  await db.flowTriggerFiring.createMany({
    data: [{ ...key, payload: firing.payload as Prisma.InputJsonObject }],
    skipDuplicates: true,
  });
  const recorded = await db.flowTriggerFiring.findUniqueOrThrow({
    where: { shopId_handle_subjectId_occasion: key },
    select: { id: true, firedAt: true },
  });
  if (recorded.firedAt) return { fired: false, reason: "already_fired" };

  // THROTTLED answers are retried by the rate-limited client; anything else Shopify refuses is final.
  const graphql = await deps.adminGraphql(firing.shopDomain);
  const data = await adminQuery<{ flowTriggerReceive: { userErrors: { message: string }[] } | null }>(
    graphql,
    FLOW_TRIGGER_RECEIVE,
    { handle, payload: firing.payload },
  );
  const userErrors = data.flowTriggerReceive?.userErrors ?? [];
  if (userErrors.length > 0) {
    throw new AppError(
      "INVALID_DATA",
      `Shopify Flow refused the "${handle}" trigger: ${userErrors.map((error) => error.message).join("; ")}`,
    );
  }
  await db.flowTriggerFiring.update({
    where: { id: recorded.id, shopId },
    data: { firedAt: new Date(), payload: firing.payload as Prisma.InputJsonObject },
  });
  return { fired: true };
}

/** The `flow.fire-trigger` job: re-reads the subject, then fires its trigger once for the occasion. */
export async function fireFlowTrigger(
  db: Db,
  input: JobPayload<"flow.fire-trigger">,
  deps: FlowDeps,
): Promise<FiringOutcome> {
  const prepared =
    input.trigger === "lot-expiring-soon"
      ? await lotExpiringSoonFiring(db, input, deps)
      : await orderNeedsAttentionFiring(db, input, deps.now);
  if (typeof prepared === "string") return { fired: false, reason: prepared };
  return fireTriggerOnce(db, prepared, deps);
}
