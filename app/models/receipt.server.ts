// Receipts, read side and write-back bookkeeping. Every query is scoped by shop.
import type { Db, Prisma } from "../db.server";
import { AppError } from "../utils/errors";

type Reader = Db | Prisma.TransactionClient;

const WITH_LINES = {
  lines: {
    orderBy: { position: "asc" },
    include: { lot: { select: { id: true, code: true, sku: true, productTitle: true } } },
  },
} as const satisfies Prisma.ReceiptInclude;

/** One receipt of the shop with its lines and their lots; NOT_FOUND for another shop's receipt. */
export async function retrieveReceipt(db: Reader, shopId: string, receiptId: string) {
  const receipt = await db.receipt.findFirst({ where: { id: receiptId, shopId }, include: WITH_LINES });
  if (!receipt) throw new AppError("NOT_FOUND", "This receipt does not exist in your shop.");
  return receipt;
}

/** How many serial numbers per line a receipt page lists; the rest are counted. */
export const RECEIPT_SERIALS_SHOWN = 50;

/**
 * A receipt as its page shows it: lines with their lots (codes, dates, quantities) and the
 * first serial numbers of each; NOT_FOUND for another shop's receipt.
 */
export async function retrieveReceiptDetail(db: Reader, shopId: string, receiptId: string) {
  const receipt = await db.receipt.findFirst({
    where: { id: receiptId, shopId },
    include: {
      lines: {
        orderBy: { position: "asc" },
        include: {
          lot: {
            include: {
              serialNumbers: { orderBy: { serial: "asc" }, take: RECEIPT_SERIALS_SHOWN, select: { serial: true } },
              _count: { select: { serialNumbers: true } },
            },
          },
        },
      },
    },
  });
  if (!receipt) throw new AppError("NOT_FOUND", "This receipt does not exist in your shop.");
  return receipt;
}

export async function listReceipts(db: Reader, shopId: string, options: { take?: number } = {}) {
  return db.receipt.findMany({
    where: { shopId },
    orderBy: { receivedAt: "desc" },
    take: Math.min(options.take ?? 50, 200),
    include: { _count: { select: { lines: true } } },
  });
}

/** The reference Shopify shows in its inventory history for a receipt's change. */
export function receiptDocumentUri(receiptId: string): string {
  return `gid://lotline/Receipt/${receiptId}`;
}
