// The home page's expiry figures for one shop: lots (and units on hand) expiring within each
// warning window, and expired lots that still hold stock. Every query is scoped by shop.
import type { Db, Prisma } from "../db.server";
import type { CodeContext } from "../domain/lot-code-template";

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
  const start = new Date(Date.UTC(input.today.year, input.today.month - 1, input.today.day));
  const withStock = { shopId, onHandQuantity: { gt: 0 } };
  const count = async (where: Prisma.LotWhereInput): Promise<LotCount> => {
    const result = await db.lot.aggregate({ where, _count: { _all: true }, _sum: { onHandQuantity: true } });
    return { lots: result._count._all, units: result._sum.onHandQuantity ?? 0 };
  };
  const [expiring, expiredWithStock] = await Promise.all([
    Promise.all(
      input.windows.map(async (days) => ({
        days,
        ...(await count({
          ...withStock,
          status: "active",
          expiresAt: { gte: start, lte: new Date(start.getTime() + days * DAY_MS) },
        })),
      })),
    ),
    count({
      ...withStock,
      OR: [{ status: "expired" }, { status: "active", expiresAt: { lt: start } }],
    }),
  ]);
  return { expiring, expiredWithStock };
}
