// Reading a merchant's spreadsheet of existing lots: the bytes as Excel, Numbers or Google
// Sheets save them (UTF-8 or Windows-1252, BOM or not, comma or semicolon, CRLF or LF) into
// rows keyed by column, numbered the way the spreadsheet numbers them (header = line 1).
import { CsvError, parse } from "csv-parse/sync";
import { LOT_IMPORT_LIMITS } from "./lot-import-limits";

export { LOT_IMPORT_LIMITS };

/** The template's columns, in its order. */
export const LOT_IMPORT_COLUMNS = [
  "sku",
  "variant_id",
  "location",
  "lot_code",
  "supplier_lot",
  "quantity",
  "produced_on",
  "best_before",
  "expires_on",
  "received_on",
  "supplier",
  "gtin",
  "serials",
] as const;

export type LotImportColumn = (typeof LOT_IMPORT_COLUMNS)[number];

/** One data row: its spreadsheet line and every column's text (trimmed; "" when empty or absent). */
export interface LotCsvRow {
  line: number;
  values: Record<LotImportColumn, string>;
  /** Set when the row cannot be read as the header says (more values than columns). */
  problem?: string;
}

export type LotCsvResult = { ok: true; rows: LotCsvRow[]; delimiter: string } | { ok: false; error: string };

const COLUMN_LIST = LOT_IMPORT_COLUMNS.join(", ");

/**
 * Text of an uploaded file: UTF-8 when it is valid UTF-8 (a BOM is dropped), otherwise
 * Windows-1252, which is what Excel on Windows saves "CSV (Comma delimited)" in.
 */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  if (bytes.byteLength > LOT_IMPORT_LIMITS.bytes) return { ok: false, error: tooLarge(bytes.byteLength) };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  // A spreadsheet never contains NUL; a file that does is a workbook or an image, not CSV text.
  if (text.includes("\u0000")) {
    return {
      ok: false,
      error:
        "This is not a CSV text file. In your spreadsheet choose File › Save as (or Download) › CSV, then upload that file.",
    };
  }
  return { ok: true, text };
}

/** Parses the text into rows; any problem with the file as a whole (not one row) is one message. */
export function parseLotCsv(content: string): LotCsvResult {
  if (content.length > LOT_IMPORT_LIMITS.bytes) return { ok: false, error: tooLarge(content.length) };
  const text = content.replace(/^\uFEFF/, "");
  if (text.trim() === "")
    return {
      ok: false,
      error: `The file is empty. Start from the template: its first line names the columns (${COLUMN_LIST}).`,
    };

  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      // Every row counts, blank or not, so line numbers match the spreadsheet's.
      skip_empty_lines: false,
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, error: csvProblem(error) };
    throw error;
  }

  const header = records[0].map(normalizeHeader);
  const columns = new Map<LotImportColumn, number>();
  const unknown: string[] = [];
  header.forEach((name, index) => {
    if (name === "") return;
    if (!isColumn(name)) {
      unknown.push(records[0][index].trim());
      return;
    }
    if (columns.has(name)) {
      unknown.push(`${records[0][index].trim()} (twice)`);
      return;
    }
    columns.set(name, index);
  });
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `Line 1 names ${unknown.length === 1 ? "a column" : "columns"} Lotline does not know: ${unknown.map((name) => `"${name}"`).join(", ")}. Use the template's column names: ${COLUMN_LIST}.`,
    };
  }
  const missing: string[] = [];
  if (!columns.has("quantity")) missing.push("quantity");
  if (!columns.has("sku") && !columns.has("variant_id")) missing.push("sku (or variant_id)");
  if (missing.length > 0) {
    return {
      ok: false,
      error: `Line 1 must name the columns, and ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing. Start from the template: ${COLUMN_LIST}.`,
    };
  }

  const rows: LotCsvRow[] = [];
  for (let index = 1; index < records.length; index += 1) {
    const record = records[index];
    // Trailing blank lines and rows of empty cells (";;;;" from Excel) are not rows of data.
    if (record.every((value) => value.trim() === "")) continue;
    const line = index + 1;
    const extra = record.length > header.length && record.slice(header.length).some((value) => value.trim() !== "");
    const values = {} as Record<LotImportColumn, string>;
    for (const column of LOT_IMPORT_COLUMNS) {
      const at = columns.get(column);
      values[column] = at === undefined ? "" : (record[at] ?? "").trim();
    }
    rows.push(
      extra
        ? {
            line,
            values,
            problem: `This row has ${record.length} values but line 1 names ${header.length} columns; put a value that contains a ${delimiterName(delimiter)} in double quotes`,
          }
        : { line, values },
    );
    if (rows.length > LOT_IMPORT_LIMITS.rows) {
      return {
        ok: false,
        error: `The file has more than ${LOT_IMPORT_LIMITS.rows.toLocaleString("en")} rows of lots. Split it into several files and import them one after another.`,
      };
    }
  }
  if (rows.length === 0) return { ok: false, error: "The file has a header line but no rows of lots under it." };
  return { ok: true, rows, delimiter };
}

/** The delimiter of the header line: European Excel saves CSV with semicolons, some tools with tabs. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  let inQuotes = false;
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  for (const char of firstLine) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && char in counts) counts[char] += 1;
  }
  return Object.entries(counts).reduce((best, entry) => (entry[1] > best[1] ? entry : best), [",", 0])[0];
}

function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

function isColumn(name: string): name is LotImportColumn {
  return (LOT_IMPORT_COLUMNS as readonly string[]).includes(name);
}

function delimiterName(delimiter: string): string {
  return delimiter === ";" ? "semicolon" : delimiter === "\t" ? "tab" : "comma";
}

function tooLarge(size: number): string {
  const mb = (size / 1024 / 1024).toFixed(1);
  return `The file is ${mb} MB; Lotline imports files of up to ${LOT_IMPORT_LIMITS.bytes / 1024 / 1024} MB. Split it into several files.`;
}

function csvProblem(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? `Around line ${line}` : "The file";
  if (error.code === "CSV_QUOTE_NOT_CLOSED")
    return `${where}: a value opens a double quote (") that is never closed. Close it, or remove the quote.`;
  if (error.code === "CSV_INVALID_CLOSING_QUOTE")
    return `${where}: a double quote (") inside a value must be written twice ("") and the whole value put in double quotes.`;
  return `${where}: the file cannot be read as CSV (${error.message}). Save it from your spreadsheet as CSV and try again.`;
}
