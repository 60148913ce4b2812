// The CSV template merchants download: the header Lotline reads and one example row that
// imports as it stands for a shop with the SKU, so every column shows its format.
import { LOT_IMPORT_COLUMNS, type LotImportColumn } from "./lot-csv";

export const TEMPLATE_FILE_NAME = "lotline-lots-template.csv";
export const TEMPLATE_EXAMPLE_SKU = "SOAP-LAV-100";

/** The template, with the shop's own location name in the example row. CRLF, as spreadsheets write it. */
export function lotImportTemplate(locationName: string): string {
  const example: Record<LotImportColumn, string> = {
    sku: TEMPLATE_EXAMPLE_SKU,
    variant_id: "",
    location: locationName,
    lot_code: "LAV-2610-01",
    supplier_lot: "ML-4471",
    quantity: "3",
    produced_on: "2026-10-01",
    best_before: "2027-09-30",
    expires_on: "2027-10-01",
    received_on: "2026-10-05",
    supplier: "Meadow Oils Ltd",
    gtin: "09506000134352",
    serials: "LAV-0001|LAV-0002|LAV-0003",
  };
  return `${csvLine(LOT_IMPORT_COLUMNS)}\r\n${csvLine(LOT_IMPORT_COLUMNS.map((column) => example[column]))}\r\n`;
}

function csvLine(values: readonly string[]): string {
  return values.map((value) => (/[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)).join(",");
}
