// Lotline's Shopify Flow triggers: the extension handles Flow knows them by (folder = handle).
import type { JobPayload } from "../jobs/contract";

export const TRIGGER_HANDLES = {
  lotRecalled: "lot-recalled",
  lotExpiringSoon: "lot-expiring-soon",
  orderNeedsAttention: "order-needs-lot-attention",
} as const;

export type TriggerHandle = (typeof TRIGGER_HANDLES)[keyof typeof TRIGGER_HANDLES];

/** The `flow.fire-trigger` job's trigger names → the extension handle each one fires. */
export const JOB_TRIGGER_HANDLES: Record<JobPayload<"flow.fire-trigger">["trigger"], TriggerHandle> = {
  "lot-expiring-soon": TRIGGER_HANDLES.lotExpiringSoon,
  "order-needs-attention": TRIGGER_HANDLES.orderNeedsAttention,
};

/**
 * The trigger names merchants see (each TOML's `name`; app/flow/trigger-extensions.test.ts keeps
 * them equal). Flow's lifecycle callback names the trigger in `flow_trigger_definition_id`, which
 * may be the handle or this name.
 */
export const TRIGGER_NAMES: Record<TriggerHandle, string> = {
  [TRIGGER_HANDLES.lotRecalled]: "Lot recalled",
  [TRIGGER_HANDLES.lotExpiringSoon]: "Lot expiring soon",
  [TRIGGER_HANDLES.orderNeedsAttention]: "Order needs lot attention",
};

/** The handle a lifecycle callback's `flow_trigger_definition_id` names, or null when it is not Lotline's. */
export function triggerHandleOf(definitionId: string): TriggerHandle | null {
  for (const [handle, name] of Object.entries(TRIGGER_NAMES) as [TriggerHandle, string][]) {
    if (definitionId === handle || definitionId === name) return handle;
  }
  return null;
}

/** Queues a `flow.fire-trigger` job (the job queue in production; a recorder in tests). */
export type EnqueueFlowTrigger = (payload: JobPayload<"flow.fire-trigger">) => Promise<unknown>;
