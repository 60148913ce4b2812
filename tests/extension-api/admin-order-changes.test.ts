// The admin order action's two writes: re-allocating a line to the merchant's lots (with a reason,
// audited as the staff member, pinned) and entering serial numbers — each refused field by field,
// changing nothing, when the input is wrong; and never reaching into another shop's order.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { ActionResult, OrderLotsResponse, ReallocateRequest, SerialsRequest } from "../../app/extension-api/types";
import { loader as orderLoader } from "../../app/routes/api.admin.orders.$orderId";
import { action as reallocateAction } from "../../app/routes/api.admin.orders.$orderId.reallocate";
import { action as serialsAction } from "../../app/routes/api.admin.orders.$orderId.serials";
import { shopWithLotline, type TestShop } from "../orders-ui/harness";
import { answered, corsHeadersOf, extensionRequest, numericId } from "../support/extension-api-factories";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { createLot, createOrder, createSerials } from "../support/orders-ui-factories";

setUpInProcessShopify();

const SOAP = {
  productId: "gid://shopify/Product/91",
  variantId: "gid://shopify/ProductVariant/911",
  productTitle: "Oat Soap",
};

/** An order whose line of 3 took 3 units of the older of two lots of soap. */
async function soapOrder(shop: TestShop) {
  const at = { ...SOAP, locationId: shop.location.id };
  const older = await createLot(db(), shop.shopId, {
    ...at,
    code: "OAT-A",
    onHand: 10,
    allocated: 3,
    expiresAt: new Date("2027-01-31"),
  });
  const fresher = await createLot(db(), shop.shopId, {
    ...at,
    code: "OAT-B",
    onHand: 5,
    expiresAt: new Date("2027-09-30"),
  });
  const { order, lines } = await createOrder(db(), shop.shopId, {
    lines: [{ ...at, title: "Oat Soap - Bar", quantity: 3, allocations: [{ lotId: older.id, quantity: 3 }] }],
  });
  return { order, line: lines[0], older, fresher, orderId: numericId(order.shopifyOrderId) };
}

async function reallocate(shop: TestShop, orderId: string, body: ReallocateRequest | unknown, userId?: string) {
  const request = extensionRequest(shop.domain, `/api/admin/orders/${orderId}/reallocate`, {
    method: "POST",
    body,
    userId,
  });
  return answered(await reallocateAction({ request, params: { orderId }, context: {} }));
}

async function enterSerials(shop: TestShop, orderId: string, body: SerialsRequest) {
  const request = extensionRequest(shop.domain, `/api/admin/orders/${orderId}/serials`, { method: "POST", body });
  return answered(await serialsAction({ request, params: { orderId }, context: {} }));
}

async function allocationsOf(lineId: string) {
  const rows = await db().allocation.findMany({ where: { orderLineId: lineId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ lotId: row.lotId, quantity: row.quantity, pinned: row.pinned }));
}

describe("POST /api/admin/orders/:orderId/reallocate", () => {
  it("moves the line to the chosen lot, pinned, with the staff member and the reason in the order's history", async () => {
    const shop = await shopWithLotline("Oat Reallocate");
    const { order, line, older, fresher, orderId } = await soapOrder(shop);

    const { status, headers, body } = await reallocate(
      shop,
      orderId,
      { lineId: line.id, reason: "Customer asked for the fresher batch", lots: [{ lotId: fresher.id, quantity: 3 }] },
      "4242",
    );

    expect(status).toBe(200);
    expect(corsHeadersOf(headers).allowOrigin).toBe("*");
    expect(body).toEqual({ ok: true, message: "Oat Soap - Bar now ships from the lots you chose.", fields: {} });
    expect(await allocationsOf(line.id)).toEqual([{ lotId: fresher.id, quantity: 3, pinned: true }]);
    expect((await db().lot.findUniqueOrThrow({ where: { id: older.id } })).allocatedQuantity).toBe(0);
    expect((await db().lot.findUniqueOrThrow({ where: { id: fresher.id } })).allocatedQuantity).toBe(3);
    const audit = await db().auditEntry.findMany({ where: { shopId: shop.shopId } });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: "user:4242",
        action: "allocation.reallocated",
        subjectId: line.id,
        details: expect.objectContaining({ reason: "Customer asked for the fresher batch" }),
      }),
    ]);
    // The block shows the new lot on its next read.
    const request = extensionRequest(shop.domain, `/api/admin/orders/${orderId}`);
    const block = (await answered(await orderLoader({ request, params: { orderId }, context: {} })))
      .body as OrderLotsResponse;
    expect(block.order.id).toBe(order.id);
    expect(block.lines[0].lots.map((lot) => lot.code)).toEqual(["OAT-B"]);
  });

  it("refuses a missing reason and a quantity that is not whole, naming each field, and changes nothing", async () => {
    const shop = await shopWithLotline("Oat Refused");
    const { line, older, fresher, orderId } = await soapOrder(shop);

    const { status, headers, body } = await reallocate(shop, orderId, {
      lineId: line.id,
      reason: "  ",
      lots: [{ lotId: fresher.id, quantity: 1.5 }],
    });

    expect(status).toBe(422);
    expect(corsHeadersOf(headers).allowOrigin).toBe("*");
    const result = body as ActionResult;
    expect(result.ok).toBe(false);
    expect(result.message).toBe("2 fields need fixing; nothing was changed.");
    expect(result.fields).toEqual({
      reason: expect.stringMatching(/reason/i),
      [`lots.${fresher.id}`]: "Enter a whole number of units, 0 or more.",
    });
    expect(await allocationsOf(line.id)).toEqual([{ lotId: older.id, quantity: 3, pinned: false }]);
    expect(await db().auditEntry.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("refuses more units than a lot has on that lot's field, as the order page does, and changes nothing", async () => {
    const shop = await shopWithLotline("Oat Short");
    const { line, older, fresher, orderId } = await soapOrder(shop);
    await db().lot.update({ where: { id: fresher.id }, data: { onHandQuantity: 1, receivedQuantity: 1 } });

    const { status, body } = await reallocate(shop, orderId, {
      lineId: line.id,
      reason: "Fresher batch",
      lots: [{ lotId: fresher.id, quantity: 3 }],
    });

    expect(status).toBe(422);
    const result = body as ActionResult;
    expect(result.message).toContain("OAT-B");
    expect(Object.keys(result.fields)).toEqual([`lots.${fresher.id}`]);
    expect(await allocationsOf(line.id)).toEqual([{ lotId: older.id, quantity: 3, pinned: false }]);
    expect((await db().lot.findUniqueOrThrow({ where: { id: fresher.id } })).allocatedQuantity).toBe(0);
  });

  it("answers a body that is not JSON or not a re-allocation with 400, and one too large with 413", async () => {
    const shop = await shopWithLotline("Oat Garbled");
    const { line, older, orderId } = await soapOrder(shop);

    const garbled = await reallocate(shop, orderId, "{ lineId: ");
    expect(garbled.status).toBe(400);
    expect(garbled.body).toEqual({ ok: false, message: "The request body is not valid JSON.", fields: {} });

    const wrongShape = await reallocate(shop, orderId, { lineId: line.id, reason: "x", lots: "all of them" });
    expect(wrongShape.status).toBe(400);
    expect((wrongShape.body as ActionResult).message).toContain('"lots"');

    const oversized = await reallocate(shop, orderId, { lineId: line.id, reason: "x".repeat(300_000), lots: [] });
    expect(oversized.status).toBe(413);
    expect((oversized.body as ActionResult).message).toContain("too large");
    expect(await allocationsOf(line.id)).toEqual([{ lotId: older.id, quantity: 3, pinned: false }]);
  });

  it("refuses another shop's order and another shop's line with 404, changing nothing there", async () => {
    const ours = await shopWithLotline("Oat Ours");
    const theirs = await shopWithLotline("Oat Theirs");
    const mine = await soapOrder(ours);
    const other = await soapOrder(theirs);
    const change = { reason: "Fresher batch", lots: [{ lotId: other.fresher.id, quantity: 3 }] };

    const theirOrder = await reallocate(ours, other.orderId, { ...change, lineId: other.line.id });
    expect(theirOrder.status).toBe(404);
    expect((theirOrder.body as ActionResult).message).toContain("not in your shop");

    const theirLine = await reallocate(ours, mine.orderId, { ...change, lineId: other.line.id });
    expect(theirLine.status).toBe(404);
    expect((theirLine.body as ActionResult).message).toContain("not part of this order");

    expect(await allocationsOf(other.line.id)).toEqual([{ lotId: other.older.id, quantity: 3, pinned: false }]);
    expect(await db().auditEntry.count({ where: { shopId: { in: [ours.shopId, theirs.shopId] } } })).toBe(0);
  });
});

describe("POST /api/admin/orders/:orderId/serials", () => {
  it("saves the serial numbers for the line, as the staff member, and the block then shows none missing", async () => {
    const shop = await shopWithLotline("Oat Serials");
    const { line, older, orderId } = await soapOrder(shop);
    await db().productRule.create({
      data: { shopId: shop.shopId, productId: SOAP.productId, productTitle: SOAP.productTitle, serialTracked: true },
    });
    await createSerials(db(), shop.shopId, older, ["OAT-A-001", "OAT-A-002", "OAT-A-003"]);

    const { status, body } = await enterSerials(shop, orderId, {
      lineId: line.id,
      serials: ["OAT-A-001", "OAT-A-002", "OAT-A-003"],
    });

    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, message: "3 serial numbers saved for Oat Soap - Bar.", fields: {} });
    const request = extensionRequest(shop.domain, `/api/admin/orders/${orderId}`);
    const block = (await answered(await orderLoader({ request, params: { orderId }, context: {} })))
      .body as OrderLotsResponse;
    expect(block.lines[0].serialsMissing).toBe(0);
    expect(block.lines[0].serials.map((serial) => [serial.serial, serial.status])).toEqual([
      ["OAT-A-001", "allocated"],
      ["OAT-A-002", "allocated"],
      ["OAT-A-003", "allocated"],
    ]);
    expect(await db().auditEntry.findFirst({ where: { shopId: shop.shopId } })).toMatchObject({
      action: "serials.assigned",
      actor: "user:1",
    });
  });

  it("refuses a serial given twice, or one the shop does not have, on the serials field, and assigns none", async () => {
    const shop = await shopWithLotline("Oat Serials Refused");
    const { line, older, orderId } = await soapOrder(shop);
    await createSerials(db(), shop.shopId, older, ["OAT-A-001"]);

    const twice = await enterSerials(shop, orderId, { lineId: line.id, serials: ["OAT-A-001", "OAT-A-001"] });
    expect(twice.status).toBe(422);
    expect((twice.body as ActionResult).fields).toEqual({
      serials: "OAT-A-001 is entered twice; each unit has its own serial number.",
    });

    const unknown = await enterSerials(shop, orderId, { lineId: line.id, serials: ["OAT-A-001", "NOPE-9"] });
    expect(unknown.status).toBe(422);
    const result = unknown.body as ActionResult;
    expect(result.ok).toBe(false);
    expect(result.message).toContain("NOPE-9");
    expect(result.fields.serials).toEqual(expect.stringContaining("NOPE-9"));
    expect(await db().serialNumber.count({ where: { shopId: shop.shopId, orderLineId: line.id } })).toBe(0);
  });
});
