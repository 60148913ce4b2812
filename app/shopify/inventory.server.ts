// Shopify inventory quantities: the one mutation receiving needs. Since 2026-04 Shopify
// requires `@idempotent(key:)` on it, which is what makes a retried write-back safe: the same
// key and input replays the first answer instead of applying the change twice.
import { type AdminGraphql, adminQuery } from "./admin-graphql.server";

const ADJUST_QUANTITIES = `#graphql
mutation LotlineAdjustQuantities($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

export interface InventoryUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface QuantityChange {
  inventoryItemId: string;
  locationId: string;
  delta: number;
}

export interface AdjustQuantitiesInput {
  /** The quantity state to change, e.g. "available". */
  name: string;
  /** One of Shopify's reasons, e.g. "received", "correction". */
  reason: string;
  /** Why it changed, shown in Shopify's inventory history, e.g. gid://lotline/Receipt/<id>. */
  referenceDocumentUri: string;
  /** Same key + same input = the same change, however often it is sent. */
  idempotencyKey: string;
  changes: QuantityChange[];
}

export type AdjustQuantitiesResult =
  | { ok: true; adjustmentGroupId: string | null }
  | { ok: false; userErrors: InventoryUserError[] };

/**
 * Applies quantity deltas. Shopify's refusals (unknown location, item not stocked there, …)
 * come back as `userErrors`; transport failures throw, classified by `classifyAdminError`.
 */
export async function adjustInventoryQuantities(
  graphql: AdminGraphql,
  input: AdjustQuantitiesInput,
): Promise<AdjustQuantitiesResult> {
  const data = await adminQuery<{
    inventoryAdjustQuantities: {
      inventoryAdjustmentGroup: { id: string } | null;
      userErrors: InventoryUserError[];
    } | null;
  }>(graphql, ADJUST_QUANTITIES, {
    key: input.idempotencyKey,
    input: {
      name: input.name,
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri,
      changes: input.changes.map((change) => ({
        inventoryItemId: change.inventoryItemId,
        locationId: change.locationId,
        delta: change.delta,
        // Required since 2026-04; null: add to whatever is there (no compare-and-swap), which
        // is what a receipt means. The idempotency key prevents a double application.
        changeFromQuantity: null,
      })),
    },
  });
  const payload = data.inventoryAdjustQuantities;
  if (!payload) {
    return { ok: false, userErrors: [{ field: null, message: "Shopify returned no result", code: null }] };
  }
  if (payload.userErrors.length > 0) return { ok: false, userErrors: payload.userErrors };
  return { ok: true, adjustmentGroupId: payload.inventoryAdjustmentGroup?.id ?? null };
}

/** User errors as one line a merchant can read on the receipt. */
export function describeUserErrors(errors: InventoryUserError[]): string {
  return errors.map((error) => (error.code ? `${error.message} (${error.code})` : error.message)).join("; ");
}

const MOVE_QUANTITIES = `#graphql
mutation LotlineMoveQuantities($input: InventoryMoveQuantitiesInput!, $key: String!) {
  inventoryMoveQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}`;

export interface MoveQuantitiesInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  /** Quantity states, e.g. "available" → "quality_control". */
  from: string;
  to: string;
  /** One of Shopify's reasons, e.g. "quality_control". */
  reason: string;
  referenceDocumentUri: string;
  /** Shopify requires one on every side that is not `available`, e.g. gid://lotline/Lot/<id>. */
  ledgerDocumentUri: string;
  idempotencyKey: string;
}

/** Moves units between two quantity states at one location (same refusal/throw rules as adjusting). */
export async function moveInventoryQuantities(
  graphql: AdminGraphql,
  input: MoveQuantitiesInput,
): Promise<AdjustQuantitiesResult> {
  const terminal = (name: string) => ({
    name,
    locationId: input.locationId,
    // Required since 2026-04; null: move from whatever is there, the key prevents a double move.
    changeFromQuantity: null,
    ...(name === "available" ? {} : { ledgerDocumentUri: input.ledgerDocumentUri }),
  });
  const data = await adminQuery<{
    inventoryMoveQuantities: {
      inventoryAdjustmentGroup: { id: string } | null;
      userErrors: InventoryUserError[];
    } | null;
  }>(graphql, MOVE_QUANTITIES, {
    key: input.idempotencyKey,
    input: {
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri,
      changes: [
        {
          inventoryItemId: input.inventoryItemId,
          quantity: input.quantity,
          from: terminal(input.from),
          to: terminal(input.to),
        },
      ],
    },
  });
  const payload = data.inventoryMoveQuantities;
  if (!payload) {
    return { ok: false, userErrors: [{ field: null, message: "Shopify returned no result", code: null }] };
  }
  if (payload.userErrors.length > 0) return { ok: false, userErrors: payload.userErrors };
  return { ok: true, adjustmentGroupId: payload.inventoryAdjustmentGroup?.id ?? null };
}
