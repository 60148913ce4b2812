// Rows the Orders and Products pages read — lots, orders with lines, allocations and serial
// numbers — written straight through Prisma, so page tests do not depend on order sync.
import type { Db } from "../../app/db.server";
import type {
  LineAllocationStatus,
  LotStatus,
  OrderAllocationStatus,
  SerialStatus,
} from "../../app/generated/prisma/client.ts";

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

export interface LotSpec {
  code?: string;
  productId?: string;
  productTitle?: string;
  variantId?: string;
  locationId?: string;
  onHand?: number;
  allocated?: number;
  expiresAt?: Date | null;
  receivedAt?: Date;
  status?: LotStatus;
}

export async function createLot(db: Db, shopId: string, spec: LotSpec = {}) {
  const n = next();
  const onHand = spec.onHand ?? 20;
  return db.lot.create({
    data: {
      shopId,
      code: spec.code ?? `LOT-${n}`,
      inventoryItemId: `gid://shopify/InventoryItem/${n}`,
      variantId: spec.variantId ?? `gid://shopify/ProductVariant/${n}`,
      productId: spec.productId ?? `gid://shopify/Product/${n}`,
      locationId: spec.locationId ?? "gid://shopify/Location/1",
      productTitle: spec.productTitle ?? `Product ${n}`,
      sku: `SKU-${n}`,
      expiresAt: spec.expiresAt === undefined ? new Date("2027-06-30T00:00:00Z") : spec.expiresAt,
      receivedAt: spec.receivedAt ?? new Date("2026-11-01T10:00:00Z"),
      status: spec.status ?? "active",
      receivedQuantity: onHand,
      onHandQuantity: onHand,
      allocatedQuantity: spec.allocated ?? 0,
    },
  });
}

export interface LineSpec {
  title?: string;
  sku?: string | null;
  quantity?: number;
  fulfilled?: number;
  returned?: number;
  locationId?: string | null;
  productId?: string | null;
  variantId?: string | null;
  status?: LineAllocationStatus;
  attentionReason?: string | null;
  allocations?: { lotId: string; quantity: number; shipped?: number; returned?: number; pinned?: boolean }[];
  serials?: { serial: string; lotId: string; status?: SerialStatus }[];
}

export interface OrderSpec {
  name?: string;
  processedAt?: Date;
  customerName?: string | null;
  customerEmail?: string | null;
  status?: OrderAllocationStatus;
  attentionReason?: string | null;
  cancelledAt?: Date | null;
  writeBackVersion?: number;
  writtenBackVersion?: number;
  writeBackError?: string | null;
  lines?: LineSpec[];
}

/** An order as order sync and allocation would leave it; lot quantities are the caller's to set. */
export async function createOrder(db: Db, shopId: string, spec: OrderSpec = {}) {
  const n = next();
  const order = await db.orderRef.create({
    data: {
      shopId,
      shopifyOrderId: `gid://shopify/Order/${5000 + n}`,
      name: spec.name ?? `#${1000 + n}`,
      shopifyUpdatedAt: spec.processedAt ?? new Date("2026-11-20T12:00:00Z"),
      processedAt: spec.processedAt ?? new Date("2026-11-20T12:00:00Z"),
      cancelledAt: spec.cancelledAt ?? null,
      customerName: spec.customerName === undefined ? "Ada Almeida" : spec.customerName,
      customerEmail: spec.customerEmail === undefined ? "ada@example.com" : spec.customerEmail,
      allocationStatus: spec.status ?? "allocated",
      attentionReason: spec.attentionReason ?? null,
      writeBackVersion: spec.writeBackVersion ?? 1,
      writtenBackVersion: spec.writtenBackVersion ?? spec.writeBackVersion ?? 1,
      writeBackError: spec.writeBackError ?? null,
    },
  });
  const lines = [];
  for (const [index, lineSpec] of (spec.lines ?? [{}]).entries()) {
    const line = await db.orderLineRef.create({
      data: {
        shopId,
        orderRefId: order.id,
        shopifyLineItemId: `gid://shopify/LineItem/${9000 + n * 10 + index}`,
        title: lineSpec.title ?? `Line ${index + 1}`,
        sku: lineSpec.sku === undefined ? `SKU-L${index + 1}` : lineSpec.sku,
        quantity: lineSpec.quantity ?? 1,
        fulfilledQuantity: lineSpec.fulfilled ?? 0,
        returnedQuantity: lineSpec.returned ?? 0,
        locationId: lineSpec.locationId === undefined ? "gid://shopify/Location/1" : lineSpec.locationId,
        productId: lineSpec.productId ?? null,
        variantId: lineSpec.variantId ?? null,
        status: lineSpec.status ?? "allocated",
        attentionReason: lineSpec.attentionReason ?? null,
      },
    });
    for (const allocation of lineSpec.allocations ?? []) {
      await db.allocation.create({
        data: {
          shopId,
          orderLineId: line.id,
          lotId: allocation.lotId,
          quantity: allocation.quantity,
          shippedQuantity: allocation.shipped ?? 0,
          returnedQuantity: allocation.returned ?? 0,
          pinned: allocation.pinned ?? false,
        },
      });
    }
    for (const serial of lineSpec.serials ?? []) {
      const lot = await db.lot.findUniqueOrThrow({ where: { id: serial.lotId } });
      await db.serialNumber.create({
        data: {
          shopId,
          serial: serial.serial,
          lotId: lot.id,
          productId: lot.productId,
          variantId: lot.variantId,
          status: serial.status ?? "shipped",
          orderLineId: line.id,
        },
      });
    }
    lines.push(line);
  }
  return { order, lines };
}

/** Serial numbers of a lot still on the shelf (no order line yet). */
export async function createSerials(
  db: Db,
  shopId: string,
  lot: { id: string; productId: string; variantId: string },
  serials: string[],
) {
  await db.serialNumber.createMany({
    data: serials.map((serial) => ({
      shopId,
      serial,
      lotId: lot.id,
      productId: lot.productId,
      variantId: lot.variantId,
      status: "in_stock" as const,
    })),
  });
}
