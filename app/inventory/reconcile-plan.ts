// Reconciling one inventory level, the pure part: given what Shopify counts on hand and what
// Lotline can explain, decide how unassigned stock and lots change. Totals are compared, never
// deltas, so a decision made once is corrected by the next one instead of drifting.

export interface ReconcileLot {
  id: string;
  expiresAt: Date | null;
  receivedAt: Date;
  status: string;
  onHandQuantity: number;
  allocatedQuantity: number;
  quarantinedQuantity: number;
}

export interface ReconcileInput {
  /** Shopify's on-hand count of the item at the location. */
  shopifyOnHand: number;
  /** Every lot of the item at the location, whatever its status. */
  lots: readonly ReconcileLot[];
  /** Units already counted as unassigned for this level. */
  unassigned: number;
  /** Units of Lotline receipts raised in the lots but not (yet) in Shopify. */
  unwrittenReceiptUnits: number;
}

export interface ReconcilePlan {
  /** Shopify minus what Lotline explains: > 0 more in Shopify, < 0 fewer. */
  difference: number;
  /** The unassigned count after this run. */
  unassigned: number;
  /** Units taken from lots, earliest expiry first; each quantity is positive. */
  adjustments: { lotId: string; quantity: number }[];
  /** Units Shopify lacks that no lot could give up (all held for orders or quarantine). */
  unabsorbed: number;
}

/** What Lotline explains of Shopify's on-hand count: its lots and unassigned stock, less receipts Shopify has not seen. */
export function explainedOnHand(input: Omit<ReconcileInput, "shopifyOnHand">): number {
  const lots = input.lots.reduce((sum, lot) => sum + lot.onHandQuantity, 0);
  return lots + input.unassigned - input.unwrittenReceiptUnits;
}

/**
 * More in Shopify: the surplus joins unassigned stock. Fewer: unassigned stock goes first (it
 * is what Lotline knows least about), then active lots, earliest expiry first (no expiry last,
 * older receipts before newer), never below what orders and quarantine hold.
 */
export function planReconciliation(input: ReconcileInput): ReconcilePlan {
  const difference = input.shopifyOnHand - explainedOnHand(input);
  if (difference >= 0) {
    return { difference, unassigned: input.unassigned + difference, adjustments: [], unabsorbed: 0 };
  }
  let missing = -difference;
  const fromUnassigned = Math.min(missing, input.unassigned);
  missing -= fromUnassigned;
  const adjustments: ReconcilePlan["adjustments"] = [];
  for (const lot of [...input.lots].filter((lot) => lot.status === "active").sort(byExpiryFirst)) {
    if (missing === 0) break;
    const free = lot.onHandQuantity - lot.allocatedQuantity - lot.quarantinedQuantity;
    const take = Math.min(free, missing);
    if (take <= 0) continue;
    adjustments.push({ lotId: lot.id, quantity: take });
    missing -= take;
  }
  return { difference, unassigned: input.unassigned - fromUnassigned, adjustments, unabsorbed: missing };
}

function byExpiryFirst(a: ReconcileLot, b: ReconcileLot): number {
  const expiry = (lot: ReconcileLot) => lot.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return expiry(a) - expiry(b) || a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id);
}
