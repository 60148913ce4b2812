// Receiving stock into lots: one transaction creates the receipt, its lots (codes issued from
// the shop's template), serial numbers, one `received` ledger row per lot and an audit entry,
// or nothing at all. Shopify's inventory follows through a queued write-back job, enqueued
// only once the receipt is durable; a sweep enqueues it later if Redis was away.
import type { Db, Prisma } from "../db.server";
import {
  type FieldErrors,
  issueCodes,
  planReceipt,
  type ReceiptPlan,
  type ReceiptTemplates,
  type ReceiveStockInput,
  sequenceDemand,
} from "../domain/receiving";
import { takeSequenceNumbers } from "../models/code-sequence.server";
import { withAvailable } from "../models/lot.server";
import { receiptDocumentUri } from "../models/receipt.server";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";

export type EnqueueWriteBack = (payload: { shopId: string; receiptId: string }) => Promise<unknown>;

export interface ReceiveStockCollaborators extends ReceiptTemplates {
  /** Queues the Shopify write-back (`receipts.write-back`); called after the commit. */
  enqueue: EnqueueWriteBack;
}

type Tx = Prisma.TransactionClient;

// Concurrent receipts queue on the counter row; give them room before Prisma gives up.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

/**
 * Receives stock. Throws AppError INVALID_DATA with `fields` (e.g. `lines[1].expiresAt`) when
 * anything is wrong, having written nothing; a rolled-back receipt gives its sequence numbers back.
 */
export async function receiveStock(db: Db, input: ReceiveStockInput, collaborators: ReceiveStockCollaborators) {
  const planned = planReceipt(input, collaborators);
  if (!planned.ok) throw invalidReceipt(planned.fields);
  const plan = planned.plan;

  const shop = await db.shop.findUnique({ where: { id: input.shopId }, select: { id: true, uninstalledAt: true } });
  if (!shop) throw new AppError("NOT_FOUND", "This shop is not known to Lotline.");
  if (shop.uninstalledAt) throw new AppError("NOT_ALLOWED", "Lotline is not installed on this shop.");

  let created: Awaited<ReturnType<typeof writeReceipt>>;
  try {
    created = await db.$transaction((tx) => writeReceipt(tx, shop.id, plan), TRANSACTION_OPTIONS);
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Another receipt took the same code or serial between our check and our insert.
      throw new AppError(
        "CONFLICT",
        "Another receipt just used one of these lot codes or serial numbers. Nothing was saved; submit again.",
      );
    }
    throw error;
  }

  const writeBackQueued = await enqueueWriteBack(db, collaborators.enqueue, shop.id, created.receipt.id);
  return { ...created, writeBackQueued };
}

async function writeReceipt(tx: Tx, shopId: string, plan: ReceiptPlan) {
  const first = await takeSequenceNumbers(tx, shopId, sequenceDemand(plan));
  const issued = issueCodes(plan, first);
  if (!issued.ok) throw invalidReceipt(issued.fields);
  const { lotCodes, serials } = issued.codes;

  const taken = await codesAlreadyUsed(tx, shopId, plan, lotCodes, serials);
  if (Object.keys(taken).length > 0) throw invalidReceipt(taken);

  const receipt = await tx.receipt.create({
    data: {
      shopId,
      supplierName: plan.supplierName,
      referenceType: plan.referenceType,
      referenceNumber: plan.referenceNumber,
      locationId: plan.locationId,
      locationCode: plan.locationCode,
      receivedAt: plan.receivedAt,
      note: plan.note,
      receivedBy: plan.actor,
    },
  });

  const lots = await tx.lot.createManyAndReturn({
    data: plan.lines.map((line, i) => ({
      shopId,
      code: lotCodes[i],
      inventoryItemId: line.variant.inventoryItemId,
      variantId: line.variant.variantId,
      productId: line.variant.productId,
      locationId: plan.locationId,
      sku: line.variant.sku,
      productTitle: line.variant.productTitle,
      supplierLotCode: line.supplierLotCode,
      gtin: line.gtin,
      producedAt: line.producedAt,
      bestBefore: line.bestBefore,
      expiresAt: line.expiresAt,
      receivedAt: plan.receivedAt,
      receivedQuantity: line.quantity,
      onHandQuantity: line.quantity,
    })),
  });
  // RETURNING order is not promised; codes are unique per shop.
  const lotByCode = new Map(lots.map((lot) => [lot.code, lot]));
  const lotOf = (i: number) => lotByCode.get(lotCodes[i])!;

  await tx.receiptLine.createMany({
    data: plan.lines.map((line, i) => ({
      shopId,
      receiptId: receipt.id,
      position: i,
      lotId: lotOf(i).id,
      variantId: line.variant.variantId,
      productId: line.variant.productId,
      inventoryItemId: line.variant.inventoryItemId,
      quantity: line.quantity,
    })),
  });

  const serialRows = plan.lines.flatMap((line, i) =>
    serials[i].map((serial) => ({
      shopId,
      serial,
      lotId: lotOf(i).id,
      productId: line.variant.productId,
      variantId: line.variant.variantId,
    })),
  );
  if (serialRows.length > 0) await tx.serialNumber.createMany({ data: serialRows });

  const reference = {
    receiptId: receipt.id,
    document: receiptDocumentUri(receipt.id),
    referenceType: plan.referenceType,
    referenceNumber: plan.referenceNumber,
    supplierName: plan.supplierName,
  };
  await tx.lotEvent.createMany({
    data: plan.lines.map((line, i) => ({
      shopId,
      lotId: lotOf(i).id,
      type: "received" as const,
      quantity: line.quantity,
      occurredAt: plan.receivedAt,
      receiptId: receipt.id,
      actor: plan.actor,
      reference,
    })),
  });

  await tx.auditEntry.create({
    data: {
      shopId,
      actor: plan.actor,
      action: "receipt.created",
      subjectType: "Receipt",
      subjectId: receipt.id,
      details: {
        locationId: plan.locationId,
        referenceType: plan.referenceType,
        referenceNumber: plan.referenceNumber,
        lines: plan.lines.map((line, i) => ({
          lotCode: lotCodes[i],
          variantId: line.variant.variantId,
          quantity: line.quantity,
          serialNumbers: serials[i].length,
        })),
      },
    },
  });

  return {
    receipt,
    lots: plan.lines.map((_, i) => withAvailable(lotOf(i))),
    serialNumbers: serials,
  };
}

/** Field errors for lot codes and serial numbers the shop already has. */
async function codesAlreadyUsed(
  tx: Tx,
  shopId: string,
  plan: ReceiptPlan,
  lotCodes: string[],
  serials: string[][],
): Promise<FieldErrors> {
  const fields: FieldErrors = {};
  const existingLots = await tx.lot.findMany({ where: { shopId, code: { in: lotCodes } }, select: { code: true } });
  const usedCodes = new Set(existingLots.map((lot) => lot.code));
  plan.lines.forEach((line, i) => {
    if (!usedCodes.has(lotCodes[i])) return;
    fields[`lines[${line.index}].lotCode`] = line.manualLotCode
      ? `Lot code "${lotCodes[i]}" is already used in your shop; enter another`
      : `The lot template gives "${lotCodes[i]}", which is already used; add {SEQ:n} to the template or enter a code by hand`;
  });

  const byProduct = new Map<string, string[]>();
  plan.lines.forEach((line, i) => {
    const list = byProduct.get(line.variant.productId) ?? [];
    list.push(...serials[i]);
    byProduct.set(line.variant.productId, list);
  });
  const wanted = [...byProduct].filter(([, list]) => list.length > 0);
  if (wanted.length === 0) return fields;
  const existing = await tx.serialNumber.findMany({
    where: { shopId, OR: wanted.map(([productId, list]) => ({ productId, serial: { in: list } })) },
    select: { serial: true, productId: true, lot: { select: { code: true } } },
  });
  const usedSerial = new Map(existing.map((row) => [`${row.productId}\u0000${row.serial}`, row.lot.code]));
  plan.lines.forEach((line, i) => {
    serials[i].forEach((serial, k) => {
      const lotCode = usedSerial.get(`${line.variant.productId}\u0000${serial}`);
      if (lotCode === undefined) return;
      if (line.serials.kind === "given") {
        fields[`lines[${line.index}].serials[${k}]`] =
          `Serial number "${serial}" is already used for this product (lot ${lotCode})`;
      } else {
        fields[`lines[${line.index}].serials`] ??=
          `The serial template gives "${serial}", which is already used for this product (lot ${lotCode}); change the serial template`;
      }
    });
  });
  return fields;
}

async function enqueueWriteBack(db: Db, enqueue: EnqueueWriteBack, shopId: string, receiptId: string) {
  try {
    await enqueue({ shopId, receiptId });
    await db.receipt.updateMany({
      where: { id: receiptId, shopId, writeBackEnqueuedAt: null },
      data: { writeBackEnqueuedAt: new Date() },
    });
    return true;
  } catch (error) {
    // The receipt is saved; the write-back sweep queues it once Redis answers again.
    logger.warn({ err: error, shopId, receiptId }, "receipt saved but its Shopify write-back was not queued");
    return false;
  }
}

function invalidReceipt(fields: FieldErrors): AppError {
  const count = Object.keys(fields).length;
  return new AppError(
    "INVALID_DATA",
    count === 1
      ? "The receipt has a problem; nothing was saved."
      : `The receipt has ${count} problems; nothing was saved.`,
    fields,
  );
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}
