// A shop's traceable history as receiving and order sync leave it: lots received on receipts
// (supplier, document, ledger row) and shipped on orders to customers, B2B companies and tagged
// retailers. Builds on the allocation and operations factories; only what they lack is here.
import type { Db, Prisma } from "../../app/db.server";
import { createLot, product, type TestProduct, WAREHOUSE } from "./allocation-factories";
import { createShippedOrder, type OrderLineSpec } from "./operations-factories";

export interface ReceivedLotSpec {
  code: string;
  quantity: number;
  item?: TestProduct;
  gtin?: string | null;
  supplierLotCode?: string | null;
  supplierName?: string | null;
  referenceType?: string | null;
  referenceNumber?: string | null;
  locationId?: string;
  receivedAt?: Date;
  serials?: string[];
  lot?: Partial<Prisma.LotUncheckedCreateInput>;
}

/** A lot received on its own receipt, with the ledger row receiving writes. */
export async function receiveLot(db: Db, shopId: string, spec: ReceivedLotSpec) {
  const item = spec.item ?? product();
  const receivedAt = spec.receivedAt ?? new Date("2026-10-02T09:00:00Z");
  const locationId = spec.locationId ?? WAREHOUSE;
  const lot = await createLot(db, shopId, item, {
    quantity: spec.quantity,
    code: spec.code,
    locationId,
    receivedAt: receivedAt.toISOString(),
    expiresAt: "2027-10-01",
    overrides: {
      gtin: spec.gtin ?? null,
      supplierLotCode: spec.supplierLotCode ?? null,
      producedAt: new Date("2026-09-28T00:00:00Z"),
      ...spec.lot,
    },
  });
  const receipt = await db.receipt.create({
    data: {
      shopId,
      supplierName: spec.supplierName === undefined ? "Meadow Oils Ltd" : spec.supplierName,
      referenceType: spec.referenceType === undefined ? "invoice" : spec.referenceType,
      referenceNumber: spec.referenceNumber === undefined ? `INV-${spec.code}` : spec.referenceNumber,
      locationId,
      locationCode: "WKS",
      receivedAt,
      receivedBy: "user:1",
      writeBackStatus: "done",
      lines: {
        create: [
          {
            position: 0,
            lotId: lot.id,
            variantId: item.variantId,
            productId: item.productId,
            inventoryItemId: item.inventoryItemId,
            quantity: spec.quantity,
          },
        ],
      },
    },
  });
  await db.lotEvent.create({
    data: {
      shopId,
      lotId: lot.id,
      type: "received",
      quantity: spec.quantity,
      occurredAt: receivedAt,
      receiptId: receipt.id,
      actor: "user:1",
      reference: {
        receiptId: receipt.id,
        supplierName: receipt.supplierName,
        referenceNumber: receipt.referenceNumber,
      },
    },
  });
  if (spec.serials?.length) {
    await db.serialNumber.createMany({
      data: spec.serials.map((serial) => ({
        shopId,
        serial,
        lotId: lot.id,
        productId: item.productId,
        variantId: item.variantId,
      })),
    });
  }
  return { lot, receipt, item };
}

/**
 * An order shipped from lots, as createShippedOrder leaves it, plus what order sync fills for
 * B2B: the company and the customer's tags. Shipped units leave the lots' on-hand stock, and
 * serial numbers already on the shelf move to the line.
 */
export async function shipOrder(
  db: Db,
  shopId: string,
  input: {
    name?: string;
    customerId?: string | null;
    email?: string | null;
    customerName?: string | null;
    companyName?: string | null;
    customerTags?: string[];
    shippedAt?: Date;
    lines: (OrderLineSpec & { shelfSerials?: string[] })[];
  },
) {
  const order = await createShippedOrder(db, shopId, input);
  const shippedAt = input.shippedAt ?? order.processedAt;
  await db.orderRef.update({
    where: { id: order.id },
    data: {
      companyId: input.companyName ? `gid://shopify/Company/${input.companyName.length}${order.name.slice(1)}` : null,
      companyName: input.companyName ?? null,
      customerTags: input.customerTags ?? [],
      processedAt: shippedAt,
    },
  });
  const lines = await db.orderLineRef.findMany({
    where: { shopId, orderRefId: order.id },
    orderBy: { shopifyLineItemId: "asc" },
  });
  await db.lotEvent.updateMany({
    where: { shopId, orderLineId: { in: lines.map((l) => l.id) } },
    data: { occurredAt: shippedAt },
  });
  for (const [index, spec] of input.lines.entries()) {
    await db.lot.update({
      where: { id: spec.lotId },
      data: { onHandQuantity: { decrement: spec.quantity } },
    });
    if (spec.shelfSerials?.length) {
      await db.serialNumber.updateMany({
        where: { shopId, lotId: spec.lotId, serial: { in: spec.shelfSerials } },
        data: { orderLineId: lines[index].id, status: "shipped" },
      });
    }
  }
  return { order: { ...order, processedAt: shippedAt }, lines };
}

/** Units of a lot reserved for an order that has not shipped (the allocation and its lot count). */
export async function holdForOrder(
  db: Db,
  shopId: string,
  input: { lotId: string; quantity: number; name: string; customerName?: string },
) {
  const lot = await db.lot.findFirstOrThrow({ where: { id: input.lotId, shopId } });
  const order = await db.orderRef.create({
    data: {
      shopId,
      shopifyOrderId: `gid://shopify/Order/8${Date.now() % 1_000_000}${input.name.replace(/\D/g, "")}`,
      name: input.name,
      shopifyUpdatedAt: new Date("2026-11-10T10:00:00Z"),
      processedAt: new Date("2026-11-10T10:00:00Z"),
      customerName: input.customerName ?? null,
      allocationStatus: "allocated",
    },
  });
  const line = await db.orderLineRef.create({
    data: {
      shopId,
      orderRefId: order.id,
      shopifyLineItemId: `gid://shopify/LineItem/8${Date.now() % 1_000_000}${input.name.replace(/\D/g, "")}`,
      variantId: lot.variantId,
      productId: lot.productId,
      title: lot.productTitle,
      quantity: input.quantity,
      locationId: lot.locationId,
      status: "allocated",
    },
  });
  await db.allocation.create({ data: { shopId, orderLineId: line.id, lotId: lot.id, quantity: input.quantity } });
  await db.lot.update({ where: { id: lot.id }, data: { allocatedQuantity: { increment: input.quantity } } });
  await db.lotEvent.create({
    data: {
      shopId,
      lotId: lot.id,
      type: "allocated",
      quantity: -input.quantity,
      occurredAt: order.processedAt,
      orderLineId: line.id,
    },
  });
  return { order, line };
}
