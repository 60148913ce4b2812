// Writes rows as a CSV or XLSX file to a stream, one row at a time, so a million-row export
// needs no more memory than a ten-row one. Every string cell is neutralised against formula
// injection: a spreadsheet must never run what a customer typed into an order.
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

export type CellValue = string | number | Date | null;

/** "date" cells hold a calendar day (UTC), "datetime" cells an instant (shown in UTC). */
export interface ColumnSpec {
  header: string;
  type: "string" | "number" | "date" | "datetime";
  width?: number;
}

export interface TableFileOptions {
  /** CSV only: a UTF-8 byte order mark, so Excel reads accents correctly. */
  bom?: boolean;
  sheetName?: string;
  /** Called with the running row count every PROGRESS_EVERY rows and once at the end. */
  onRow?: (n: number) => Promise<void> | void;
}

export const PROGRESS_EVERY = 1000;
// CSV text is gathered into chunks this big before it is written: one write per row is slow.
const CSV_CHUNK_CHARS = 64 * 1024;

// =, +, -, @, tab, carriage return: checked by char code, as this runs for every cell of every row.
const FORMULA_START = new Set([61, 43, 45, 64, 9, 13]);

/**
 * A cell that starts with =, +, -, @, tab or carriage return gets a leading apostrophe, so
 * spreadsheets show it as text instead of running it (OWASP's CSV injection advice).
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.has(value.charCodeAt(0)) ? `'${value}` : value;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function csvDate(value: Date, type: ColumnSpec["type"]): string {
  const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (type !== "datetime") return day;
  return `${day} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvCell(value: CellValue, type: ColumnSpec["type"]): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return csvDate(value, type);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = neutraliseCell(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function write(out: Writable, chunk: string): Promise<void> {
  // Backpressure: wait for the file (or the HTTP response) to catch up before producing more.
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      out.off("drain", onDrain);
      out.off("error", done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    out.on("drain", onDrain);
    out.on("error", done);
  });
}

async function writeCsv(
  out: Writable,
  columns: ColumnSpec[],
  rows: AsyncIterable<CellValue[]>,
  options: TableFileOptions,
): Promise<number> {
  let chunk = `${options.bom ? "\uFEFF" : ""}${columns.map((column) => csvCell(column.header, "string")).join(",")}\r\n`;
  let count = 0;
  for await (const row of rows) {
    let line = "";
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) line += ",";
      line += csvCell(row[i] ?? null, columns[i].type);
    }
    chunk += `${line}\r\n`;
    count++;
    if (chunk.length >= CSV_CHUNK_CHARS) {
      await write(out, chunk);
      chunk = "";
    }
    if (options.onRow && count % PROGRESS_EVERY === 0) await options.onRow(count);
  }
  if (chunk.length > 0) await write(out, chunk);
  out.end();
  await finished(out);
  return count;
}

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

const NUM_FMT: Partial<Record<ColumnSpec["type"], string>> = {
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss",
};

async function writeXlsx(
  out: Writable,
  columns: ColumnSpec[],
  rows: AsyncIterable<CellValue[]>,
  options: TableFileOptions,
): Promise<number> {
  // Loaded on first use: exceljs is large, and a CSV export (or a worker that never builds an
  // XLSX) should not carry it.
  const { default: ExcelJS } = await import("exceljs");
  // Shared strings would keep every distinct string in memory until the end; inline strings do not.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(options.sheetName ?? "Export", {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = columns.map((column, i) => ({
    header: column.header,
    key: `c${i}`,
    width: column.width ?? Math.max(12, Math.min(40, column.header.length + 4)),
    style: NUM_FMT[column.type] ? { numFmt: NUM_FMT[column.type] } : {},
  }));
  sheet.autoFilter = `A1:${columnLetter(columns.length - 1)}1`;
  let count = 0;
  for await (const row of rows) {
    const values: CellValue[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const value = row[i] ?? null;
      values[i] = typeof value === "string" ? neutraliseCell(value) : value;
    }
    sheet.addRow(values).commit();
    count++;
    if (count % PROGRESS_EVERY === 0) {
      if (options.onRow) await options.onRow(count);
      // Lets the zip stream drain into `out` between bursts of rows.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  sheet.commit();
  await workbook.commit();
  await finished(out);
  return count;
}

/**
 * Writes a header row and then every row of `rows` to `out` as CSV (UTF-8, CRLF, RFC 4180
 * quoting) or XLSX (header frozen, autofilter on, dates as dates), ends `out` and resolves
 * once it is flushed.
 */
export async function writeTableFile(
  format: "csv" | "xlsx",
  out: Writable,
  columns: ColumnSpec[],
  rows: AsyncIterable<CellValue[]>,
  options: TableFileOptions = {},
): Promise<{ rows: number }> {
  const count =
    format === "csv" ? await writeCsv(out, columns, rows, options) : await writeXlsx(out, columns, rows, options);
  if (options.onRow && (count === 0 || count % PROGRESS_EVERY !== 0)) await options.onRow(count);
  return { rows: count };
}
