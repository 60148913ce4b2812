// Allocation against a real database: orders as order sync stores them are tied to lots FEFO,
// and every later change to a line (edit, refund, cancel, fulfilment, return) moves the lots,
// the ledger, the serial numbers and the statuses exactly once.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { ShopSettings } from "../../app/settings/shop-settings";
import {
  createLot,
  createOrder,
  product,
  reconcileLocked,
  SHOP_FRONT,
  saveSettings,
  type TestProduct,
  WAREHOUSE,
} from "../support/allocation-factories";
import { createShop } from "../support/factories";

async function shopWithSettings(settings: Partial<ShopSettings> = {}) {
  const shop = await createShop(db());
  await saveSettings(db(), shop.id, { locationCodes: { [WAREHOUSE]: "WH", [SHOP_FRONT]: "FRONT" }, ...settings });
  return shop;
}

async function lotState(lotId: string) {
  const lot = await db().lot.findUniqueOrThrow({ where: { id: lotId } });
  return {
    onHand: lot.onHandQuantity,
    allocated: lot.allocatedQuantity,
    quarantined: lot.quarantinedQuantity,
    status: lot.status,
  };
}

async function held(orderLineId: string) {
  const rows = await db().allocation.findMany({
    where: { orderLineId },
    include: { lot: { select: { code: true } } },
    orderBy: { lot: { code: "asc" } },
  });
  return Object.fromEntries(
    rows.map((row) => [
      row.lot.code,
      { quantity: row.quantity, shipped: row.shippedQuantity, returned: row.returnedQuantity },
    ]),
  );
}

async function ledger(orderLineId: string) {
  const events = await db().lotEvent.findMany({
    where: { orderLineId },
    include: { lot: { select: { code: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return events.map((event) => `${event.type} ${event.lot.code} ${event.quantity}`);
}

async function statuses(orderRefId: string) {
  const order = await db().orderRef.findUniqueOrThrow({
    where: { id: orderRefId },
    include: { lines: { orderBy: { shopifyLineItemId: "asc" } } },
  });
  return {
    order: order.allocationStatus,
    reason: order.attentionReason,
    lines: order.lines.map((line) => line.status),
  };
}

async function setLine(
  lineId: string,
  data: { quantity?: number; fulfilledQuantity?: number; returnedQuantity?: number },
) {
  await db().orderLineRef.update({ where: { id: lineId }, data });
}

describe("allocating a new order", () => {
  it("takes the earliest-expiring lots first, spans lots, records the ledger and changes nothing a second time", async () => {
    const shop = await shopWithSettings();
    const soap = product();
    const late = await createLot(db(), shop.id, soap, { quantity: 10, expiresAt: "2027-09-01", code: "LATE" });
    const early = await createLot(db(), shop.id, soap, { quantity: 3, expiresAt: "2027-01-01", code: "EARLY" });
    const order = await createOrder(db(), shop.id, { lines: [{ item: soap, quantity: 5 }] });
    const line = order.lines[0];

    const first = await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    const second = await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    expect(first).toEqual({ changed: true });
    expect(second).toEqual({ changed: false });
    expect(await held(line.id)).toEqual({
      EARLY: { quantity: 3, shipped: 0, returned: 0 },
      LATE: { quantity: 2, shipped: 0, returned: 0 },
    });
    expect(await lotState(early.id)).toMatchObject({ onHand: 3, allocated: 3, status: "active" });
    expect(await lotState(late.id)).toMatchObject({ onHand: 10, allocated: 2 });
    expect(await ledger(line.id)).toEqual(["allocated EARLY -3", "allocated LATE -2"]);
    const event = await db().lotEvent.findFirstOrThrow({ where: { orderLineId: line.id } });
    expect(event.reference).toMatchObject({ orderName: order.name, lineItemId: line.shopifyLineItemId });
    expect(await statuses(order.id)).toEqual({ order: "allocated", reason: null, lines: ["allocated"] });
  });

  it("leaves products that were never received into a lot untracked, and such an order allocated", async () => {
    const shop = await shopWithSettings();
    const candle = product("Candle");
    const order = await createOrder(db(), shop.id, {
      lines: [
        { item: candle, quantity: 2 },
        { item: null, quantity: 1, title: "Gift wrapping" },
      ],
    });

    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: true });
    expect(await statuses(order.id)).toEqual({ order: "allocated", reason: null, lines: ["untracked", "untracked"] });
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: false });
  });

  it("allocates what it can and says what blocked the rest, naming the location", async () => {
    const shop = await shopWithSettings();
    const soap = product();
    const honey = product("Honey");
    await createLot(db(), shop.id, soap, { quantity: 2, expiresAt: "2027-01-01" });
    await createLot(db(), shop.id, honey, { quantity: 9, expiresAt: "2027-01-01", locationId: SHOP_FRONT });
    const order = await createOrder(db(), shop.id, {
      lines: [
        { item: soap, quantity: 5 },
        { item: honey, quantity: 1 },
      ],
    });

    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    const result = await statuses(order.id);
    expect(result.lines).toEqual(["partial", "needs_attention"]);
    expect(result.order).toBe("partial");
    expect(result.reason).toBe(
      "Lavender Soap: 2 of 5 units allocated: not enough stock at WH: its lots are sold out or held for other orders; " +
        "Honey: 0 of 1 units allocated: no lot of this product at WH (its lots are at other locations)",
    );
  });

  it("respects the product's minimum shelf life over the shop's, counted from today in the shop's time zone", async () => {
    const shop = await shopWithSettings({ minShelfLifeDays: 0 });
    const honey = product("Honey");
    await db().productRule.create({
      data: { shopId: shop.id, productId: honey.productId, productTitle: "Honey", minShelfLifeDays: 90 },
    });
    // 2026-11-21 12:00 UTC is already 2026-11-22 in Auckland: 2027-02-20 is then 90 days away, not 91.
    const short = await createLot(db(), shop.id, honey, { quantity: 5, expiresAt: "2027-02-19", code: "SHORT" });
    const ok = await createLot(db(), shop.id, honey, { quantity: 5, expiresAt: "2027-02-20", code: "OK" });
    const order = await createOrder(db(), shop.id, { lines: [{ item: honey, quantity: 7 }] });

    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id, timeZone: "Pacific/Auckland" });

    expect(await lotState(short.id)).toMatchObject({ allocated: 0 });
    expect(await lotState(ok.id)).toMatchObject({ allocated: 5 });
    expect((await statuses(order.id)).reason).toBe(
      "Honey: 5 of 7 units allocated: not enough stock at WH: its lots are sold out or held for other orders",
    );
  });

  it("never touches another shop's lots of the same variant", async () => {
    const shop = await shopWithSettings();
    const other = await shopWithSettings();
    const soap = product();
    await createLot(db(), shop.id, soap, { quantity: 1, expiresAt: "2027-06-01" });
    const othersLot = await createLot(db(), other.id, soap, { quantity: 50, expiresAt: "2027-01-01" });
    const order = await createOrder(db(), shop.id, { lines: [{ item: soap, quantity: 3 }] });

    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    expect(await lotState(othersLot.id)).toMatchObject({ allocated: 0, onHand: 50 });
    expect((await statuses(order.id)).lines).toEqual(["partial"]);
  });

  it("refuses to allocate another shop's order", async () => {
    const shop = await shopWithSettings();
    const intruder = await shopWithSettings();
    const soap = product();
    await createLot(db(), shop.id, soap, { quantity: 5 });
    const order = await createOrder(db(), shop.id, { lines: [{ item: soap, quantity: 1 }] });

    const error = await reconcileLocked(db(), { shopId: intruder.id, orderRefId: order.id }).catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: "NOT_FOUND" });
    expect(await statuses(order.id)).toEqual({ order: "pending", reason: null, lines: ["pending"] });
  });
});

describe("keeping the allocation true as the order changes", () => {
  async function allocatedOrder(quantity: number) {
    const shop = await shopWithSettings();
    const soap = product();
    const early = await createLot(db(), shop.id, soap, { quantity: 4, expiresAt: "2027-01-01", code: "A-EARLY" });
    const late = await createLot(db(), shop.id, soap, { quantity: 10, expiresAt: "2027-09-01", code: "B-LATE" });
    const order = await createOrder(db(), shop.id, { lines: [{ item: soap, quantity }] });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    return { shop, soap, early, late, order, line: order.lines[0] };
  }

  it("takes more when an edit raises the quantity and gives back from the latest expiry when it drops", async () => {
    const { shop, early, late, order, line } = await allocatedOrder(5);

    await setLine(line.id, { quantity: 8 });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    expect(await held(line.id)).toEqual({
      "A-EARLY": { quantity: 4, shipped: 0, returned: 0 },
      "B-LATE": { quantity: 4, shipped: 0, returned: 0 },
    });

    await setLine(line.id, { quantity: 3 });
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: true });
    expect(await held(line.id)).toEqual({ "A-EARLY": { quantity: 3, shipped: 0, returned: 0 } });
    expect(await lotState(early.id)).toMatchObject({ allocated: 3 });
    expect(await lotState(late.id)).toMatchObject({ allocated: 0 });
    expect((await ledger(line.id)).slice(-2)).toEqual(["released B-LATE 4", "released A-EARLY 1"]);
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: false });
  });

  it("follows the line to its new location when Shopify moves the fulfilment", async () => {
    const { shop, soap, early, order, line } = await allocatedOrder(3);
    const front = await createLot(db(), shop.id, soap, {
      quantity: 5,
      expiresAt: "2027-03-01",
      locationId: SHOP_FRONT,
      code: "C-FRONT",
    });

    await db().orderLineRef.update({ where: { id: line.id }, data: { locationId: SHOP_FRONT } });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    expect(await held(line.id)).toEqual({ "C-FRONT": { quantity: 3, shipped: 0, returned: 0 } });
    expect(await lotState(early.id)).toMatchObject({ allocated: 0 });
    expect(await lotState(front.id)).toMatchObject({ allocated: 3 });
  });

  it("releases a removed line and marks it released", async () => {
    const { shop, early, order, line } = await allocatedOrder(2);

    await setLine(line.id, { quantity: 0 });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    expect(await held(line.id)).toEqual({});
    expect(await lotState(early.id)).toMatchObject({ allocated: 0, onHand: 4 });
    expect(await statuses(order.id)).toEqual({ order: "allocated", reason: null, lines: ["released"] });
  });

  it("on cancellation releases every unshipped unit and keeps what already shipped", async () => {
    const { shop, early, late, order, line } = await allocatedOrder(6);
    await setLine(line.id, { fulfilledQuantity: 2 });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    await db().orderRef.update({ where: { id: order.id }, data: { cancelledAt: new Date("2026-11-21T11:00:00Z") } });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    expect(await held(line.id)).toEqual({ "A-EARLY": { quantity: 2, shipped: 2, returned: 0 } });
    expect(await lotState(early.id)).toEqual({ onHand: 2, allocated: 0, quarantined: 0, status: "active" });
    expect(await lotState(late.id)).toMatchObject({ onHand: 10, allocated: 0 });
    expect(await statuses(order.id)).toEqual({ order: "cancelled", reason: null, lines: ["released"] });
    const released = await db().lotEvent.findMany({ where: { orderLineId: line.id, type: "released" } });
    expect(released.map((event) => (event.reference as { cause: string }).cause)).toEqual([
      "order cancelled",
      "order cancelled",
    ]);
  });

  it("ships earliest expiry first, lowers on hand, records the day and location, and depletes an emptied lot", async () => {
    const { shop, early, late, order, line } = await allocatedOrder(6);

    await setLine(line.id, { fulfilledQuantity: 5 });
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: true });
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: false });

    expect(await held(line.id)).toEqual({
      "A-EARLY": { quantity: 4, shipped: 4, returned: 0 },
      "B-LATE": { quantity: 2, shipped: 1, returned: 0 },
    });
    expect(await lotState(early.id)).toEqual({ onHand: 0, allocated: 0, quarantined: 0, status: "depleted" });
    expect(await lotState(late.id)).toMatchObject({ onHand: 9, allocated: 1, status: "active" });
    const shipped = await db().lotEvent.findMany({ where: { orderLineId: line.id, type: "shipped" } });
    expect(shipped.map((event) => [event.quantity, event.reference])).toEqual([
      [-4, expect.objectContaining({ shippedOn: "2026-11-21", locationId: WAREHOUSE, orderName: order.name })],
      [-1, expect.objectContaining({ shippedOn: "2026-11-21", locationId: WAREHOUSE })],
    ]);
  });

  it("allocates and ships in one go when an order arrives already fulfilled", async () => {
    const shop = await shopWithSettings();
    const soap = product();
    const lot = await createLot(db(), shop.id, soap, { quantity: 5, expiresAt: "2027-01-01", code: "ONLY" });
    const order = await createOrder(db(), shop.id, { lines: [{ item: soap, quantity: 2, fulfilledQuantity: 2 }] });

    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    expect(await held(order.lines[0].id)).toEqual({ ONLY: { quantity: 2, shipped: 2, returned: 0 } });
    expect(await lotState(lot.id)).toMatchObject({ onHand: 3, allocated: 0 });
    expect(await statuses(order.id)).toEqual({ order: "allocated", reason: null, lines: ["allocated"] });
  });

  it("flags units that shipped without a lot, after shipping what was allocated", async () => {
    const shop = await shopWithSettings();
    const soap = product();
    const lot = await createLot(db(), shop.id, soap, { quantity: 2, expiresAt: "2027-01-01", code: "SMALL" });
    const order = await createOrder(db(), shop.id, { lines: [{ item: soap, quantity: 5, fulfilledQuantity: 5 }] });

    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: false });

    expect(await lotState(lot.id)).toEqual({ onHand: 0, allocated: 0, quarantined: 0, status: "depleted" });
    expect(await statuses(order.id)).toEqual({
      order: "needs_attention",
      reason:
        "Lavender Soap: 3 units shipped without a lot allocated (no stock was free when it shipped): the trace for them is incomplete",
      lines: ["needs_attention"],
    });
  });

  it("takes returned units back into their lot, reactivating a depleted lot", async () => {
    const { shop, early, order, line } = await allocatedOrder(4);
    await setLine(line.id, { fulfilledQuantity: 4 });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    expect(await lotState(early.id)).toMatchObject({ onHand: 0, status: "depleted" });

    const queued: unknown[] = [];
    await setLine(line.id, { returnedQuantity: 1 });
    const enqueueReturnQuarantine = async (payload: unknown) => queued.push(payload);
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id, enqueueReturnQuarantine });
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id, enqueueReturnQuarantine })).toEqual({
      changed: false,
    });

    expect(await held(line.id)).toEqual({ "A-EARLY": { quantity: 4, shipped: 4, returned: 1 } });
    expect(await lotState(early.id)).toEqual({ onHand: 1, allocated: 0, quarantined: 0, status: "active" });
    expect((await ledger(line.id)).slice(-1)).toEqual(["returned A-EARLY 1"]);
    expect(queued).toEqual([]);
  });

  it("with returns to quarantine on, holds returned units back from sale and queues the Shopify move once", async () => {
    const { shop, early, order, line } = await allocatedOrder(3);
    await saveSettings(db(), shop.id, { locationCodes: { [WAREHOUSE]: "WH" }, returnsToQuarantine: true });
    await setLine(line.id, { fulfilledQuantity: 3 });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });

    const queued: { shopId: string; lotEventId: string }[] = [];
    const enqueueReturnQuarantine = async (payload: { shopId: string; lotEventId: string }) => queued.push(payload);
    await setLine(line.id, { returnedQuantity: 2 });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id, enqueueReturnQuarantine });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id, enqueueReturnQuarantine });

    expect(await lotState(early.id)).toEqual({ onHand: 3, allocated: 0, quarantined: 2, status: "active" });
    expect((await ledger(line.id)).slice(-2)).toEqual(["returned A-EARLY 2", "quarantined A-EARLY 0"]);
    const quarantined = await db().lotEvent.findFirstOrThrow({ where: { orderLineId: line.id, type: "quarantined" } });
    expect(quarantined.reference).toMatchObject({ kind: "return-quarantine", quantity: 2 });
    expect(queued).toEqual([{ shopId: shop.id, lotEventId: quarantined.id }]);
  });
});

describe("serial numbers", () => {
  async function serialLot(shopId: string, item: TestProduct, serials: string[], code: string) {
    const lot = await createLot(db(), shopId, item, { quantity: serials.length, expiresAt: "2028-01-01", code });
    await db().serialNumber.createMany({
      data: serials.map((serial) => ({
        shopId,
        serial,
        lotId: lot.id,
        productId: item.productId,
        variantId: item.variantId,
      })),
    });
    return lot;
  }

  async function serialsOf(lotId: string) {
    const rows = await db().serialNumber.findMany({ where: { lotId }, orderBy: { serial: "asc" } });
    return rows.map((row) => `${row.serial} ${row.status}${row.orderLineId ? " on line" : ""}`);
  }

  it("ship in serial order with the units, and come back as returned with a return", async () => {
    const shop = await shopWithSettings();
    const lamp = product("Lamp");
    await db().productRule.create({
      data: { shopId: shop.id, productId: lamp.productId, productTitle: "Lamp", serialTracked: true },
    });
    const lot = await serialLot(shop.id, lamp, ["SN-003", "SN-001", "SN-002"], "LAMPS");
    const order = await createOrder(db(), shop.id, { lines: [{ item: lamp, quantity: 2, fulfilledQuantity: 2 }] });

    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    expect(await serialsOf(lot.id)).toEqual(["SN-001 shipped on line", "SN-002 shipped on line", "SN-003 in_stock"]);

    await setLine(order.lines[0].id, { returnedQuantity: 1 });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    expect(await serialsOf(lot.id)).toEqual(["SN-001 returned on line", "SN-002 shipped on line", "SN-003 in_stock"]);
  });
});
