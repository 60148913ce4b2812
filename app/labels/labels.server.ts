// Label sheets for a receipt's lots or for one lot: reads the shop's lots (another shop's are
// NOT_FOUND) and renders the PDF. Routes parse the request; workers could call this as well.
import type { Db } from "../db.server";
import { AppError } from "../utils/errors";
import { buildLabels, type LabelLot, type LabelSymbol } from "./label-content";
import { renderLabelsPdf } from "./label-pdf";
import type { LabelSize } from "./sheet-layout";

/** More than this is a print job for a spreadsheet export, not one request. */
export const MAX_LABELS_PER_PDF = 2_000;

export interface LabelOptions {
  size: LabelSize;
  symbol: LabelSymbol;
  serials: boolean;
}

const LOT_FIELDS = {
  code: true,
  productTitle: true,
  sku: true,
  gtin: true,
  producedAt: true,
  bestBefore: true,
  expiresAt: true,
  serialNumbers: { orderBy: { serial: "asc" }, select: { serial: true } },
} as const;

type LotRow = {
  code: string;
  productTitle: string;
  sku: string | null;
  gtin: string | null;
  producedAt: Date | null;
  bestBefore: Date | null;
  expiresAt: Date | null;
  serialNumbers: { serial: string }[];
};

function toLabelLot(lot: LotRow, withSerials: boolean): LabelLot {
  const { serialNumbers, ...rest } = lot;
  return { ...rest, serials: withSerials ? serialNumbers.map((s) => s.serial) : [] };
}

async function render(lots: LabelLot[], options: LabelOptions, title: string) {
  const labels = buildLabels(lots, { symbol: options.symbol, serials: options.serials });
  if (labels.length > MAX_LABELS_PER_PDF) {
    throw new AppError(
      "INVALID_DATA",
      `That is ${labels.length} labels; one PDF holds at most ${MAX_LABELS_PER_PDF}. Print lots one at a time.`,
    );
  }
  return { pdf: await renderLabelsPdf(labels, options.size, title), labelCount: labels.length };
}

export async function renderReceiptLabels(db: Db, shopId: string, receiptId: string, options: LabelOptions) {
  const receipt = await db.receipt.findFirst({
    where: { id: receiptId, shopId },
    select: {
      referenceNumber: true,
      lines: { orderBy: { position: "asc" }, select: { lot: { select: LOT_FIELDS } } },
    },
  });
  if (!receipt) throw new AppError("NOT_FOUND", "This receipt does not exist in your shop.");
  const lots = receipt.lines.map((line) => toLabelLot(line.lot, options.serials));
  const result = await render(lots, options, `Labels for receipt ${receipt.referenceNumber ?? receiptId}`);
  return { ...result, filename: `lotline-receipt-${receiptId.slice(0, 8)}-labels-${options.size}.pdf` };
}

export async function renderLotLabels(db: Db, shopId: string, lotId: string, options: LabelOptions) {
  const lot = await db.lot.findFirst({ where: { id: lotId, shopId }, select: LOT_FIELDS });
  if (!lot) throw new AppError("NOT_FOUND", "This lot does not exist in your shop.");
  const result = await render([toLabelLot(lot, options.serials)], options, `Labels for lot ${lot.code}`);
  const safeCode = lot.code.replace(/[^A-Za-z0-9._-]+/g, "_");
  return { ...result, filename: `lotline-lot-${safeCode}-labels-${options.size}.pdf` };
}
