// How an order's and a line's allocation read to a merchant, shared by the order block and the
// order action so both say the same thing about the same state.
import type { LineAllocationState, OrderAllocationState } from "../../app/extension-api/types";
import type { Tone } from "./lot-wording";

export interface StatusWording {
  label: string;
  tone: Tone;
}

const ORDER_STATUS: Record<OrderAllocationState, StatusWording> = {
  not_processed: { label: "Not processed yet", tone: "neutral" },
  pending: { label: "Allocating", tone: "info" },
  allocated: { label: "Allocated", tone: "success" },
  partial: { label: "Partly allocated", tone: "warning" },
  needs_attention: { label: "Needs attention", tone: "critical" },
  cancelled: { label: "Cancelled", tone: "neutral" },
};

const LINE_STATUS: Record<LineAllocationState, StatusWording> = {
  pending: { label: "Allocating", tone: "info" },
  untracked: { label: "Not lot-tracked", tone: "neutral" },
  allocated: { label: "Allocated", tone: "success" },
  partial: { label: "Partly allocated", tone: "warning" },
  needs_attention: { label: "Needs attention", tone: "critical" },
  released: { label: "Released", tone: "neutral" },
};

export function orderStatusWording(status: OrderAllocationState): StatusWording {
  return ORDER_STATUS[status] ?? { label: status, tone: "neutral" };
}

export function lineStatusWording(status: LineAllocationState): StatusWording {
  return LINE_STATUS[status] ?? { label: status, tone: "neutral" };
}

/** What the merchant should know beside the status badge (null when the badge says it all). */
export function orderStatusDetail(status: OrderAllocationState, attentionReason: string | null): string | null {
  switch (status) {
    case "needs_attention":
      return attentionReason ?? "Lotline could not allocate this order on its own. Open it in Lotline to decide.";
    case "partial":
      return attentionReason ?? "Some units have no lot yet; Lotline allocates them when stock arrives.";
    case "pending":
      return "Lotline is allocating this order; check back in a moment.";
    case "cancelled":
      return "The order was cancelled; its unshipped units went back to their lots.";
    case "not_processed":
      return "Lotline has not received this order yet. Orders are allocated a few moments after Shopify sends them.";
    default:
      return null;
  }
}
