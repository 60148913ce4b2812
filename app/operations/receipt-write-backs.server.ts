// Receipts whose Shopify inventory change failed, and the merchant's retry of one. Shopify refuses
// an idempotency key whose earlier attempt it refused, so a retry after a refusal takes a new key;
// after Shopify was only unreachable the old key stays, so an attempt that did land is replayed,
// not applied twice.
import type { Db } from "../db.server";
import { RECEIPT_WRITE_BACK_RETRIED, writeBackIdempotencyKey } from "../receiving/write-back.server";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";
import { requeueJob } from "./requeue.server";

export const FAILED_WRITE_BACKS_SHOWN = 100;

export async function listFailedReceiptWriteBacks(db: Db, shopId: string) {
  return db.receipt.findMany({
    where: { shopId, writeBackStatus: "failed" },
    select: {
      id: true,
      receivedAt: true,
      supplierName: true,
      referenceNumber: true,
      locationCode: true,
      writeBackError: true,
      writeBackAttempts: true,
    },
    orderBy: { createdAt: "desc" },
    take: FAILED_WRITE_BACKS_SHOWN,
  });
}

export async function retryReceiptWriteBack(
  db: Db,
  input: { shopId: string; receiptId: string; actor: string },
): Promise<{ idempotencyKey: string }> {
  const receipt = await db.receipt.findFirst({
    where: { id: input.receiptId, shopId: input.shopId },
    select: {
      id: true,
      shopId: true,
      writeBackStatus: true,
      writeBackError: true,
      writeBackKey: true,
      writeBackRefused: true,
    },
  });
  if (!receipt) throw new AppError("NOT_FOUND", "This receipt does not exist in your shop.");
  if (receipt.writeBackStatus !== "failed") {
    throw new AppError(
      "CONFLICT",
      receipt.writeBackStatus === "done"
        ? "Shopify's inventory for this receipt is already updated; there is nothing to retry."
        : "This receipt's Shopify update is already under way.",
    );
  }

  const previousKey = writeBackIdempotencyKey(receipt);
  const idempotencyKey = receipt.writeBackRefused ? await freshKey(db, receipt) : previousKey;

  // Only a receipt still failed is reset, so two retries at once queue it once.
  const reset = await db.receipt.updateMany({
    where: { id: receipt.id, shopId: input.shopId, writeBackStatus: "failed" },
    data: {
      writeBackStatus: "pending",
      writeBackError: null,
      writeBackAttempts: 0,
      writeBackEnqueuedAt: null,
      writeBackKey: idempotencyKey,
      writeBackRefused: false,
    },
  });
  if (reset.count === 0) throw new AppError("CONFLICT", "This receipt's Shopify update is already under way.");
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: input.actor,
      action: RECEIPT_WRITE_BACK_RETRIED,
      subjectType: "Receipt",
      subjectId: receipt.id,
      details: { previousError: receipt.writeBackError, idempotencyKey, newKey: idempotencyKey !== previousKey },
    },
  });
  try {
    await requeueJob("receipts.write-back", { shopId: input.shopId, receiptId: receipt.id });
  } catch (error) {
    // Redis is away: the receipt stays pending without enqueuedAt, and the sweep queues it.
    logger.warn({ err: error, shopId: input.shopId, receiptId: receipt.id }, "receipt retry saved but not queued");
    return { idempotencyKey };
  }
  await db.receipt.updateMany({
    where: { id: receipt.id, shopId: input.shopId, writeBackEnqueuedAt: null },
    data: { writeBackEnqueuedAt: new Date() },
  });
  return { idempotencyKey };
}

async function freshKey(db: Db, receipt: { id: string; shopId: string }): Promise<string> {
  const retries = await db.auditEntry.count({
    where: {
      shopId: receipt.shopId,
      action: RECEIPT_WRITE_BACK_RETRIED,
      subjectType: "Receipt",
      subjectId: receipt.id,
    },
  });
  return `${receipt.id}:retry-${retries + 1}`;
}
