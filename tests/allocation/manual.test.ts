// The merchant's own choices on the order page: re-allocating a line to chosen lots (pinned,
// audited, written back), entering serial numbers, and the lot list the page offers. Refused
// input names the lot or serial and the number, and changes nothing.
import { describe, expect, it } from "vitest";
import { assignSerials, lineAllocationOptions, reallocateLine } from "../../app/allocation/manual.server";
import { db } from "../../app/db.server";
import { getQueue } from "../../app/jobs/queues.server";
import { AppError } from "../../app/utils/errors";
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

async function allocatedLine(quantity = 4) {
  const shop = await createShop(db());
  await saveSettings(db(), shop.id, { locationCodes: { [WAREHOUSE]: "WH" } });
  const soap = product();
  const early = await createLot(db(), shop.id, soap, { quantity: 5, expiresAt: "2027-01-01", code: "EARLY" });
  const late = await createLot(db(), shop.id, soap, { quantity: 5, expiresAt: "2027-09-01", code: "LATE" });
  const order = await createOrder(db(), shop.id, { lines: [{ item: soap, quantity }] });
  await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
  return { shop, soap, early, late, order, line: order.lines[0] };
}

async function held(orderLineId: string) {
  const rows = await db().allocation.findMany({
    where: { orderLineId },
    include: { lot: { select: { code: true } } },
    orderBy: { lot: { code: "asc" } },
  });
  return Object.fromEntries(rows.map((row) => [row.lot.code, { quantity: row.quantity, pinned: row.pinned }]));
}

/** Everything re-allocation can write, to show a refusal wrote none of it. */
async function footprint(shopId: string) {
  const [allocations, lots, events, audits, orders] = await Promise.all([
    db().allocation.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db().lot.findMany({ where: { shopId }, orderBy: { id: "asc" } }),
    db().lotEvent.count({ where: { shopId } }),
    db().auditEntry.count({ where: { shopId } }),
    db().orderRef.findMany({ where: { shopId }, select: { writeBackVersion: true } }),
  ]);
  // Quantities and status only: the test itself touches a lot's stock in between.
  const stock = lots.map(({ code, onHandQuantity, allocatedQuantity, status }) => ({
    code,
    onHandQuantity,
    allocatedQuantity,
    status,
  }));
  return { allocations, stock, events, audits, orders };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe("re-allocating a line by hand", () => {
  it("moves the line to the chosen lot, pins it, audits before and after, and queues the write-back", async () => {
    const { shop, early, late, order, line } = await allocatedLine(4);

    const result = await reallocateLine(db(), {
      shopId: shop.id,
      orderLineId: line.id,
      lots: [{ lotId: late.id, quantity: 4 }],
      reason: "Customer asked for the fresher batch",
      actor: "user:42",
    });

    expect(result.changed).toBe(true);
    expect(await held(line.id)).toEqual({ LATE: { quantity: 4, pinned: true } });
    const lots = await db().lot.findMany({ where: { id: { in: [early.id, late.id] } }, orderBy: { code: "asc" } });
    expect(lots.map((lot) => [lot.code, lot.allocatedQuantity])).toEqual([
      ["EARLY", 0],
      ["LATE", 4],
    ]);
    const audit = await db().auditEntry.findFirstOrThrow({
      where: { shopId: shop.id, action: "allocation.reallocated" },
    });
    expect(audit).toMatchObject({ actor: "user:42", subjectType: "order_line", subjectId: line.id });
    expect(audit.details).toMatchObject({
      reason: "Customer asked for the fresher batch",
      before: [{ lotCode: "EARLY", quantity: 4 }],
      after: [{ lotCode: "LATE", quantity: 4, pinned: true }],
    });
    const refreshed = await db().orderRef.findUniqueOrThrow({ where: { id: order.id } });
    expect(result.pending).toEqual({ shopId: shop.id, orderRefId: order.id, version: refreshed.writeBackVersion });
    const job = await getQueue("shopify-writeback").getJob(
      `order-write-back-${order.id}-${refreshed.writeBackVersion}`,
    );
    expect(job?.data).toEqual(result.pending);

    // Automatic allocation leaves the merchant's choice alone afterwards.
    expect(await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id })).toEqual({ changed: false });
    expect(await held(line.id)).toEqual({ LATE: { quantity: 4, pinned: true } });
  });

  it("tops up the rest automatically when the chosen lots cover only part of the line", async () => {
    const { shop, late, line } = await allocatedLine(4);

    await reallocateLine(db(), {
      shopId: shop.id,
      orderLineId: line.id,
      lots: [{ lotId: late.id, quantity: 1 }],
      reason: "One from the new batch",
      actor: "user:42",
    });

    expect(await held(line.id)).toEqual({ EARLY: { quantity: 3, pinned: false }, LATE: { quantity: 1, pinned: true } });
  });

  it("refuses, naming the lot and the numbers, and changes nothing", async () => {
    const { shop, soap, early, late, line } = await allocatedLine(4);
    const candle = product("Candle");
    const candles = await createLot(db(), shop.id, candle, { quantity: 5, expiresAt: "2027-01-01", code: "CANDLES" });
    const held = await createLot(db(), shop.id, soap, {
      quantity: 5,
      expiresAt: "2027-03-01",
      code: "HELD",
      overrides: { status: "quarantined" },
    });
    const otherShop = await createShop(db());
    const foreign = await createLot(db(), otherShop.id, soap, { quantity: 5, code: "FOREIGN" });
    const before = await footprint(shop.id);
    const attempt = (lots: { lotId: string; quantity: number }[], reason = "Because") =>
      refusal(reallocateLine(db(), { shopId: shop.id, orderLineId: line.id, lots, reason, actor: "user:1" }));

    expect((await attempt([{ lotId: late.id, quantity: 6 }])).message).toBe(
      "Lavender Soap needs 4 unshipped units; the lots you chose add up to 6.",
    );
    expect((await attempt([{ lotId: candles.id, quantity: 1 }])).message).toBe(
      "Lot CANDLES is Candle, not Lavender Soap.",
    );
    expect((await attempt([{ lotId: held.id, quantity: 1 }])).message).toBe(
      "Lot HELD is quarantined and cannot be allocated.",
    );
    await db().lot.update({ where: { id: late.id }, data: { allocatedQuantity: 3 } });
    expect((await attempt([{ lotId: late.id, quantity: 3 }])).message).toBe(
      "Lot LATE has 2 units available for this line; you asked for 3.",
    );
    await db().lot.update({ where: { id: late.id }, data: { allocatedQuantity: 0 } });
    const noReason = await attempt([{ lotId: early.id, quantity: 1 }], "  ");
    expect(noReason.fields.reason).toBe("Say why you are changing the lots (it is kept in the order's history)");
    expect((await attempt([{ lotId: foreign.id, quantity: 1 }])).kind).toBe("NOT_FOUND");
    expect((await attempt([{ lotId: "not-a-lot", quantity: 1 }])).fields).toEqual({
      "lots.0.lotId": "Choose a lot from the list",
    });

    expect(await footprint(shop.id)).toEqual(before);
  });

  it("does not let another shop re-allocate this shop's line", async () => {
    const { late, line } = await allocatedLine(2);
    const intruder = await createShop(db());
    const error = await refusal(
      reallocateLine(db(), {
        shopId: intruder.id,
        orderLineId: line.id,
        lots: [{ lotId: late.id, quantity: 1 }],
        reason: "x",
        actor: "user:1",
      }),
    );
    expect(error.kind).toBe("NOT_FOUND");
  });
});

describe("entering serial numbers for a line", () => {
  async function serialLine() {
    const shop = await createShop(db());
    const lamp = product("Lamp");
    await db().productRule.create({
      data: { shopId: shop.id, productId: lamp.productId, productTitle: "Lamp", serialTracked: true },
    });
    const lot = await serialLot(shop.id, lamp, ["L-1", "L-2", "L-3", "L-4"], "LAMPS");
    const order = await createOrder(db(), shop.id, { lines: [{ item: lamp, quantity: 2 }] });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    return { shop, lamp, lot, order, line: order.lines[0] };
  }

  async function serialLot(shopId: string, item: TestProduct, serials: string[], code: string) {
    const lot = await createLot(db(), shopId, item, { quantity: serials.length, code });
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

  async function serialStates(lotId: string) {
    const rows = await db().serialNumber.findMany({ where: { lotId }, orderBy: { serial: "asc" } });
    return rows.map((row) => `${row.serial} ${row.status}`);
  }

  it("holds the entered serials for the line and ships exactly those when it ships", async () => {
    const { shop, lot, order, line } = await serialLine();

    const result = await assignSerials(db(), {
      shopId: shop.id,
      orderLineId: line.id,
      serials: ["L-4", "L-3"],
      actor: "user:7",
    });

    expect(result.assigned.map((row) => row.serial)).toEqual(["L-4", "L-3"]);
    expect(await serialStates(lot.id)).toEqual(["L-1 in_stock", "L-2 in_stock", "L-3 allocated", "L-4 allocated"]);
    expect(
      await db().auditEntry.count({ where: { shopId: shop.id, action: "serials.assigned", subjectId: line.id } }),
    ).toBe(1);

    await db().orderLineRef.update({ where: { id: line.id }, data: { fulfilledQuantity: 2 } });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: order.id });
    expect(await serialStates(lot.id)).toEqual(["L-1 in_stock", "L-2 in_stock", "L-3 shipped", "L-4 shipped"]);
  });

  it("puts entered serials back in stock when the line is re-allocated to another lot", async () => {
    const { shop, lamp, lot, line } = await serialLine();
    const newer = await serialLot(shop.id, lamp, ["M-1", "M-2"], "NEWER-LAMPS");
    await assignSerials(db(), { shopId: shop.id, orderLineId: line.id, serials: ["L-2"], actor: "user:7" });

    await reallocateLine(db(), {
      shopId: shop.id,
      orderLineId: line.id,
      lots: [{ lotId: newer.id, quantity: 2 }],
      reason: "Ship the newer lamps",
      actor: "user:7",
    });

    expect(await serialStates(lot.id)).toEqual(["L-1 in_stock", "L-2 in_stock", "L-3 in_stock", "L-4 in_stock"]);
    expect(await serialStates(newer.id)).toEqual(["M-1 in_stock", "M-2 in_stock"]);
  });

  it("refuses repeated, unknown, too many, and other orders' serials, changing nothing", async () => {
    const { shop, lamp, lot, line } = await serialLine();
    const other = await createOrder(db(), shop.id, { lines: [{ item: lamp, quantity: 1 }] });
    await reconcileLocked(db(), { shopId: shop.id, orderRefId: other.id });
    await assignSerials(db(), { shopId: shop.id, orderLineId: other.lines[0].id, serials: ["L-1"], actor: "user:7" });
    const before = await serialStates(lot.id);
    const attempt = (serials: string[]) =>
      refusal(assignSerials(db(), { shopId: shop.id, orderLineId: line.id, serials, actor: "user:7" }));

    expect((await attempt(["L-2", "L-2"])).message).toBe("Each serial number may be entered once: L-2 is repeated.");
    expect((await attempt(["NOPE"])).message).toBe("NOPE is not a serial number of Lamp in your shop.");
    expect((await attempt(["L-2", "L-3", "L-4"])).message).toBe("Lamp has 2 units; you entered 3 serial numbers.");
    expect((await attempt(["L-1"])).message).toBe("L-1 is already allocated with another order.");
    expect(await serialStates(lot.id)).toEqual(before);
  });

  it("refuses a serial from a lot the line does not hold", async () => {
    const { shop, lamp, line } = await serialLine();
    await serialLot(shop.id, lamp, ["X-1"], "OTHER-LAMPS");
    const error = await refusal(
      assignSerials(db(), { shopId: shop.id, orderLineId: line.id, serials: ["X-1"], actor: "user:7" }),
    );
    expect(error.message).toBe(
      "X-1 is in lot OTHER-LAMPS, which is not allocated to this line. Re-allocate the line to lot OTHER-LAMPS first.",
    );
  });
});

describe("the lots the order page offers for a line", () => {
  it("lists the variant's lots at the line's location, FEFO, with what the line holds and why a lot is skipped", async () => {
    const { shop, soap, line } = await allocatedLine(2);
    await db().productRule.create({
      data: { shopId: shop.id, productId: soap.productId, productTitle: soap.title, minShelfLifeDays: 400 },
    });
    await createLot(db(), shop.id, soap, { quantity: 5, code: "ELSEWHERE", locationId: SHOP_FRONT });
    await createLot(db(), shop.id, soap, {
      quantity: 5,
      expiresAt: "2027-05-01",
      code: "RECALLED",
      overrides: { status: "recalled" },
    });

    const options = await lineAllocationOptions(db(), shop.id, line.id, { now: new Date("2026-11-21T12:00:00Z") });

    expect(options.map((o) => [o.code, o.available, o.allocatedToLine, o.excludedReason])).toEqual([
      ["EARLY", 3, 2, "expires 2027-01-01: 41 days of shelf life left, 400 required"],
      ["RECALLED", 5, 0, "recalled"],
      ["LATE", 5, 0, "expires 2027-09-01: 284 days of shelf life left, 400 required"],
    ]);
  });
});
