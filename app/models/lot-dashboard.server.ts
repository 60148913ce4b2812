// The home page's expiry figures for one shop: lots (and units on hand) expiring within each
// warning window, and expired lots that still hold stock; and the Lots page's list behind each
// card, from the same conditions so a card's count and its list always agree. Every query is
// scoped by shop.
import type { Db, Prisma } from "../db.server";
import type { CodeContext } from "../domain/lot-code-template";
import type { LotFilter } from "../lots/lot-filters";
import { withAvailable } from "./lot.server";

type Reader = Db | Prisma.TransactionClient;

export interface LotCount {
  lots: number;
  units: number;
}

export interface ExpirySummary {
  expiring: (LotCount & { days: number })[];
  expiredWithStock: LotCount;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * `today` is the shop's calendar day. "Within N days" means expiring from today up to and
 * including today + N; a lot past its date counts as expired even before the nightly run marks it.
 */
export async function summarizeLotExpiry(
  db: Reader,
  shopId: string,
  input: { today: CodeContext["date"]; windows: number[] },
): Promise<ExpirySummary> {
  const count = async (filter: LotFilter): Promise<LotCount> => {
    const where = lotFilterWhere(shopId, filter, input.today);
    const result = await db.lot.aggregate({ where, _count: { _all: true }, _sum: { onHandQuantity: true } });
    return { lots: result._count._all, units: result._sum.onHandQuantity ?? 0 };
  };
  const [expiring, expiredWithStock] = await Promise.all([
    Promise.all(input.windows.map(async (days) => ({ days, ...(await count({ kind: "expiring", days })) }))),
    count({ kind: "status", status: "expired" }),
  ]);
  return { expiring, expiredWithStock };
}

/**
 * The lots a filter means on the shop's calendar day `today`. Expiring: active lots with stock
 * expiring from today up to and including today + N. Expired: lots with stock that are expired,
 * marked or not yet. Quarantined: lots quarantined, or holding units back in quarantine.
 */
export function lotFilterWhere(shopId: string, filter: LotFilter, today: CodeContext["date"]): Prisma.LotWhereInput {
  const start = new Date(Date.UTC(today.year, today.month - 1, today.day));
  const withStock = { shopId, onHandQuantity: { gt: 0 } };
  if (filter.kind === "expiring") {
    return {
      ...withStock,
      status: "active",
      expiresAt: { gte: start, lte: new Date(start.getTime() + filter.days * DAY_MS) },
    };
  }
  if (filter.status === "expired") {
    return { ...withStock, OR: [{ status: "expired" }, { status: "active", expiresAt: { lt: start } }] };
  }
  if (filter.status === "quarantined") {
    return { shopId, OR: [{ status: "quarantined" }, { quarantinedQuantity: { gt: 0 } }] };
  }
  return { shopId, status: filter.status };
}

/** One page of the lots a filter means, soonest expiry first (what to act on first). */
export async function listFilteredLots(
  db: Reader,
  shopId: string,
  input: { filter: LotFilter; today: CodeContext["date"]; page: number; pageSize?: number },
) {
  const pageSize = Math.min(Math.max(input.pageSize ?? 25, 1), 100);
  const page = Math.max(Math.floor(input.page), 1);
  const rows = await db.lot.findMany({
    where: lotFilterWhere(shopId, input.filter, input.today),
    orderBy: [{ expiresAt: { sort: "asc", nulls: "last" } }, { receivedAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { lots: rows.slice(0, pageSize).map(withAvailable), page, hasNextPage: rows.length > pageSize };
}
