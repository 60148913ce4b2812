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

// The trigger names merchants see (shopify.extension.toml `name`): Flow's lifecycle callback
// identifies the trigger by its definition id, which may be the handle or the name.
const NAMES: Record<string, TriggerHandle> = {
  "Lot recalled": TRIGGER_HANDLES.lotRecalled,
  "Lot expiring soon": TRIGGER_HANDLES.lotExpiringSoon,
  "Order needs lot attention": TRIGGER_HANDLES.orderNeedsAttention,
};

/** The handle a lifecycle callback's `flow_trigger_definition_id` names, or null when it is not Lotline's. */
export function triggerHandleOf(definitionId: string): TriggerHandle | null {
  const handles: string[] = Object.values(TRIGGER_HANDLES);
  if (handles.includes(definitionId)) return definitionId as TriggerHandle;
  return NAMES[definitionId] ?? null;
}

/** Queues a `flow.fire-trigger` job (the job queue in production; a recorder in tests). */
export type EnqueueFlowTrigger = (payload: JobPayload<"flow.fire-trigger">) => Promise<unknown>;
