// A shop with a realistic ledger for the export tests, written by the real domain code so the
// rows are exactly what production writes: two receipts from suppliers (receiveStock), orders
// allocated and shipped by order reconciliation, a refund before shipping, a partial shipment
// and a return.
import type { Db, Prisma } from "../../app/db.server";
import { receiveStock } from "../../app/receiving/receive-stock.server";
import { LOT_TEMPLATE, receiptInput, serialTemplate, template, variant } from "../receiving/harness";
import { createOrder, reconcileLocked, WAREHOUSE } from "./allocation-factories";
import { createShop } from "./factories";

export const SUPPLIER = "Meadow Oils Ltd";
export const SECOND_SUPPLIER = "Hive & Wax Co";

const ADDRESS = {
  name: "Ada Baker",
  address1: "1 Mill Lane",
  city: "Leeds",
  provinceCode: "WYK",
  zip: "LS1 4AB",
  countryCodeV2: "GB",
  phone: "+44 113 496 0000",
};

export interface SeededExportShop {
  shop: { id: string; domain: string };
  soap: { variantId: string; productId: string; lotCodes: string[] };
  candle: { variantId: string; productId: string; lotCodes: string[] };
  orders: { id: string; name: string }[];
}

/**
 * Receipts on 1 and 10 October 2026 (soap: 2 lots, candle: 1 lot), then orders reconciled on
 * 5, 12 and 20 November: #E1 ships 4 soap + 2 candles; #E2 ordered 5 soap, 2 refunded before
 * shipping, 3 shipped; #E3 ships 2 soap of which 1 comes back on 20 November; #E4 is a B2B
 * order with no shipping address (local pickup), 1 candle.
 */
export async function seedExportShop(db: Db, options: { shop?: { id: string; domain: string } } = {}) {
  const shop = options.shop ?? (await createShop(db));
  const soapVariant = variant({ sku: "LAV-100", productTitle: "Lavender Soap" });
  const candleVariant = variant({ sku: "CAN-7", productTitle: "Beeswax Candle", barcode: "4006381333931" });
  const collaborators = {
    lotTemplate: template(LOT_TEMPLATE),
    serialTemplate: serialTemplate(),
    enqueue: async () => {},
  };

  const first = await receiveStock(
    db,
    receiptInput(
      shop.id,
      [
        { variant: soapVariant, quantity: 6, supplierLotCode: "ML-88", expiresAt: "2027-03-01" },
        { variant: candleVariant, quantity: 5, supplierLotCode: "HW-1" },
      ],
      {
        locationId: WAREHOUSE,
        supplierName: SUPPLIER,
        referenceNumber: "INV-4711",
        receivedAt: new Date("2026-10-01T09:00:00Z"),
      },
    ),
    collaborators,
  );
  const second = await receiveStock(
    db,
    receiptInput(shop.id, [{ variant: soapVariant, quantity: 10, supplierLotCode: "ML-95", expiresAt: "2027-06-01" }], {
      locationId: WAREHOUSE,
      supplierName: SECOND_SUPPLIER,
      referenceType: "delivery_note",
      referenceNumber: "DN-22",
      receivedAt: new Date("2026-10-10T09:00:00Z"),
    }),
    collaborators,
  );

  const soap = { ...soapVariant, title: soapVariant.productTitle, sku: soapVariant.sku ?? "LAV-100" };
  const candle = { ...candleVariant, title: candleVariant.productTitle, sku: candleVariant.sku ?? "CAN-7" };
  const orders: { id: string; name: string }[] = [];
  const placeAndShip = async (
    name: string,
    lines: { item: typeof soap; quantity: number; fulfilledQuantity: number }[],
    customer: Prisma.OrderRefUpdateInput,
    shippedAt: string,
  ) => {
    const order = await createOrder(db, shop.id, { name, lines });
    await db.orderRef.update({ where: { id: order.id }, data: customer });
    await reconcileLocked(db, { shopId: shop.id, orderRefId: order.id, now: new Date(shippedAt) });
    orders.push({ id: order.id, name });
    return order;
  };

  await placeAndShip(
    "#E1",
    [
      { item: soap, quantity: 4, fulfilledQuantity: 4 },
      { item: candle, quantity: 2, fulfilledQuantity: 2 },
    ],
    { customerName: "Ada Baker", customerEmail: "ada@example.com", shippingAddress: ADDRESS },
    "2026-11-05T10:00:00Z",
  );
  // Ordered 5, 2 refunded before anything shipped: order sync lowers the line's quantity.
  await placeAndShip(
    "#E2",
    [{ item: soap, quantity: 3, fulfilledQuantity: 3 }],
    { customerName: "Ben Cole", shippingAddress: { ...ADDRESS, name: "Ben Cole", address1: "9 Canal St" } },
    "2026-11-12T10:00:00Z",
  );
  const third = await placeAndShip(
    "#E3",
    [{ item: soap, quantity: 2, fulfilledQuantity: 2 }],
    { customerName: "Cara Dunn", shippingAddress: { ...ADDRESS, name: "Cara Dunn" } },
    "2026-11-12T11:00:00Z",
  );
  // One unit comes back and is restocked.
  await db.orderLineRef.updateMany({ where: { orderRefId: third.id }, data: { returnedQuantity: 1 } });
  await reconcileLocked(db, { shopId: shop.id, orderRefId: third.id, now: new Date("2026-11-20T10:00:00Z") });
  await placeAndShip(
    "#E4",
    [{ item: candle, quantity: 1, fulfilledQuantity: 1 }],
    { companyName: "Corner Deli Ltd", customerName: "Dan Evans", shippingAddress: undefined },
    "2026-11-20T12:00:00Z",
  );

  return {
    shop,
    soap: {
      variantId: soapVariant.variantId,
      productId: soapVariant.productId,
      lotCodes: [first.lots[0].code, second.lots[0].code],
    },
    candle: { variantId: candleVariant.variantId, productId: candleVariant.productId, lotCodes: [first.lots[1].code] },
    orders,
  } satisfies SeededExportShop;
}

/** Per lot code: units received, shipped and returned, straight from the ledger. */
export async function ledgerTotals(db: Db, shopId: string) {
  const rows = await db.$queryRaw<{ code: string; type: string; units: number }[]>`
    SELECT l.code, e.type::text AS type, sum(abs(e.quantity))::int AS units
    FROM "LotEvent" e JOIN "Lot" l ON l.id = e."lotId"
    WHERE e."shopId" = ${shopId}::uuid AND e.type IN ('received', 'shipped', 'returned')
    GROUP BY l.code, e.type ORDER BY l.code, e.type`;
  const totals = new Map<string, { received: number; shipped: number; returned: number }>();
  for (const row of rows) {
    const entry = totals.get(row.code) ?? { received: 0, shipped: 0, returned: 0 };
    entry[row.type as "received" | "shipped" | "returned"] = row.units;
    totals.set(row.code, entry);
  }
  return totals;
}
