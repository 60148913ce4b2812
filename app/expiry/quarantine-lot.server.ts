// When the shop asks for it, an expired lot's sellable stock leaves Shopify `available` for
// `quality_control` at the lot's location, so it cannot sell. The ledger row records exactly what
// moved, which is what moving it back later needs. Idempotent: the Shopify key is the lot's, and
// a lot with its quarantine row already written is not moved again.
import type { Db } from "../db.server";
import { withAvailable } from "../models/lot.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { describeUserErrors, moveInventoryQuantities } from "../shopify/inventory.server";
import { AppError } from "../utils/errors";

export const EXPIRY_QUARANTINE = "expiry-quarantine";

export function lotDocumentUri(lotId: string): string {
  return `gid://lotline/Lot/${lotId}`;
}

export async function quarantineExpiredLot(
  db: Db,
  input: { shopId: string; lotId: string },
  collaborators: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql>; now?: Date },
): Promise<{ moved: number }> {
  const lot = await db.lot.findFirst({
    where: { id: input.lotId, shopId: input.shopId },
    include: { shop: { select: { domain: true, uninstalledAt: true } } },
  });
  if (!lot) throw new AppError("NOT_FOUND", "The lot to quarantine no longer exists.");
  if (lot.shop.uninstalledAt) return { moved: 0 };
  // Re-read before acting: only a lot still expired is quarantined, and only once.
  if (lot.status !== "expired") return { moved: 0 };
  const done = await db.lotEvent.findFirst({
    where: {
      shopId: input.shopId,
      lotId: lot.id,
      type: "quarantined",
      reference: { path: ["kind"], equals: EXPIRY_QUARANTINE },
    },
  });
  if (done) return { moved: 0 };
  const quantity = withAvailable(lot).availableQuantity;
  if (quantity <= 0) return { moved: 0 };

  const graphql = await collaborators.adminGraphql(lot.shop.domain);
  const result = await moveInventoryQuantities(graphql, {
    inventoryItemId: lot.inventoryItemId,
    locationId: lot.locationId,
    quantity,
    from: "available",
    to: "quality_control",
    reason: "quality_control",
    referenceDocumentUri: lotDocumentUri(lot.id),
    ledgerDocumentUri: lotDocumentUri(lot.id),
    idempotencyKey: `quarantine-expired-${lot.id}`,
  });
  if (!result.ok) {
    throw new AppError(
      "INVALID_DATA",
      `Shopify refused to move lot ${lot.code} to quality control: ${describeUserErrors(result.userErrors)}`,
    );
  }
  await db.lotEvent.create({
    data: {
      shopId: input.shopId,
      lotId: lot.id,
      type: "quarantined",
      quantity: 0,
      occurredAt: collaborators.now ?? new Date(),
      actor: "lotline:expiry",
      reference: {
        kind: EXPIRY_QUARANTINE,
        from: "available",
        to: "quality_control",
        quantity,
        shopifyAdjustmentGroupId: result.adjustmentGroupId,
      },
    },
  });
  return { moved: quantity };
}
