// The lots the order page offers for one line, each with the reason the rules would skip it.
import type { Db } from "../db.server";
import { compareLotsFefo, lotExclusion } from "../domain/allocation-planner";
import { AppError } from "../utils/errors";
import { loadShopSettings, minShelfLifeDays, shopToday, toCandidateLot } from "./allocation-rules.server";
import { isRowId } from "./order-line-lock.server";

export interface LineAllocationOption {
  lotId: string;
  code: string;
  expiresAt: Date | null;
  receivedAt: Date;
  status: string;
  locationId: string;
  /** Units no order holds (on hand − allocated − quarantined). */
  available: number;
  /** Unshipped units of the lot this line holds now. */
  allocatedToLine: number;
  pinned: boolean;
  /** Why automatic allocation would not choose the lot; null when it may. */
  excludedReason: string | null;
}

/**
 * The lots the order page offers for one line: the line's variant at the line's location (and any
 * lot the line holds elsewhere), FEFO, each with the reason the rules would skip it.
 */
export async function lineAllocationOptions(
  db: Db,
  shopId: string,
  orderLineId: string,
  options: { now?: Date; timeZone?: string | null } = {},
): Promise<LineAllocationOption[]> {
  const line = isRowId(orderLineId)
    ? await db.orderLineRef.findFirst({ where: { id: orderLineId, shopId }, include: { allocations: true } })
    : null;
  if (!line) throw new AppError("NOT_FOUND", "This order line is not in your shop. Reload the order and try again.");
  if (!line.variantId) return [];
  const heldLotIds = line.allocations.map((a) => a.lotId);
  const lots = await db.lot.findMany({
    where: {
      shopId,
      OR: [{ variantId: line.variantId, locationId: line.locationId ?? undefined }, { id: { in: heldLotIds } }],
    },
  });
  const settings = await loadShopSettings(db, shopId);
  const rule = line.productId
    ? await db.productRule.findUnique({ where: { shopId_productId: { shopId, productId: line.productId } } })
    : null;
  const rules = {
    today: shopToday(options.now ?? new Date(), options.timeZone),
    minShelfLifeDays: minShelfLifeDays(rule, settings),
    locationId: line.locationId,
  };
  return lots
    .map((lot) => {
      const allocation = line.allocations.find((a) => a.lotId === lot.id);
      const allocatedToLine = allocation ? allocation.quantity - allocation.shippedQuantity : 0;
      const candidate = toCandidateLot(lot);
      // What this line could take: the free units plus those it already holds.
      const exclusion = lotExclusion({ ...candidate, available: candidate.available + allocatedToLine }, rules);
      return {
        candidate,
        option: {
          lotId: lot.id,
          code: lot.code,
          expiresAt: lot.expiresAt,
          receivedAt: lot.receivedAt,
          status: lot.status,
          locationId: lot.locationId,
          available: candidate.available,
          allocatedToLine,
          pinned: allocation?.pinned ?? false,
          excludedReason: exclusion?.message ?? null,
        },
      };
    })
    .sort((a, b) => compareLotsFefo(a.candidate, b.candidate))
    .map(({ option }) => option);
}
