// How an order's allocation and its Shopify write-back read to a merchant: badge tone and label
// per status, and where the lot tags stand. Pure, shared by the Orders list and the order page.

export type OrderAllocationStatus = "pending" | "allocated" | "partial" | "needs_attention" | "cancelled";
export type LineAllocationStatus = "pending" | "untracked" | "allocated" | "partial" | "needs_attention" | "released";
type Tone = "success" | "warning" | "critical" | "attention" | "info" | undefined;

export const ORDER_STATUS_BADGE: Record<OrderAllocationStatus, { tone: Tone; label: string }> = {
  pending: { tone: "info", label: "Pending" },
  allocated: { tone: "success", label: "Allocated" },
  partial: { tone: "warning", label: "Partial" },
  needs_attention: { tone: "critical", label: "Needs attention" },
  cancelled: { tone: undefined, label: "Cancelled" },
};

export const LINE_STATUS_BADGE: Record<LineAllocationStatus, { tone: Tone; label: string }> = {
  pending: { tone: "info", label: "Pending" },
  untracked: { tone: undefined, label: "Not lot-tracked" },
  allocated: { tone: "success", label: "Allocated" },
  partial: { tone: "warning", label: "Partial" },
  needs_attention: { tone: "critical", label: "Needs attention" },
  released: { tone: undefined, label: "Released" },
};

/** The Orders page's tabs, in order; "all" filters nothing. */
export const ORDER_TABS = [
  { id: "all", label: "All", status: null },
  { id: "needs_attention", label: "Needs attention", status: "needs_attention" },
  { id: "partial", label: "Partial", status: "partial" },
  { id: "allocated", label: "Allocated", status: "allocated" },
  { id: "cancelled", label: "Cancelled", status: "cancelled" },
] as const satisfies readonly { id: string; label: string; status: OrderAllocationStatus | null }[];

export type OrderTabId = (typeof ORDER_TABS)[number]["id"];

export type WriteBackState =
  | { state: "none" }
  | { state: "done" }
  | { state: "pending" }
  | { state: "failed"; error: string };

/**
 * Where the order's lot tags and metafield stand in Shopify. Version 0 means no allocation ever
 * changed, so there is nothing to write; an error only counts while the newest version is unwritten.
 */
export function writeBackState(order: {
  writeBackVersion: number;
  writtenBackVersion: number;
  writeBackError: string | null;
}): WriteBackState {
  if (order.writeBackVersion === 0) return { state: "none" };
  if (order.writtenBackVersion >= order.writeBackVersion) return { state: "done" };
  if (order.writeBackError) return { state: "failed", error: order.writeBackError };
  return { state: "pending" };
}

export const WRITE_BACK_BADGE = {
  none: { tone: undefined, label: "Nothing to write" },
  done: { tone: "success", label: "In Shopify" },
  pending: { tone: "info", label: "Shopify update pending" },
  failed: { tone: "critical", label: "Shopify update failed" },
} as const satisfies Record<WriteBackState["state"], { tone: Tone; label: string }>;

/** The numeric id in a Shopify gid, e.g. "gid://shopify/Order/1001" → "1001". */
export function numericId(gid: string): string {
  return gid.split("/").pop() ?? gid;
}
