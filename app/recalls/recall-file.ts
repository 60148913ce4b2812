// The recall file's text: the columns an authority asks for, and CSV cells that a spreadsheet
// opens as text, never as a formula (a customer's name can start with "=").
export const RECALL_FILE_COLUMNS = [
  "Recall",
  "Customer",
  "Email",
  "Order",
  "Items",
  "Lot codes",
  "Quantities",
  "Notice status",
  "Sent at",
  "Acknowledged at",
  "Response",
] as const;

export type RecallFileRow = Record<(typeof RECALL_FILE_COLUMNS)[number], string>;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet would evaluate gets a leading apostrophe, so it shows as typed. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function quoteCell(value: string): string {
  const safe = neutraliseCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV record (RFC 4180, CRLF line end). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(quoteCell).join(",")}\r\n`;
}

export function recallFileCells(row: RecallFileRow): string[] {
  return RECALL_FILE_COLUMNS.map((column) => row[column]);
}

/** A file name the merchant can file away: "recall-7-2026-11-21.csv". */
export function recallFileName(number: number, at: Date, extension: "csv" | "pdf"): string {
  return `recall-${number}-${at.toISOString().slice(0, 10)}.${extension}`;
}
