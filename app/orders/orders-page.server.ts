// What the Orders page shows: one page of the shop's orders, newest first, in a tab (by
// allocation status) and optionally searched by order name, with each tab's count, the lot
// codes each order took and where its Shopify write-back stands.
import { ORDER_TABS, type OrderTabId, writeBackState } from "../components/orders/order-status";
import type { Db, Prisma } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";
import { formatInstant } from "../utils/dates";

export const ORDER_PAGE_SIZE = 25;

export interface OrdersPageInput {
  shopId: string;
  graphql: AdminGraphql;
  tab: OrderTabId;
  /** Part of an order name ("#1001", "1001"); empty for every order. */
  q: string;
  /** 1-based. */
  page: number;
  pageSize?: number;
}

export async function loadOrdersPage(db: Db, input: OrdersPageInput) {
  const pageSize = Math.min(Math.max(input.pageSize ?? ORDER_PAGE_SIZE, 1), 100);
  const page = Math.max(Math.floor(input.page), 1);
  const q = input.q.trim();
  const searched: Prisma.OrderRefWhereInput = {
    shopId: input.shopId,
    ...(q ? { name: { contains: q, mode: "insensitive" } } : {}),
  };
  const status = ORDER_TABS.find((tab) => tab.id === input.tab)?.status ?? null;

  const [rows, byStatus, timeZone] = await Promise.all([
    db.orderRef.findMany({
      where: { ...searched, ...(status ? { allocationStatus: status } : {}) },
      orderBy: [{ processedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize + 1,
      select: {
        id: true,
        name: true,
        processedAt: true,
        customerName: true,
        customerEmail: true,
        allocationStatus: true,
        attentionReason: true,
        writeBackVersion: true,
        writtenBackVersion: true,
        writeBackError: true,
        lines: {
          where: { shopId: input.shopId },
          select: { allocations: { where: { shopId: input.shopId }, select: { lot: { select: { code: true } } } } },
        },
      },
    }),
    db.orderRef.groupBy({ by: ["allocationStatus"], where: searched, _count: { _all: true } }),
    fetchShopTimeZoneOrUtc(input.graphql),
  ]);

  const countOf = (wanted: string | null) =>
    byStatus
      .filter((group) => wanted === null || group.allocationStatus === wanted)
      .reduce((sum, group) => sum + group._count._all, 0);

  return {
    orders: rows.slice(0, pageSize).map((order) => ({
      id: order.id,
      name: order.name,
      placedAt: formatInstant(order.processedAt, timeZone),
      customer: order.customerName ?? order.customerEmail ?? null,
      lineCount: order.lines.length,
      status: order.allocationStatus,
      attentionReason: order.attentionReason,
      lotCodes: [...new Set(order.lines.flatMap((line) => line.allocations.map((a) => a.lot.code)))].sort(),
      writeBack: writeBackState(order),
    })),
    tabs: ORDER_TABS.map((tab) => ({ id: tab.id, label: tab.label, count: countOf(tab.status) })),
    tab: input.tab,
    q,
    page,
    hasNextPage: rows.length > pageSize,
  };
}
