// The Shopify side of a receipt: one `inventoryAdjustQuantities` per receipt raising
// `available` at its location, keyed by the receipt id so a retry after a lost answer is
// replayed by Shopify instead of applied twice. The outcome (done, or failed with Shopify's
// reason) is recorded on the receipt, where the merchant sees it (invariant 5).
import type { Db } from "../db.server";
import { receiptChanges } from "../domain/receiving";
import { DEFAULT_JOB_OPTIONS } from "../jobs/contract";
import { receiptDocumentUri } from "../models/receipt.server";
import { type AdminGraphql, classifyAdminError } from "../shopify/admin-graphql.server";
import { adjustInventoryQuantities, describeUserErrors } from "../shopify/inventory.server";
import { RetryLaterError } from "../shopify/rate-limited-admin.server";
import { AppError } from "../utils/errors";
import type { EnqueueWriteBack } from "./receive-stock.server";

export type WriteBackOutcome = "done" | "already-done" | "already-failed" | "gone";

/** How a refusal by Shopify starts on the receipt's error. */
export const SHOPIFY_REFUSED_INVENTORY_CHANGE = "Shopify refused the inventory change";

/** The audit action of a merchant's retry. */
export const RECEIPT_WRITE_BACK_RETRIED = "receipt.write-back.retried";

/** The key Shopify deduplicates this receipt's inventory change by (a retry may have set a new one). */
export function writeBackIdempotencyKey(receipt: { id: string; writeBackKey: string | null }): string {
  return receipt.writeBackKey ?? receipt.id;
}

export interface WriteBackCollaborators {
  /** The Admin GraphQL function for a shop (workers: the offline session's client). */
  adminGraphql: (shopDomain: string) => Promise<AdminGraphql>;
  /** After this many attempts that Shopify could not answer, the receipt shows failed. */
  maxAttempts?: number;
}

/**
 * Runs the write-back of one receipt. Shopify refusing it (userErrors, no access) fails it for
 * good and throws AppError; Shopify being unavailable (THROTTLED, 5xx, network) throws a
 * ShopifyUnavailableError so the job is retried later, with the attempt noted on the receipt.
 */
export async function writeBackReceipt(
  db: Db,
  input: { shopId: string; receiptId: string },
  collaborators: WriteBackCollaborators,
): Promise<WriteBackOutcome> {
  const receipt = await db.receipt.findFirst({
    where: { id: input.receiptId, shopId: input.shopId },
    include: {
      lines: { orderBy: { position: "asc" } },
      shop: { select: { domain: true, uninstalledAt: true } },
    },
  });
  // Another shop's receipt, or the shop was redacted since the job was queued.
  if (!receipt) return "gone";
  if (receipt.writeBackStatus === "done") return "already-done";
  if (receipt.writeBackStatus === "failed") return "already-failed";

  const scope = { id: receipt.id, shopId: receipt.shopId, writeBackStatus: "pending" as const };
  const { writeBackAttempts: attempt } = await db.receipt.update({
    where: { id: receipt.id },
    data: { writeBackAttempts: { increment: 1 } },
    select: { writeBackAttempts: true },
  });
  const fail = async (reason: string, refused = false) => {
    await db.receipt.updateMany({
      where: scope,
      data: { writeBackStatus: "failed", writeBackError: reason, writeBackRefused: refused },
    });
  };

  if (receipt.shop.uninstalledAt) {
    const reason =
      "Lotline was uninstalled from this shop, so Shopify's inventory was not raised. Reinstall Lotline, then retry.";
    await fail(reason);
    throw new AppError("NOT_ALLOWED", reason);
  }

  let result: Awaited<ReturnType<typeof adjustInventoryQuantities>>;
  try {
    const graphql = await collaborators.adminGraphql(receipt.shop.domain);
    result = await adjustInventoryQuantities(graphql, {
      name: "available",
      reason: "received",
      referenceDocumentUri: receiptDocumentUri(receipt.id),
      idempotencyKey: writeBackIdempotencyKey(receipt),
      changes: receiptChanges(receipt.locationId, receipt.lines),
    });
  } catch (error) {
    // The rate-limited client asks for a later run: being throttled is not an attempt.
    if (error instanceof RetryLaterError) {
      await db.receipt.updateMany({ where: scope, data: { writeBackAttempts: { decrement: 1 } } });
      throw error;
    }
    const classified = classifyAdminError(error);
    if (classified instanceof AppError) {
      await fail(classified.message);
      throw classified;
    }
    const maxAttempts = collaborators.maxAttempts ?? DEFAULT_JOB_OPTIONS.attempts ?? 8;
    if (attempt >= maxAttempts) {
      await fail(`${classified.message}. Lotline gave up after ${attempt} attempts; retry when Shopify is back.`);
    } else {
      await db.receipt.updateMany({
        where: scope,
        data: {
          writeBackError: `${classified.message}. Lotline will try again (attempt ${attempt} of ${maxAttempts}).`,
        },
      });
    }
    throw classified;
  }

  if (!result.ok) {
    const reason = `${SHOPIFY_REFUSED_INVENTORY_CHANGE}: ${describeUserErrors(result.userErrors)}`;
    await fail(reason, true);
    throw new AppError("INVALID_DATA", reason);
  }
  await db.receipt.updateMany({
    where: scope,
    data: {
      writeBackStatus: "done",
      writeBackError: null,
      writeBackDoneAt: new Date(),
      inventoryAdjustmentGroupId: result.adjustmentGroupId,
    },
  });
  return "done";
}

/** Queues write-backs of receipts saved while Redis was unavailable. */
export async function requeueStrandedWriteBacks(db: Db, enqueue: EnqueueWriteBack, olderThan: Date): Promise<number> {
  const stranded = await db.receipt.findMany({
    where: { writeBackStatus: "pending", writeBackEnqueuedAt: null, createdAt: { lt: olderThan } },
    select: { id: true, shopId: true },
    orderBy: { createdAt: "asc" },
    take: 1000,
  });
  for (const receipt of stranded) {
    await enqueue({ shopId: receipt.shopId, receiptId: receipt.id });
    await db.receipt.updateMany({
      where: { id: receipt.id, writeBackEnqueuedAt: null },
      data: { writeBackEnqueuedAt: new Date() },
    });
  }
  return stranded.length;
}
