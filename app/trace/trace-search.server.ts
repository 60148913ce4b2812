// Finding the lot to trace: by its code, the supplier's lot code, a serial number, or whatever a
// scanner typed from a GS1 label. Exact matches come first; one exact lot is "the" answer, so
// the trace page can go straight to it.
import type { Db, Prisma } from "../db.server";
import type { LotStatus, SerialStatus } from "../generated/prisma/client.ts";
import { readTraceQuery } from "./trace-query";

const LIMIT = 25;

export interface FoundLot {
  id: string;
  code: string;
  productTitle: string;
  sku: string | null;
  supplierLotCode: string | null;
  status: LotStatus;
  /** Why it matched. */
  matchedBy: "code" | "supplier-lot" | "serial" | "partial";
}

export interface FoundSerial {
  serial: string;
  status: SerialStatus;
  lotId: string;
  lotCode: string;
  productTitle: string;
  orderName: string | null;
}

export interface TraceSearchResult {
  lots: FoundLot[];
  serials: FoundSerial[];
  /** The one lot the query names exactly (code, supplier lot, serial or scan), if exactly one. */
  exactLotId: string | null;
  /** A scan that could not be read, in words the merchant can act on. */
  scanError: string | null;
}

const lotSelect = {
  id: true,
  code: true,
  productTitle: true,
  sku: true,
  supplierLotCode: true,
  status: true,
} as const satisfies Prisma.LotSelect;

const serialSelect = {
  serial: true,
  status: true,
  lot: { select: { id: true, code: true, productTitle: true } },
  orderLine: { select: { order: { select: { name: true } } } },
} as const satisfies Prisma.SerialNumberSelect;

type SerialRow = Prisma.SerialNumberGetPayload<{ select: typeof serialSelect }>;

function foundSerial(row: SerialRow): FoundSerial {
  return {
    serial: row.serial,
    status: row.status,
    lotId: row.lot.id,
    lotCode: row.lot.code,
    productTitle: row.lot.productTitle,
    orderName: row.orderLine?.order.name ?? null,
  };
}

export async function searchTrace(db: Db, shopId: string, query: string): Promise<TraceSearchResult> {
  const read = readTraceQuery(query);
  if (read.kind === "empty") return { lots: [], serials: [], exactLotId: null, scanError: null };
  if (read.kind === "invalid-scan") return { lots: [], serials: [], exactLotId: null, scanError: read.error };

  if (read.kind === "scan") {
    const { lot, serial, gtins } = read.filter;
    // With a lot or serial on the label, the GTIN only rules out other products' lots.
    const gtinCondition: Prisma.LotWhereInput | null = gtins?.length
      ? lot || serial
        ? { OR: [{ gtin: { in: gtins } }, { gtin: null }] }
        : { gtin: { in: gtins } }
      : null;
    const serials = serial
      ? await db.serialNumber.findMany({
          where: {
            shopId,
            serial,
            lot: { shopId, AND: [...(lot ? [lotCodeMatch(lot)] : []), ...(gtinCondition ? [gtinCondition] : [])] },
          },
          select: serialSelect,
          take: LIMIT,
        })
      : [];
    const lots = serial
      ? []
      : await db.lot.findMany({
          where: { shopId, AND: [...(lot ? [lotCodeMatch(lot)] : []), ...(gtinCondition ? [gtinCondition] : [])] },
          select: lotSelect,
          orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
          take: LIMIT,
        });
    const found: FoundLot[] = [
      ...lots.map((row) => ({ ...row, matchedBy: lot && row.code !== lot ? "supplier-lot" : "code" }) as FoundLot),
    ];
    const lotIds = new Set([...found.map((row) => row.id), ...serials.map((row) => row.lot.id)]);
    // A GTIN alone names a product, not a lot: it lists the product's lots but picks none.
    const exact = lot || serial ? lotIds : new Set<string>();
    return {
      lots: found,
      serials: serials.map(foundSerial),
      exactLotId: exact.size === 1 ? [...exact][0] : null,
      scanError: null,
    };
  }

  const text = read.text;
  const [exactLots, serials, partialLots] = await Promise.all([
    db.lot.findMany({
      where: {
        shopId,
        OR: [
          { code: { equals: text, mode: "insensitive" } },
          { supplierLotCode: { equals: text, mode: "insensitive" } },
        ],
      },
      select: lotSelect,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: LIMIT,
    }),
    db.serialNumber.findMany({
      where: { shopId, serial: { equals: text, mode: "insensitive" } },
      select: serialSelect,
      take: LIMIT,
    }),
    db.lot.findMany({
      where: {
        shopId,
        OR: [
          { code: { contains: text, mode: "insensitive" } },
          { supplierLotCode: { contains: text, mode: "insensitive" } },
        ],
      },
      select: lotSelect,
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: LIMIT,
    }),
  ]);
  const lower = text.toLowerCase();
  const lots: FoundLot[] = exactLots.map((row) => ({
    ...row,
    matchedBy: row.code.toLowerCase() === lower ? "code" : "supplier-lot",
  }));
  const seen = new Set(lots.map((row) => row.id));
  for (const row of partialLots) {
    if (seen.has(row.id) || lots.length >= LIMIT) continue;
    seen.add(row.id);
    lots.push({ ...row, matchedBy: "partial" });
  }
  const exact = new Set([...exactLots.map((row) => row.id), ...serials.map((row) => row.lot.id)]);
  return {
    lots,
    serials: serials.map(foundSerial),
    exactLotId: exact.size === 1 ? [...exact][0] : null,
    scanError: null,
  };
}

/** A label's batch/lot (10) is the lot code Lotline issued or the supplier's. */
function lotCodeMatch(lot: string): Prisma.LotWhereInput {
  return { OR: [{ code: lot }, { supplierLotCode: lot }] };
}
