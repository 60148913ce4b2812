// The expiry run: every active lot whose expiry date is before today (in the shop's
// time zone) becomes `expired` with one `expired` ledger row. Safe to run any number of times:
// a lot changes only while it is still active, checked in the same statement that changes it.
// The same run queues the "Lot expiring soon" Flow trigger for lots entering a warning window.
import type { Db } from "../db.server";
import type { CodeContext } from "../domain/lot-code-template";
import { calendarDay } from "../domain/receiving";
import { queueExpiringSoonTriggers } from "../flow/lot-expiring-soon.server";
import type { EnqueueFlowTrigger } from "../flow/trigger-handles";
import { enqueue } from "../jobs/queues.server";
import { retrieveShopSettings } from "../settings/shop-settings.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";

export type EnqueueQuarantine = (payload: { shopId: string; lotId: string }) => Promise<unknown>;

export interface ExpireLotsCollaborators {
  /** Queues the Shopify move of an expired lot's stock to quality control (when the shop asks for it). */
  enqueueQuarantine: EnqueueQuarantine;
  /** Queues the "Lot expiring soon" Flow trigger; the job queue by default. */
  enqueueFlowTrigger?: EnqueueFlowTrigger;
  now?: Date;
}

/** The first day that is not "before today": lots expiring on it or later stay active. */
export function startOfDay(day: CodeContext["date"]): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day));
}

/**
 * Marks the shop's lots that expired before `today`. Returns the ids it changed now (an empty
 * list on a second run the same day); lots another shop owns are never read.
 */
export async function expireShopLots(
  db: Db,
  input: { shopId: string; today: CodeContext["date"] },
  collaborators: ExpireLotsCollaborators,
): Promise<{ expiredLotIds: string[] }> {
  const now = collaborators.now ?? new Date();
  const candidates = await db.lot.findMany({
    where: { shopId: input.shopId, status: "active", expiresAt: { lt: startOfDay(input.today) } },
    select: { id: true, expiresAt: true },
    orderBy: { expiresAt: "asc" },
  });
  const expiredLotIds: string[] = [];
  for (const lot of candidates) {
    const changed = await db.$transaction(async (tx) => {
      // Re-read under the update: a lot recalled, quarantined or expired meanwhile is left alone.
      const { count } = await tx.lot.updateMany({
        where: { id: lot.id, shopId: input.shopId, status: "active" },
        data: { status: "expired" },
      });
      if (count === 0) return false;
      await tx.lotEvent.create({
        data: {
          shopId: input.shopId,
          lotId: lot.id,
          type: "expired",
          quantity: 0,
          occurredAt: now,
          actor: "lotline:expiry",
          reference: { expiresAt: lot.expiresAt?.toISOString().slice(0, 10) ?? null },
        },
      });
      return true;
    });
    if (changed) expiredLotIds.push(lot.id);
  }

  if (expiredLotIds.length > 0) {
    const settings = await retrieveShopSettings(db, input.shopId);
    if (settings.quarantineExpired) {
      for (const lotId of expiredLotIds) await collaborators.enqueueQuarantine({ shopId: input.shopId, lotId });
    }
  }
  const enqueueFlowTrigger = collaborators.enqueueFlowTrigger ?? ((payload) => enqueue("flow.fire-trigger", payload));
  await queueExpiringSoonTriggers(
    db,
    { shopId: input.shopId, todayStart: startOfDay(input.today) },
    enqueueFlowTrigger,
  );
  return { expiredLotIds };
}

/** One shop's run as the job does it: today in the shop's zone (UTC if Shopify cannot say now). */
export async function expireLotsForShop(
  db: Db,
  shopId: string,
  collaborators: ExpireLotsCollaborators & { adminGraphql: (shopDomain: string) => Promise<AdminGraphql> },
) {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { domain: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) return { expiredLotIds: [] };
  const timeZone = await collaborators
    .adminGraphql(shop.domain)
    .then(fetchShopTimeZoneOrUtc)
    .catch(() => "UTC");
  const today = calendarDay(collaborators.now ?? new Date(), timeZone);
  return expireShopLots(db, { shopId, today }, collaborators);
}

/**
 * The scheduled fan-out: one `lots.expire` job per installed shop, id'd by shop and UTC hour.
 * It runs hourly because "today" turns at each shop's own midnight; the run after it marks the day.
 */
export async function enqueueExpiryRuns(
  db: Db,
  enqueue: (payload: { shopId: string; runHour: string }) => Promise<unknown>,
  now: Date = new Date(),
): Promise<number> {
  const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true } });
  const runHour = now.toISOString().slice(0, 13);
  for (const shop of shops) await enqueue({ shopId: shop.id, runHour });
  return shops.length;
}
