// Where a lot went and where it came from, read from the ledger: forward (every shipment to an
// order and customer or B2B company, what came back, what is still held) and backward (the
// receipts it arrived on, with supplier and document, and its serial numbers). The ledger is
// the source, so the trace agrees with the FSMA and EPCIS files built from the same rows.
import type { Db } from "../db.server";
import type { LotEventType, LotStatus, SerialStatus } from "../generated/prisma/client.ts";
import { calendarDate } from "../utils/dates";
import { AppError } from "../utils/errors";
import { describeLedgerRow } from "./lot-timeline";

const NOT_FOUND = "This lot does not exist in your shop.";

export interface TracedLot {
  id: string;
  code: string;
  productTitle: string;
  sku: string | null;
  gtin: string | null;
  supplierLotCode: string | null;
  locationId: string;
  status: LotStatus;
  producedAt: string | null;
  bestBefore: string | null;
  expiresAt: string | null;
  receivedAt: Date;
}

export interface LotStock {
  received: number;
  onHand: number;
  /** Reserved for orders not shipped yet. */
  allocated: number;
  /** Held back from sale (returned units awaiting a check); part of on hand. */
  quarantined: number;
  available: number;
}

export interface ForwardShipment {
  /** The ledger row (one per fulfilment of a line from this lot). */
  eventId: string;
  shippedAt: Date;
  quantity: number;
  orderId: string;
  orderName: string;
  customerName: string | null;
  customerEmail: string | null;
  companyName: string | null;
  /** Where it went: the order's shipping address, city and country (never the street). */
  destination: string | null;
  /** The shop location it left from. */
  fromLocationId: string | null;
  lineTitle: string;
  sku: string | null;
  serials: string[];
}

export interface ForwardReturn {
  eventId: string;
  returnedAt: Date;
  quantity: number;
  orderId: string | null;
  orderName: string | null;
}

export interface ForwardHolding {
  orderId: string;
  orderName: string;
  customerName: string | null;
  companyName: string | null;
  /** Units reserved for the order and not shipped yet. */
  quantity: number;
}

export interface ForwardTrace {
  lot: TracedLot;
  stock: LotStock;
  shipments: ForwardShipment[];
  returns: ForwardReturn[];
  /** Orders holding units of the lot that have not shipped. */
  allocatedTo: ForwardHolding[];
  totals: { shipped: number; returned: number; orders: number; customers: number };
}

export interface BackwardReceipt {
  eventId: string;
  receivedAt: Date;
  quantity: number;
  receiptId: string | null;
  supplierName: string | null;
  referenceType: string | null;
  referenceNumber: string | null;
  /** Where it was received. */
  locationId: string | null;
  /** How stock without a receipt arrived, e.g. "import" or "unassigned". */
  source: string | null;
  /** Made in-house (a production run) rather than bought in. */
  producedInHouse: boolean;
}

export interface TracedSerial {
  serial: string;
  status: SerialStatus;
  lotCode: string;
  orderId: string | null;
  orderName: string | null;
}

export interface BackwardTrace {
  lot: TracedLot;
  receipts: BackwardReceipt[];
  serials: TracedSerial[];
  totals: { received: number };
}

export interface TimelineEntry {
  id: string;
  at: Date;
  type: LotEventType;
  quantity: number;
  title: string;
  detail: string | null;
  /** On hand after this row (the running sum of the rows that move on-hand stock). */
  onHandAfter: number;
  orderId: string | null;
  receiptId: string | null;
  actor: string | null;
}

/** A receipt reference type that means the lot was made here, not bought in. */
export function isProductionReference(referenceType: string | null | undefined): boolean {
  return referenceType === "production_run" || referenceType === "production";
}

async function findLot(db: Db, shopId: string, lotId: string) {
  // A malformed id cannot name a lot; Postgres would refuse it as a uuid.
  if (!/^[0-9a-f-]{36}$/i.test(lotId)) throw new AppError("NOT_FOUND", NOT_FOUND);
  const lot = await db.lot.findFirst({ where: { id: lotId, shopId } });
  if (!lot) throw new AppError("NOT_FOUND", NOT_FOUND);
  return lot;
}

type LotRow = Awaited<ReturnType<typeof findLot>>;

function tracedLot(lot: LotRow): TracedLot {
  return {
    id: lot.id,
    code: lot.code,
    productTitle: lot.productTitle,
    sku: lot.sku,
    gtin: lot.gtin,
    supplierLotCode: lot.supplierLotCode,
    locationId: lot.locationId,
    status: lot.status,
    producedAt: calendarDate(lot.producedAt),
    bestBefore: calendarDate(lot.bestBefore),
    expiresAt: calendarDate(lot.expiresAt),
    receivedAt: lot.receivedAt,
  };
}

function lotStock(lot: LotRow): LotStock {
  return {
    received: lot.receivedQuantity,
    onHand: lot.onHandQuantity,
    allocated: lot.allocatedQuantity,
    quarantined: lot.quarantinedQuantity,
    available: lot.onHandQuantity - lot.allocatedQuantity - lot.quarantinedQuantity,
  };
}

/** City, region and country of a shipping address as order sync stores it (no street, no name). */
export function describeDestination(address: unknown): string | null {
  if (!address || typeof address !== "object") return null;
  const a = address as Record<string, unknown>;
  const text = (key: string) => (typeof a[key] === "string" && a[key] !== "" ? (a[key] as string) : null);
  const parts = [
    text("city"),
    text("provinceCode") ?? text("province"),
    text("countryCodeV2") ?? text("countryCode") ?? text("country"),
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : null;
}

export async function traceLotForward(db: Db, shopId: string, lotId: string): Promise<ForwardTrace> {
  const lot = await findLot(db, shopId, lotId);
  const [moves, holdings, serials] = await Promise.all([
    db.lotEvent.findMany({
      where: { shopId, lotId: lot.id, type: { in: ["shipped", "returned"] } },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      include: {
        orderLine: {
          select: {
            id: true,
            title: true,
            sku: true,
            locationId: true,
            order: {
              select: {
                id: true,
                name: true,
                customerId: true,
                customerName: true,
                customerEmail: true,
                companyId: true,
                companyName: true,
                shippingAddress: true,
              },
            },
          },
        },
      },
    }),
    db.allocation.findMany({
      where: { shopId, lotId: lot.id },
      select: {
        quantity: true,
        shippedQuantity: true,
        orderLine: {
          select: {
            order: { select: { id: true, name: true, customerName: true, companyName: true, cancelledAt: true } },
          },
        },
      },
    }),
    db.serialNumber.findMany({
      where: { shopId, lotId: lot.id, orderLineId: { not: null } },
      select: { serial: true, orderLineId: true },
      orderBy: { serial: "asc" },
    }),
  ]);

  const serialsByLine = new Map<string, string[]>();
  for (const serial of serials) {
    const list = serialsByLine.get(serial.orderLineId!) ?? [];
    list.push(serial.serial);
    serialsByLine.set(serial.orderLineId!, list);
  }

  const shipments: ForwardShipment[] = [];
  const returns: ForwardReturn[] = [];
  const customers = new Set<string>();
  const orders = new Set<string>();
  // A line shipped in two fulfilments has two ledger rows; its serials are listed on the first.
  const serialsShown = new Set<string>();
  for (const move of moves) {
    const line = move.orderLine;
    const order = line?.order ?? null;
    if (move.type === "returned") {
      returns.push({
        eventId: move.id,
        returnedAt: move.occurredAt,
        quantity: move.quantity,
        orderId: order?.id ?? null,
        orderName: order?.name ?? null,
      });
      continue;
    }
    if (!line || !order) continue;
    orders.add(order.id);
    customers.add(
      order.companyId
        ? `company:${order.companyId}`
        : order.customerId
          ? `customer:${order.customerId}`
          : order.customerEmail
            ? `email:${order.customerEmail.toLowerCase()}`
            : `order:${order.id}`,
    );
    const lineSerials = serialsShown.has(line.id) ? [] : (serialsByLine.get(line.id) ?? []);
    serialsShown.add(line.id);
    shipments.push({
      eventId: move.id,
      shippedAt: move.occurredAt,
      quantity: -move.quantity,
      orderId: order.id,
      orderName: order.name,
      customerName: order.customerName,
      customerEmail: order.customerEmail,
      companyName: order.companyName,
      destination: describeDestination(order.shippingAddress),
      fromLocationId: line.locationId ?? lot.locationId,
      lineTitle: line.title,
      sku: line.sku,
      serials: lineSerials,
    });
  }

  const held = new Map<string, ForwardHolding>();
  for (const allocation of holdings) {
    const unshipped = allocation.quantity - allocation.shippedQuantity;
    const order = allocation.orderLine.order;
    if (unshipped <= 0 || order.cancelledAt) continue;
    const entry = held.get(order.id) ?? {
      orderId: order.id,
      orderName: order.name,
      customerName: order.customerName,
      companyName: order.companyName,
      quantity: 0,
    };
    entry.quantity += unshipped;
    held.set(order.id, entry);
  }

  return {
    lot: tracedLot(lot),
    stock: lotStock(lot),
    shipments,
    returns,
    allocatedTo: [...held.values()].sort((a, b) => a.orderName.localeCompare(b.orderName)),
    totals: {
      shipped: shipments.reduce((sum, shipment) => sum + shipment.quantity, 0),
      returned: returns.reduce((sum, entry) => sum + entry.quantity, 0),
      orders: orders.size,
      customers: customers.size,
    },
  };
}

function referenceText(reference: unknown, key: string): string | null {
  if (reference && typeof reference === "object" && key in reference) {
    const value = (reference as Record<string, unknown>)[key];
    return typeof value === "string" && value !== "" ? value : null;
  }
  return null;
}

export async function traceLotBackward(db: Db, shopId: string, lotId: string): Promise<BackwardTrace> {
  const lot = await findLot(db, shopId, lotId);
  const [received, serials] = await Promise.all([
    db.lotEvent.findMany({
      where: { shopId, lotId: lot.id, type: "received" },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      include: {
        receipt: {
          select: {
            id: true,
            supplierName: true,
            referenceType: true,
            referenceNumber: true,
            locationId: true,
            receivedAt: true,
          },
        },
      },
    }),
    db.serialNumber.findMany({
      where: { shopId, lotId: lot.id },
      orderBy: { serial: "asc" },
      select: { serial: true, status: true, orderLine: { select: { order: { select: { id: true, name: true } } } } },
    }),
  ]);

  const receipts = received.map((row): BackwardReceipt => {
    const receipt = row.receipt;
    const referenceType = receipt?.referenceType ?? referenceText(row.reference, "referenceType");
    return {
      eventId: row.id,
      receivedAt: receipt?.receivedAt ?? row.occurredAt,
      quantity: row.quantity,
      receiptId: receipt?.id ?? null,
      supplierName: receipt?.supplierName ?? referenceText(row.reference, "supplierName"),
      referenceType,
      referenceNumber: receipt?.referenceNumber ?? referenceText(row.reference, "referenceNumber"),
      locationId: receipt?.locationId ?? lot.locationId,
      source: receipt ? null : (referenceText(row.reference, "source") ?? "manual"),
      producedInHouse: isProductionReference(referenceType),
    };
  });

  return {
    lot: tracedLot(lot),
    receipts,
    serials: serials.map((serial) => ({
      serial: serial.serial,
      status: serial.status,
      lotCode: lot.code,
      orderId: serial.orderLine?.order.id ?? null,
      orderName: serial.orderLine?.order.name ?? null,
    })),
    totals: { received: receipts.reduce((sum, receipt) => sum + receipt.quantity, 0) },
  };
}

/** Every ledger row of the lot, oldest first, as the lot page's timeline shows it. */
export async function lotTimeline(db: Db, shopId: string, lotId: string): Promise<TimelineEntry[]> {
  const lot = await findLot(db, shopId, lotId);
  const rows = await db.lotEvent.findMany({
    where: { shopId, lotId: lot.id },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    include: {
      receipt: { select: { supplierName: true, referenceType: true, referenceNumber: true } },
      orderLine: { select: { order: { select: { id: true, name: true } } } },
    },
  });
  let onHand = 0;
  return rows.map((row) => {
    const text = describeLedgerRow({
      type: row.type,
      quantity: row.quantity,
      reference: row.reference,
      orderName: row.orderLine?.order.name ?? null,
      receipt: row.receipt,
    });
    onHand += text.onHandChange;
    return {
      id: row.id,
      at: row.occurredAt,
      type: row.type,
      quantity: row.quantity,
      title: text.title,
      detail: text.detail,
      onHandAfter: onHand,
      orderId: row.orderLine?.order.id ?? null,
      receiptId: row.receiptId,
      actor: row.actor,
    };
  });
}
