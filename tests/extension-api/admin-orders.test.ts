// The admin order block's one request: an order's lines with their lots, serial numbers, states
// and reasons; an order Lotline has not seen yet; the lots a line could take instead; and no way
// into another shop's order or line, nor in without a valid session token.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as adminAuth from "../../app/auth.server";
import { db } from "../../app/db.server";
import type { LineLotOptionsResponse, OrderLotsResponse } from "../../app/extension-api/types";
import * as orderDetail from "../../app/orders/order-detail-page.server";
import { loader as orderLoader } from "../../app/routes/api.admin.orders.$orderId";
import { loader as lineLotsLoader } from "../../app/routes/api.admin.orders.$orderId.lines.$lineId.lots";
import { loader as reallocatePreflight } from "../../app/routes/api.admin.orders.$orderId.reallocate";
import { logger } from "../../app/utils/logger.server";
import { shopWithLotline, type TestShop } from "../orders-ui/harness";
import {
  answered,
  corsHeadersOf,
  type ExtensionRequestOptions,
  extensionRequest,
  numericId,
} from "../support/extension-api-factories";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { createLot, createOrder } from "../support/orders-ui-factories";

setUpInProcessShopify();

const CANDLE = {
  productId: "gid://shopify/Product/81",
  variantId: "gid://shopify/ProductVariant/811",
  productTitle: "Beeswax Candle",
};

async function getOrder(shop: TestShop, orderId: string, options: ExtensionRequestOptions = {}) {
  const request = extensionRequest(shop.domain, `/api/admin/orders/${orderId}`, options);
  return answered(await orderLoader({ request, params: { orderId }, context: {} }));
}

async function getLineLots(shop: TestShop, orderId: string, lineId: string) {
  const request = extensionRequest(shop.domain, `/api/admin/orders/${orderId}/lines/${lineId}/lots`);
  return answered(await lineLotsLoader({ request, params: { orderId, lineId }, context: {} }));
}

/** A serial-tracked candle line of 3 with 2 serials entered, from one lot, and a gift card Lotline does not track. */
async function candleOrder(shop: TestShop) {
  const lot = await createLot(db(), shop.shopId, {
    ...CANDLE,
    code: "BWX-261101-01",
    locationId: shop.location.id,
    onHand: 10,
    allocated: 3,
    expiresAt: new Date("2027-03-31"),
  });
  await db().productRule.create({
    data: { shopId: shop.shopId, productId: CANDLE.productId, productTitle: CANDLE.productTitle, serialTracked: true },
  });
  const { order, lines } = await createOrder(db(), shop.shopId, {
    name: "#1107",
    lines: [
      {
        ...CANDLE,
        title: "Beeswax Candle - Large",
        sku: "BWX-L",
        quantity: 3,
        fulfilled: 1,
        locationId: shop.location.id,
        allocations: [{ lotId: lot.id, quantity: 3, shipped: 1 }],
        serials: [
          { serial: "BWX-0001", lotId: lot.id, status: "shipped" },
          { serial: "BWX-0002", lotId: lot.id, status: "allocated" },
        ],
      },
      { title: "Gift card", sku: null, quantity: 1, locationId: shop.location.id, status: "untracked" },
    ],
  });
  return { order, lines, lot };
}

describe("GET /api/admin/orders/:orderId", () => {
  it("gives the whole block in one answer: lines, their lots with expiry dates, serials and what is missing", async () => {
    const shop = await shopWithLotline("Candle Block");
    const { order, lines, lot } = await candleOrder(shop);

    const { status, headers, body } = await getOrder(shop, numericId(order.shopifyOrderId));

    expect(status).toBe(200);
    expect(headers.get("Cache-Control")).toBe("no-store");
    expect(corsHeadersOf(headers).allowOrigin).toBe("*");
    const block = body as OrderLotsResponse;
    expect(block.order).toEqual({
      id: order.id,
      shopifyOrderId: order.shopifyOrderId,
      name: "#1107",
      status: "allocated",
      attentionReason: null,
      appPath: `/app/orders/${order.id}`,
    });
    expect(block.lines).toEqual([
      {
        id: lines[0].id,
        shopifyLineItemId: lines[0].shopifyLineItemId,
        title: "Beeswax Candle - Large",
        sku: "BWX-L",
        quantity: 3,
        shipped: 1,
        status: "allocated",
        attentionReason: null,
        serialTracked: true,
        serialsMissing: 1,
        canReallocate: true,
        lots: [
          {
            lotId: lot.id,
            code: "BWX-261101-01",
            expiresAt: "2027-03-31",
            quantity: 3,
            shipped: 1,
            lotStatus: "active",
          },
        ],
        serials: [
          { serial: "BWX-0001", lotCode: "BWX-261101-01", status: "shipped" },
          { serial: "BWX-0002", lotCode: "BWX-261101-01", status: "allocated" },
        ],
      },
      expect.objectContaining({
        title: "Gift card",
        status: "untracked",
        serialTracked: false,
        serialsMissing: 0,
        canReallocate: false,
        lots: [],
        serials: [],
      }),
    ]);
  });

  it("says why an order is only partly allocated, on the order and on the line", async () => {
    const shop = await shopWithLotline("Candle Partial");
    const lot = await createLot(db(), shop.shopId, {
      ...CANDLE,
      locationId: shop.location.id,
      onHand: 2,
      allocated: 2,
    });
    const { order } = await createOrder(db(), shop.shopId, {
      status: "partial",
      attentionReason: "2 of 5 units allocated: not enough stock at Shop location",
      lines: [
        {
          ...CANDLE,
          quantity: 5,
          locationId: shop.location.id,
          status: "partial",
          attentionReason: "3 units have no lot: not enough stock at Shop location",
          allocations: [{ lotId: lot.id, quantity: 2 }],
        },
      ],
    });

    const { status, body } = await getOrder(shop, numericId(order.shopifyOrderId));

    expect(status).toBe(200);
    const block = body as OrderLotsResponse;
    expect(block.order.status).toBe("partial");
    expect(block.order.attentionReason).toBe("2 of 5 units allocated: not enough stock at Shop location");
    expect(block.lines[0]).toMatchObject({
      status: "partial",
      attentionReason: "3 units have no lot: not enough stock at Shop location",
      canReallocate: true,
      lots: [expect.objectContaining({ lotId: lot.id, quantity: 2 })],
    });
  });

  it("answers an order Lotline has not processed yet as not processed, with no lines", async () => {
    const shop = await shopWithLotline("Candle New");

    const { status, body } = await getOrder(shop, "820000001");

    expect(status).toBe(200);
    expect(body).toEqual({
      order: {
        id: null,
        shopifyOrderId: "gid://shopify/Order/820000001",
        name: null,
        status: "not_processed",
        attentionReason: null,
        appPath: null,
      },
      lines: [],
    });
  });

  it("shows each shop only its own order under a shared order id, and refuses another shop's order with 404", async () => {
    const ours = await shopWithLotline("Candle Ours");
    const theirs = await shopWithLotline("Candle Theirs");
    const mine = await candleOrder(ours);
    const other = await candleOrder(theirs);
    // The same Shopify order id in both shops: each must see only its own lots.
    await db().orderRef.update({ where: { id: other.order.id }, data: { shopifyOrderId: mine.order.shopifyOrderId } });
    const onlyTheirs = await createOrder(db(), theirs.shopId, { name: "#2001" });

    const shared = await getOrder(ours, numericId(mine.order.shopifyOrderId));
    expect(shared.status).toBe(200);
    expect((shared.body as OrderLotsResponse).order.id).toBe(mine.order.id);
    expect((shared.body as OrderLotsResponse).lines[0].lots.map((lot) => lot.lotId)).toEqual([mine.lot.id]);

    const refused = await getOrder(ours, numericId(onlyTheirs.order.shopifyOrderId));
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual({ ok: false, message: "This order is not in your shop.", fields: {} });
    expect(corsHeadersOf(refused.headers).allowOrigin).toBe("*");
  });

  it("refuses a request without a session token, or with a forged one, with 401 the extension can read", async () => {
    const shop = await shopWithLotline("Candle Tokens");
    const { order } = await candleOrder(shop);
    const orderId = numericId(order.shopifyOrderId);

    for (const token of [false, "Bearer not-a-jwt"] as const) {
      const { status, headers, body } = await getOrder(shop, orderId, { token });
      expect(status).toBe(401);
      expect(corsHeadersOf(headers).allowOrigin).toBe("*");
      expect(headers.get("Location")).toBeNull();
      expect(body).toEqual({ ok: false, message: expect.stringContaining("Reload the page"), fields: {} });
    }
  });

  it("answers the CORS preflight with 204 and the headers the extension's origin needs", async () => {
    const shop = await shopWithLotline("Candle Preflight");
    for (const [load, params, path] of [
      [orderLoader, { orderId: "1" }, "/api/admin/orders/1"],
      [reallocatePreflight, { orderId: "1" }, "/api/admin/orders/1/reallocate"],
    ] as const) {
      const request = extensionRequest(shop.domain, path, { method: "OPTIONS", token: false });
      const response = await load({ request, params, context: {} });
      expect(response.status).toBe(204);
      expect(await response.text()).toBe("");
      expect(corsHeadersOf(response.headers)).toEqual({
        allowOrigin: "*",
        allowHeaders: expect.stringContaining("Authorization"),
      });
      expect(corsHeadersOf(response.headers).allowHeaders).toContain("Content-Type");
    }
  });

  it("refuses a shop that uninstalled Lotline with 403 and says how to fix it", async () => {
    const shop = await shopWithLotline("Candle Gone");
    const { order } = await candleOrder(shop);
    await db().shop.update({ where: { id: shop.shopId }, data: { uninstalledAt: new Date() } });

    const { status, headers, body } = await getOrder(shop, numericId(order.shopifyOrderId));

    expect(status).toBe(403);
    expect(corsHeadersOf(headers).allowOrigin).toBe("*");
    expect((body as { message: string }).message).toContain("Lotline is not installed");
  });
});

describe("GET /api/admin/orders/:orderId/lines/:lineId/lots", () => {
  it("lists the lots the line could take, FEFO, with why a lot cannot be chosen", async () => {
    const shop = await shopWithLotline("Candle Options");
    const at = { ...CANDLE, locationId: shop.location.id };
    const held = await createLot(db(), shop.shopId, {
      ...at,
      code: "BWX-A",
      onHand: 10,
      allocated: 2,
      expiresAt: new Date("2027-01-31"),
    });
    const fresher = await createLot(db(), shop.shopId, {
      ...at,
      code: "BWX-B",
      onHand: 6,
      expiresAt: new Date("2027-09-30"),
    });
    const quarantined = await createLot(db(), shop.shopId, {
      ...at,
      code: "BWX-Q",
      onHand: 4,
      status: "quarantined",
      expiresAt: new Date("2027-05-31"),
    });
    const { order, lines } = await createOrder(db(), shop.shopId, {
      lines: [{ ...at, quantity: 2, allocations: [{ lotId: held.id, quantity: 2 }] }],
    });

    const { status, body } = await getLineLots(shop, numericId(order.shopifyOrderId), lines[0].id);

    expect(status).toBe(200);
    const options = body as LineLotOptionsResponse;
    expect(options.lineId).toBe(lines[0].id);
    expect(options.options).toEqual([
      {
        lotId: held.id,
        code: "BWX-A",
        expiresAt: "2027-01-31",
        status: "active",
        available: 8,
        allocatedToLine: 2,
        excludedReason: null,
      },
      {
        lotId: quarantined.id,
        code: "BWX-Q",
        expiresAt: "2027-05-31",
        status: "quarantined",
        available: 4,
        allocatedToLine: 0,
        excludedReason: "quarantined",
      },
      {
        lotId: fresher.id,
        code: "BWX-B",
        expiresAt: "2027-09-30",
        status: "active",
        available: 6,
        allocatedToLine: 0,
        excludedReason: null,
      },
    ]);
  });

  it("refuses another shop's line, even under this shop's order, with 404 and no lots", async () => {
    const ours = await shopWithLotline("Candle Lines Ours");
    const theirs = await shopWithLotline("Candle Lines Theirs");
    const mine = await candleOrder(ours);
    const other = await candleOrder(theirs);

    const { status, body } = await getLineLots(ours, numericId(mine.order.shopifyOrderId), other.lines[0].id);

    expect(status).toBe(404);
    expect(body).toEqual({ ok: false, message: expect.stringContaining("not part of this order"), fields: {} });
    const wrongOrder = await getLineLots(ours, numericId(other.order.shopifyOrderId), other.lines[0].id);
    expect(wrongOrder.status).toBe(404);
    expect(wrongOrder.body).not.toHaveProperty("options");
  });
});

describe("when Lotline itself fails", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const breaks: Array<[string, () => { mockRejectedValue(error: Error): unknown }]> = [
    ["reading the order", () => vi.spyOn(orderDetail, "retrieveOrderWithLines")],
    ["checking the session token", () => vi.spyOn(adminAuth, "authenticateAdmin")],
  ];

  it.each(breaks)("answers 500 the block can read and show when %s fails, and logs the cause", async (_, spy) => {
    const shop = await shopWithLotline("Candle Crash");
    spy().mockRejectedValue(new Error("connection reset by peer"));
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);

    const { status, headers, body } = await getOrder(shop, "1001");

    expect(status).toBe(500);
    expect(corsHeadersOf(headers)).toEqual({
      allowOrigin: "*",
      allowHeaders: expect.stringContaining("Authorization"),
    });
    expect(headers.get("Cache-Control")).toBe("no-store");
    expect(body).toEqual({ ok: false, message: "Lotline had a problem answering. Try again in a moment.", fields: {} });
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.objectContaining({ message: "connection reset by peer" }) }),
      expect.any(String),
    );
  });
});
