// An order's page as the embedded admin loads and posts it: lines with their lots, shipped and
// returned units and serial numbers; re-allocating a line by hand (checked field by field,
// audited, pinned, written back); entering serial numbers; and no way into another shop's order.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action, loader } from "../../app/routes/app.orders.$id";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { createLot, createOrder, createSerials } from "../support/orders-ui-factories";
import { routeArgs, settle, shopWithLotline, type TestShop } from "./harness";

setUpInProcessShopify();

async function orderPage(shop: TestShop, orderId: string, query = "") {
  const response = await settle(() =>
    loader(routeArgs(shop.domain, `/app/orders/${orderId}${query}`, undefined, { id: orderId })),
  );
  return { status: response.status, body: response.status === 200 ? await response.json() : await response.text() };
}

async function post(shop: TestShop, orderId: string, form: Record<string, string>) {
  return settle(() =>
    action(routeArgs(shop.domain, `/app/orders/${orderId}`, new URLSearchParams(form), { id: orderId })),
  );
}

const SOAP = {
  productId: "gid://shopify/Product/71",
  variantId: "gid://shopify/ProductVariant/711",
  productTitle: "Lavender Soap",
};

/** Two lots of soap at the shop's location; an order whose line of 3 took 3 units of the older one. */
async function soapOrder(shop: TestShop) {
  const at = { ...SOAP, locationId: shop.location.id };
  const older = await createLot(db(), shop.shopId, {
    ...at,
    code: "LAV-A",
    onHand: 10,
    allocated: 3,
    expiresAt: new Date("2027-01-31"),
  });
  const fresher = await createLot(db(), shop.shopId, {
    ...at,
    code: "LAV-B",
    onHand: 5,
    expiresAt: new Date("2027-09-30"),
  });
  const { order, lines } = await createOrder(db(), shop.shopId, {
    name: "#1042",
    customerName: "Grace Hughes",
    lines: [
      {
        ...SOAP,
        title: "Lavender Soap - Bar",
        sku: "LOS-B",
        quantity: 3,
        locationId: shop.location.id,
        allocations: [{ lotId: older.id, quantity: 3 }],
      },
      { title: "Gift wrap", sku: null, quantity: 1, locationId: shop.location.id, status: "untracked" },
    ],
  });
  return { order, line: lines[0], untracked: lines[1], older, fresher };
}

describe("an order's page", () => {
  it("shows each line with its quantities, location, lots, serials and a link to the order in Shopify", async () => {
    const shop = await shopWithLotline();
    const lot = await createLot(db(), shop.shopId, {
      ...SOAP,
      code: "LAV-261101-01",
      onHand: 3,
      expiresAt: new Date("2027-03-31"),
    });
    const { order } = await createOrder(db(), shop.shopId, {
      name: "#1001",
      status: "partial",
      attentionReason: "2 of 3 units allocated: not enough stock at Workshop",
      lines: [
        {
          ...SOAP,
          title: "Lavender Soap - Bar",
          sku: "LOS-B",
          quantity: 3,
          fulfilled: 2,
          returned: 1,
          locationId: shop.location.id,
          status: "partial",
          attentionReason: "2 of 3 units allocated",
          allocations: [{ lotId: lot.id, quantity: 2, shipped: 2, returned: 1, pinned: true }],
          serials: [
            { serial: "S-0001", lotId: lot.id },
            { serial: "S-0002", lotId: lot.id, status: "returned" },
          ],
        },
      ],
    });

    const { status, body } = await orderPage(shop, order.id);

    expect(status).toBe(200);
    expect(body.order).toMatchObject({
      name: "#1001",
      adminUrl: `shopify:admin/orders/${order.shopifyOrderId.split("/").pop()}`,
      status: "partial",
      attentionReason: "2 of 3 units allocated: not enough stock at Workshop",
      customer: "Ada Almeida",
    });
    expect(body.lines).toEqual([
      expect.objectContaining({
        title: "Lavender Soap - Bar",
        sku: "LOS-B",
        quantity: 3,
        shipped: 2,
        returned: 1,
        location: shop.location.name,
        status: "partial",
        attentionReason: "2 of 3 units allocated",
        serialTracked: true,
        allocations: [
          expect.objectContaining({
            lotCode: "LAV-261101-01",
            expiresAt: "2027-03-31",
            quantity: 2,
            shipped: 2,
            returned: 1,
            pinned: true,
          }),
        ],
        serials: [
          { serial: "S-0001", status: "shipped", lotCode: "LAV-261101-01" },
          { serial: "S-0002", status: "returned", lotCode: "LAV-261101-01" },
        ],
      }),
    ]);
    expect(body.audit).toEqual([]);
  });

  it("answers 404 for another shop's order and for an id that is not an order", async () => {
    const mine = await shopWithLotline();
    const theirs = await shopWithLotline();
    const { order } = await createOrder(db(), theirs.shopId, { name: "#7777", customerName: "Their Customer" });

    const foreign = await orderPage(mine, order.id);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toBe("This order does not exist in your shop.");
    expect((await orderPage(mine, "not-an-order")).status).toBe(404);

    // Posting to it changes nothing either.
    const { lines } = await createOrder(db(), theirs.shopId, {});
    const response = await post(mine, order.id, { intent: "serials", lineId: lines[0].id, serials: "X1" });
    expect(response.status).toBe(404);
    expect(await db().auditEntry.count({ where: { shopId: theirs.shopId } })).toBe(0);
  });

  it("offers the line's lots for re-allocation with what each has available, and none for an untracked line", async () => {
    const shop = await shopWithLotline();
    const { order, line, untracked } = await soapOrder(shop);
    const expired = await createLot(db(), shop.shopId, {
      ...SOAP,
      locationId: shop.location.id,
      code: "LAV-OLD",
      expiresAt: new Date("2025-01-31"),
      status: "expired",
    });

    const { body } = await orderPage(shop, order.id, `?reallocate=${line.id}`);

    expect(body.reallocation.lineId).toBe(line.id);
    const options = Object.fromEntries(
      body.reallocation.options.map((option: { code: string }) => [option.code, option]),
    );
    expect(options["LAV-A"]).toMatchObject({ available: 7, allocatedToLine: 3, excludedReason: null });
    expect(options["LAV-B"]).toMatchObject({ available: 5, allocatedToLine: 0, excludedReason: null });
    expect(options["LAV-OLD"].excludedReason).toEqual(expect.any(String));
    expect(expired.id).toBe(options["LAV-OLD"].lotId);
    expect(body.lines.find((l: { id: string }) => l.id === untracked.id).canReallocate).toBe(false);
  });

  it("refuses a re-allocation without a reason or with a quantity that is not a number, naming both fields", async () => {
    const shop = await shopWithLotline();
    const { order, line, fresher, older } = await soapOrder(shop);

    const response = await post(shop, order.id, {
      intent: "reallocate",
      lineId: line.id,
      reason: "  ",
      [`quantity.${fresher.id}`]: "two",
    });

    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.lineId).toBe(line.id);
    expect(body.fields).toEqual({
      reason: expect.stringMatching(/reason/i),
      [`quantity.${fresher.id}`]: "Enter a whole number of units, 0 or more.",
    });
    const allocations = await db().allocation.findMany({ where: { orderLineId: line.id } });
    expect(allocations.map((a) => [a.lotId, a.quantity, a.pinned])).toEqual([[older.id, 3, false]]);
    expect(await db().auditEntry.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("refuses more units than a lot has, on that lot's field, and changes nothing", async () => {
    const shop = await shopWithLotline();
    const { order, line, fresher } = await soapOrder(shop);
    await db().lot.update({ where: { id: fresher.id }, data: { onHandQuantity: 1, receivedQuantity: 1 } });

    const response = await post(shop, order.id, {
      intent: "reallocate",
      lineId: line.id,
      reason: "Customer asked for the fresher batch",
      [`quantity.${fresher.id}`]: "3",
    });

    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.message).toContain("LAV-B");
    expect(Object.keys(body.fields)).toEqual([`quantity.${fresher.id}`]);
    expect((await db().lot.findUniqueOrThrow({ where: { id: fresher.id } })).allocatedQuantity).toBe(0);
  });

  it("re-allocates a line to the chosen lot: pinned, the lots' stock moved, the reason in the history, Shopify to update", async () => {
    const shop = await shopWithLotline();
    const { order, line, older, fresher } = await soapOrder(shop);

    const response = await post(shop, order.id, {
      intent: "reallocate",
      lineId: line.id,
      reason: "Customer asked for the fresher batch",
      [`quantity.${older.id}`]: "0",
      [`quantity.${fresher.id}`]: "3",
    });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/app/orders/${order.id}`);
    const { body } = await orderPage(shop, order.id);
    const soapLine = body.lines.find((l: { id: string }) => l.id === line.id);
    expect(soapLine.allocations).toEqual([
      expect.objectContaining({ lotCode: "LAV-B", quantity: 3, shipped: 0, pinned: true }),
    ]);
    expect(body.audit).toEqual([
      expect.objectContaining({
        action: "allocation.reallocated",
        subject: "Lavender Soap - Bar",
        reason: "Customer asked for the fresher batch",
        actor: expect.stringMatching(/^user:/),
      }),
    ]);
    expect(body.order.writeBack.state).toBe("pending");
    expect((await db().lot.findUniqueOrThrow({ where: { id: older.id } })).allocatedQuantity).toBe(0);
    expect((await db().lot.findUniqueOrThrow({ where: { id: fresher.id } })).allocatedQuantity).toBe(3);
  });

  it("takes serial numbers for a serial-tracked line, one per line as a scanner types them", async () => {
    const shop = await shopWithLotline();
    const { order, line, older } = await soapOrder(shop);
    await db().productRule.create({
      data: { shopId: shop.shopId, productId: SOAP.productId, productTitle: SOAP.productTitle, serialTracked: true },
    });
    await createSerials(db(), shop.shopId, older, ["LAV-A-001", "LAV-A-002", "LAV-A-003"]);

    expect((await orderPage(shop, order.id)).body.lines[0].serialTracked).toBe(true);
    const response = await post(shop, order.id, {
      intent: "serials",
      lineId: line.id,
      serials: "LAV-A-001\r\nLAV-A-002\n\n",
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      message: "2 serial numbers saved for Lavender Soap - Bar.",
    });
    const { body } = await orderPage(shop, order.id);
    expect(body.lines[0].serials).toEqual([
      { serial: "LAV-A-001", status: "allocated", lotCode: "LAV-A" },
      { serial: "LAV-A-002", status: "allocated", lotCode: "LAV-A" },
    ]);
    expect(body.audit.map((entry: { action: string }) => entry.action)).toEqual(["serials.assigned"]);
  });

  it("refuses a serial entered twice or one the shop does not have, on the serials field, and assigns none", async () => {
    const shop = await shopWithLotline();
    const { order, line, older } = await soapOrder(shop);
    await createSerials(db(), shop.shopId, older, ["LAV-A-001"]);

    const twice = await post(shop, order.id, { intent: "serials", lineId: line.id, serials: "LAV-A-001\nLAV-A-001" });
    expect(twice.status).toBe(422);
    expect((await twice.json()).fields.serials).toBe(
      "LAV-A-001 is entered twice; each unit has its own serial number.",
    );

    const unknown = await post(shop, order.id, { intent: "serials", lineId: line.id, serials: "LAV-A-001\nNOPE-9" });
    expect(unknown.status).toBe(422);
    const body = await unknown.json();
    expect(body.message).toContain("NOPE-9");
    expect(body.fields.serials).toEqual(expect.stringContaining("NOPE-9"));
    expect(await db().serialNumber.count({ where: { shopId: shop.shopId, orderLineId: line.id } })).toBe(0);
  });

  it("answers 400 to a post that is not one of the page's forms", async () => {
    const shop = await shopWithLotline();
    const { order } = await soapOrder(shop);
    expect((await post(shop, order.id, { intent: "delete" })).status).toBe(400);
  });
});
