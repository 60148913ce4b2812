// The Orders page as the embedded admin loads it: newest first, tabs by allocation status with
// counts, search by order name, each row's lots and write-back state, and only this shop's orders.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader } from "../../app/routes/app.orders._index";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { createLot, createOrder } from "../support/orders-ui-factories";
import { routeArgs, shopWithLotline, type TestShop } from "./harness";

setUpInProcessShopify();

async function ordersPage(shop: TestShop, query = "") {
  const response = (await loader(routeArgs(shop.domain, `/app/orders${query}`))) as unknown as Response;
  expect(response.status).toBe(200);
  return response.json();
}

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 12));

async function shopWithOrders() {
  const shop = await shopWithLotline();
  const lot = await createLot(db(), shop.shopId, { code: "LAV-261101-01" });
  const other = await createLot(db(), shop.shopId, { code: "LAV-261105-02" });
  await createOrder(db(), shop.shopId, {
    name: "#1001",
    processedAt: at(1),
    customerName: "Ada Almeida",
    lines: [{ allocations: [{ lotId: lot.id, quantity: 1 }] }],
  });
  await createOrder(db(), shop.shopId, {
    name: "#1002",
    processedAt: at(2),
    status: "needs_attention",
    attentionReason: "0 of 3 units allocated: no lot at Workshop has stock",
    writeBackVersion: 0,
    lines: [{ status: "needs_attention" }, { status: "untracked" }],
  });
  await createOrder(db(), shop.shopId, {
    name: "#1003",
    processedAt: at(3),
    status: "partial",
    attentionReason: "2 of 5 units allocated",
    writeBackVersion: 2,
    writtenBackVersion: 1,
    writeBackError: "Shopify refused the tags: Order is archived",
    lines: [
      {
        allocations: [
          { lotId: lot.id, quantity: 1 },
          { lotId: other.id, quantity: 1 },
        ],
      },
    ],
  });
  await createOrder(db(), shop.shopId, {
    name: "#1004",
    processedAt: at(4),
    status: "cancelled",
    writeBackVersion: 3,
    writtenBackVersion: 2,
  });
  await createOrder(db(), shop.shopId, {
    name: "#1010",
    processedAt: at(5),
    customerName: null,
    customerEmail: "b@x.io",
  });
  return shop;
}

describe("the Orders page", () => {
  it("explains that orders are allocated as they arrive when the shop has none yet", async () => {
    const shop = await shopWithLotline();
    const page = await ordersPage(shop);
    expect(page.orders).toEqual([]);
    expect(page.tabs.map((tab: { count: number }) => tab.count)).toEqual([0, 0, 0, 0, 0]);
  });

  it("lists orders newest first with customer, lines, status with reason, lot codes and write-back state", async () => {
    const shop = await shopWithOrders();
    const page = await ordersPage(shop);

    expect(page.orders.map((order: { name: string }) => order.name)).toEqual([
      "#1010",
      "#1004",
      "#1003",
      "#1002",
      "#1001",
    ]);
    const byName = Object.fromEntries(page.orders.map((order: { name: string }) => [order.name, order]));
    expect(byName["#1001"]).toMatchObject({
      customer: "Ada Almeida",
      lineCount: 1,
      status: "allocated",
      lotCodes: ["LAV-261101-01"],
      writeBack: { state: "done" },
      placedAt: "Nov 1, 2026, 12:00 PM",
    });
    expect(byName["#1002"]).toMatchObject({
      lineCount: 2,
      status: "needs_attention",
      attentionReason: "0 of 3 units allocated: no lot at Workshop has stock",
      lotCodes: [],
      writeBack: { state: "none" },
    });
    expect(byName["#1003"]).toMatchObject({
      status: "partial",
      lotCodes: ["LAV-261101-01", "LAV-261105-02"],
      writeBack: { state: "failed", error: "Shopify refused the tags: Order is archived" },
    });
    expect(byName["#1004"]).toMatchObject({ status: "cancelled", writeBack: { state: "pending" } });
    // No name on the order: the customer is shown by email.
    expect(byName["#1010"].customer).toBe("b@x.io");
  });

  it("counts each tab and shows only that tab's orders", async () => {
    const shop = await shopWithOrders();
    const all = await ordersPage(shop);
    expect(all.tabs).toEqual([
      { id: "all", label: "All", count: 5 },
      { id: "needs_attention", label: "Needs attention", count: 1 },
      { id: "partial", label: "Partial", count: 1 },
      { id: "allocated", label: "Allocated", count: 2 },
      { id: "cancelled", label: "Cancelled", count: 1 },
    ]);

    const attention = await ordersPage(shop, "?tab=needs_attention");
    expect(attention.tab).toBe("needs_attention");
    expect(attention.orders.map((order: { name: string }) => order.name)).toEqual(["#1002"]);
    const allocated = await ordersPage(shop, "?tab=allocated");
    expect(allocated.orders.map((order: { name: string }) => order.name)).toEqual(["#1010", "#1001"]);
    // An unknown tab shows every order rather than an error.
    expect((await ordersPage(shop, "?tab=shipped")).orders).toHaveLength(5);
  });

  it("finds orders by name, with or without the #, and counts only the matches", async () => {
    const shop = await shopWithOrders();
    const found = await ordersPage(shop, "?q=100");
    expect(found.orders.map((order: { name: string }) => order.name)).toEqual(["#1004", "#1003", "#1002", "#1001"]);
    expect(found.tabs[0].count).toBe(4);

    const exact = await ordersPage(shop, `?q=${encodeURIComponent("#1010")}`);
    expect(exact.orders.map((order: { name: string }) => order.name)).toEqual(["#1010"]);
    expect((await ordersPage(shop, "?q=2002")).orders).toEqual([]);
  });

  it("pages through many orders, 25 at a time", async () => {
    const shop = await shopWithLotline();
    for (let i = 0; i < 27; i += 1) {
      await createOrder(db(), shop.shopId, { name: `#${2000 + i}`, processedAt: new Date(Date.UTC(2026, 9, 1, i)) });
    }
    const first = await ordersPage(shop);
    expect(first.orders).toHaveLength(25);
    expect(first.orders[0].name).toBe("#2026");
    expect(first.hasNextPage).toBe(true);
    const second = await ordersPage(shop, "?page=2");
    expect(second.orders.map((order: { name: string }) => order.name)).toEqual(["#2001", "#2000"]);
    expect(second.hasNextPage).toBe(false);
  });

  it("never shows another shop's orders or counts them", async () => {
    const mine = await shopWithOrders();
    const theirs = await shopWithLotline();
    await createOrder(db(), theirs.shopId, { name: "#1001", customerName: "Someone Else" });

    const page = await ordersPage(mine, "?q=1001");
    expect(page.orders).toHaveLength(1);
    expect(page.orders[0].customer).toBe("Ada Almeida");
    expect((await ordersPage(theirs)).tabs[0].count).toBe(1);
  });
});
