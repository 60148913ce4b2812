// The "Lot expiring soon" Flow trigger: the expiry run queues it when a lot with stock enters one
// of the shop's warning windows (once per lot and window); the job re-reads the lot and fires it.
import { retrieveCachedShopTimeZone } from "../catalog/shop-locations.server";
import type { Db } from "../db.server";
import { calendarDay } from "../domain/receiving";
import { startOfDay } from "../expiry/expire-lots.server";
import type { JobPayload } from "../jobs/contract";
import { retrieveShopSettings } from "../settings/shop-settings.server";
import { daysUntil, narrowestWarningWindow, warningOccasion } from "./expiry-windows";
import type { FlowDeps, PreparedFiring } from "./fire-trigger.server";
import { isTriggerEnabled } from "./subscriptions.server";
import { type EnqueueFlowTrigger, TRIGGER_HANDLES } from "./trigger-handles";
import { lotExpiringSoonPayload } from "./trigger-payloads";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Queues the trigger for the shop's lots with stock inside a warning window; nothing (and no
 * lot read) when no enabled workflow uses it. Re-runs queue the same job ids: no second firing.
 */
export async function queueExpiringSoonTriggers(
  db: Db,
  input: { shopId: string; todayStart: Date },
  enqueueFlowTrigger: EnqueueFlowTrigger,
): Promise<number> {
  if ((await isTriggerEnabled(db, input.shopId, TRIGGER_HANDLES.lotExpiringSoon)) !== true) return 0;
  const { expiryWarningDays } = await retrieveShopSettings(db, input.shopId);
  if (expiryWarningDays.length === 0) return 0;
  const horizon = new Date(input.todayStart.getTime() + Math.max(...expiryWarningDays) * DAY_MS);
  const lots = await db.lot.findMany({
    where: {
      shopId: input.shopId,
      status: "active",
      onHandQuantity: { gt: 0 },
      expiresAt: { gte: input.todayStart, lte: horizon },
    },
    select: { id: true, expiresAt: true },
  });
  let queued = 0;
  for (const lot of lots) {
    const window = narrowestWarningWindow(daysUntil(lot.expiresAt!, input.todayStart), expiryWarningDays);
    if (window === null) continue;
    await enqueueFlowTrigger({
      shopId: input.shopId,
      trigger: "lot-expiring-soon",
      subjectId: lot.id,
      occasion: warningOccasion(window),
    });
    queued += 1;
  }
  return queued;
}

/** What Flow receives about the lot, or "no_longer_applies" when it expired, sold out or left. */
export async function lotExpiringSoonFiring(
  db: Db,
  input: JobPayload<"flow.fire-trigger">,
  deps: FlowDeps,
): Promise<PreparedFiring | "no_longer_applies"> {
  const lot = await db.lot.findFirst({
    where: { id: input.subjectId, shopId: input.shopId },
    include: { shop: { select: { domain: true, uninstalledAt: true } } },
  });
  if (!lot || lot.shop.uninstalledAt || lot.status !== "active" || lot.onHandQuantity <= 0 || !lot.expiresAt) {
    return "no_longer_applies";
  }
  const now = deps.now ?? new Date();
  const timeZone = await retrieveCachedShopTimeZone(db, input.shopId, () => deps.adminGraphql(lot.shop.domain), now);
  const today = startOfDay(calendarDay(now, timeZone));
  return {
    shopId: input.shopId,
    shopDomain: lot.shop.domain,
    handle: TRIGGER_HANDLES.lotExpiringSoon,
    subjectId: lot.id,
    occasion: input.occasion,
    payload: lotExpiringSoonPayload({ ...lot, expiresAt: lot.expiresAt, daysLeft: daysUntil(lot.expiresAt, today) }),
  };
}
