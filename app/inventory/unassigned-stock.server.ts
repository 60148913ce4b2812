// Unassigned stock: units Shopify counts that no lot explains, and how the merchant puts them
// into a lot. Assigning moves units from the unassigned count into a new or existing lot in one
// transaction; Shopify is not touched (the units are already there). Every query is scoped by shop.
import type { Db, Prisma } from "../db.server";
import type { CodeTemplate } from "../domain/lot-code-template";
import { issueCodes, planReceipt, sequenceDemand } from "../domain/receiving";
import { takeSequenceNumbers } from "../models/code-sequence.server";
import { withAvailable } from "../models/lot.server";
import { AppError } from "../utils/errors";
import { lockInventoryLevel } from "./level-lock.server";

type Tx = Prisma.TransactionClient;
type Reader = Db | Tx;

/** Units and items (item × location) waiting for a lot, for the dashboard. */
export async function summarizeUnassignedStock(db: Reader, shopId: string) {
  const result = await db.unassignedStock.aggregate({
    where: { shopId, quantity: { gt: 0 } },
    _count: { _all: true },
    _sum: { quantity: true },
  });
  return { units: result._sum.quantity ?? 0, items: result._count._all };
}

export const UNASSIGNED_PAGE_SIZE = 100;

/** The shop's unassigned stock, newest first, each with the active lots of its variant at its location. */
export async function listUnassignedStock(db: Reader, shopId: string) {
  const rows = await db.unassignedStock.findMany({
    where: { shopId, quantity: { gt: 0 } },
    orderBy: [{ detectedAt: "desc" }, { id: "asc" }],
    take: UNASSIGNED_PAGE_SIZE,
  });
  if (rows.length === 0) return [];
  const lots = await db.lot.findMany({
    where: {
      shopId,
      status: "active",
      OR: rows.map((row) => ({ inventoryItemId: row.inventoryItemId, locationId: row.locationId })),
    },
    orderBy: [{ expiresAt: { sort: "asc", nulls: "last" } }, { receivedAt: "asc" }],
    select: { id: true, code: true, expiresAt: true, onHandQuantity: true, inventoryItemId: true, locationId: true },
  });
  return rows.map((row) => ({
    ...row,
    lots: lots.filter((lot) => lot.inventoryItemId === row.inventoryItemId && lot.locationId === row.locationId),
  }));
}

/**
 * Levels where Shopify, at the last reconciliation, counted fewer units than the lots hold and
 * no lot could give them up (all held for orders or in quarantine): the merchant has to count.
 */
export async function listInventoryShortfalls(db: Reader, shopId: string) {
  const rows = await db.unassignedStock.findMany({
    where: { shopId, quantity: 0, shopifyOnHand: { not: null } },
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
    take: UNASSIGNED_PAGE_SIZE,
  });
  if (rows.length === 0) return [];
  const sums = await db.lot.groupBy({
    by: ["inventoryItemId", "locationId"],
    where: { shopId, OR: rows.map((row) => ({ inventoryItemId: row.inventoryItemId, locationId: row.locationId })) },
    _sum: { onHandQuantity: true },
  });
  const lotsOnHand = (row: (typeof rows)[number]) =>
    sums.find((sum) => sum.inventoryItemId === row.inventoryItemId && sum.locationId === row.locationId)?._sum
      .onHandQuantity ?? 0;
  return rows
    .map((row) => ({ ...row, shopifyOnHand: row.shopifyOnHand ?? 0, lotsOnHand: lotsOnHand(row) }))
    .filter((row) => row.lotsOnHand > row.shopifyOnHand);
}

export type AssignTarget =
  | { kind: "existing"; lotId: string }
  | {
      kind: "new";
      /** Typed in; empty: issued from the shop's lot template. */
      lotCode?: string | null;
      supplierLotCode?: string | null;
      /** YYYY-MM-DD */
      producedAt?: string | null;
      bestBefore?: string | null;
      expiresAt?: string | null;
    };

export interface AssignInput {
  shopId: string;
  unassignedId: string;
  actor: string;
  quantity: number;
  target: AssignTarget;
}

export interface AssignContext {
  lotTemplate: CodeTemplate;
  /** The shop's IANA time zone: issued codes carry today's date as the merchant sees it. */
  timeZone: string;
  /** `{LOCATION}` code for the stock's location. */
  locationCode: (locationId: string) => string;
  now?: Date;
}

const NEW_LOT_FIELDS = ["lotCode", "supplierLotCode", "producedAt", "bestBefore", "expiresAt", "quantity"];

/**
 * Moves `quantity` units of one unassigned row into a lot. Throws AppError with field errors
 * (`quantity`, `lotId`, `lotCode`, dates) having changed nothing; NOT_FOUND for another shop's row.
 */
export async function assignUnassignedStock(db: Db, input: AssignInput, context: AssignContext) {
  const row = await db.unassignedStock.findFirst({ where: { id: input.unassignedId, shopId: input.shopId } });
  if (!row) throw new AppError("NOT_FOUND", "This unassigned stock does not exist in your shop.");
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    throw invalid({ quantity: "Enter a whole number of units, at least 1" });
  }
  const now = context.now ?? new Date();

  return db.$transaction(
    async (tx) => {
      await lockInventoryLevel(tx, row);
      // Re-read under the row lock: a concurrent assignment may have taken some units already.
      const [locked] = await tx.$queryRaw<{ quantity: number }[]>`
        SELECT quantity FROM "UnassignedStock" WHERE id = ${row.id}::uuid AND "shopId" = ${input.shopId}::uuid FOR UPDATE`;
      const left = locked?.quantity ?? 0;
      if (input.quantity > left) {
        throw invalid({
          quantity:
            left === 0
              ? "No units of this stock are left to assign"
              : `Only ${left} ${left === 1 ? "unit is" : "units are"} unassigned; enter at most ${left}`,
        });
      }
      const lot =
        input.target.kind === "existing"
          ? await addToExistingLot(tx, row, input, input.target.lotId)
          : await createLotFromUnassigned(tx, row, input, input.target, context, now);
      await tx.lotEvent.create({
        data: {
          shopId: input.shopId,
          lotId: lot.id,
          type: "received",
          quantity: input.quantity,
          occurredAt: now,
          actor: input.actor,
          reference: { source: "unassigned", unassignedStockId: row.id },
        },
      });
      await tx.unassignedStock.update({
        where: { id: row.id, shopId: input.shopId },
        data: { quantity: { decrement: input.quantity } },
      });
      await tx.auditEntry.create({
        data: {
          shopId: input.shopId,
          actor: input.actor,
          action: "unassigned-stock.assigned",
          subjectType: "Lot",
          subjectId: lot.id,
          details: {
            lotCode: lot.code,
            newLot: input.target.kind === "new",
            quantity: input.quantity,
            inventoryItemId: row.inventoryItemId,
            locationId: row.locationId,
            unassignedBefore: left,
          },
        },
      });
      return { lot: withAvailable(lot), unassignedLeft: left - input.quantity };
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}

type UnassignedRow = NonNullable<Awaited<ReturnType<Db["unassignedStock"]["findFirst"]>>>;

async function addToExistingLot(tx: Tx, row: UnassignedRow, input: AssignInput, lotId: string) {
  const found = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Lot"
    WHERE id = ${lotId}::uuid AND "shopId" = ${input.shopId}::uuid AND "inventoryItemId" = ${row.inventoryItemId}
      AND "locationId" = ${row.locationId} AND status = 'active'
    FOR UPDATE`;
  if (found.length === 0) {
    throw invalid({ lotId: "Choose an active lot of this product at this location, or create a new lot" });
  }
  return tx.lot.update({
    where: { id: lotId, shopId: input.shopId },
    data: { receivedQuantity: { increment: input.quantity }, onHandQuantity: { increment: input.quantity } },
  });
}

async function createLotFromUnassigned(
  tx: Tx,
  row: UnassignedRow,
  input: AssignInput,
  target: Extract<AssignTarget, { kind: "new" }>,
  context: AssignContext,
  now: Date,
) {
  if (!row.variantId || !row.productId) {
    throw invalid({
      unassignedId: "Lotline does not know which product this stock belongs to yet; try again in a few minutes",
    });
  }
  // The receiving rules check the lot (code, dates, supplier lot) and issue its code.
  const planned = planReceipt(
    {
      shopId: input.shopId,
      actor: input.actor,
      locationId: row.locationId,
      locationCode: context.locationCode(row.locationId),
      receivedAt: now,
      timeZone: context.timeZone,
      lines: [
        {
          variant: {
            variantId: row.variantId,
            productId: row.productId,
            inventoryItemId: row.inventoryItemId,
            sku: row.sku,
            productTitle: row.productTitle ?? "",
          },
          quantity: input.quantity,
          lotCode: target.lotCode,
          supplierLotCode: target.supplierLotCode,
          producedAt: target.producedAt,
          bestBefore: target.bestBefore,
          expiresAt: target.expiresAt,
        },
      ],
    },
    { lotTemplate: context.lotTemplate, now },
  );
  if (!planned.ok) throw invalid(lineFields(planned.fields));
  const plan = planned.plan;
  const issued = issueCodes(plan, await takeSequenceNumbers(tx, input.shopId, sequenceDemand(plan)));
  if (!issued.ok) throw invalid(lineFields(issued.fields));
  const code = issued.codes.lotCodes[0];
  const taken = await tx.lot.findUnique({
    where: { shopId_code: { shopId: input.shopId, code } },
    select: { id: true },
  });
  if (taken) {
    throw invalid({
      lotCode: plan.lines[0].manualLotCode
        ? `Lot code "${code}" is already used in your shop; enter another`
        : `The lot template gives "${code}", which is already used; enter a code by hand`,
    });
  }
  const line = plan.lines[0];
  return tx.lot.create({
    data: {
      shopId: input.shopId,
      code,
      inventoryItemId: row.inventoryItemId,
      variantId: row.variantId,
      productId: row.productId,
      locationId: row.locationId,
      sku: row.sku,
      productTitle: row.productTitle ?? "",
      supplierLotCode: line.supplierLotCode,
      producedAt: line.producedAt,
      bestBefore: line.bestBefore,
      expiresAt: line.expiresAt,
      receivedAt: now,
      receivedQuantity: input.quantity,
      onHandQuantity: input.quantity,
    },
  });
}

/** Receiving names fields per receipt line (`lines[0].expiresAt`); this form has one lot. */
function lineFields(fields: Record<string, string>): Record<string, string> {
  const named: Record<string, string> = {};
  for (const [field, message] of Object.entries(fields)) {
    const name = field.replace(/^lines\[0\]\./, "");
    named[NEW_LOT_FIELDS.includes(name) ? name : "form"] ??= message;
  }
  return named;
}

function invalid(fields: Record<string, string>): AppError {
  return new AppError("INVALID_DATA", "The stock was not assigned; fix the marked fields.", fields);
}
