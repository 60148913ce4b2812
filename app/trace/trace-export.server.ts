// Forward and backward traces of one lot as files (CSV/XLSX), the same facts the lot page shows:
// forward lists every shipment, return, order still holding units and what is in stock;
// backward lists the receipts with supplier and document, then the lot's serial numbers.
import { z } from "zod";
import type { ExportWriter } from "../exports/export-writer";
import { type CellValue, type ColumnSpec, writeTableFile } from "../exports/table-file.server";
import { supplierKey } from "../exports/trace-details";
import { describeLocations } from "../exports/trace-details.server";
import { AppError } from "../utils/errors";
import { describeReferenceDocument } from "./lot-timeline";
import { traceLotBackward, traceLotForward } from "./lot-trace.server";

const lotParameters = z.object({ lotId: z.uuid() });

export const FORWARD_TRACE_COLUMNS: ColumnSpec[] = [
  { header: "Lot code", type: "string", width: 18 },
  { header: "Product", type: "string", width: 30 },
  { header: "Event", type: "string", width: 22 },
  { header: "Date", type: "datetime", width: 20 },
  { header: "Quantity", type: "number" },
  { header: "Order", type: "string" },
  { header: "Customer", type: "string", width: 24 },
  { header: "Company", type: "string", width: 24 },
  { header: "Ship-to (city, region, country)", type: "string", width: 28 },
  { header: "Shipped from", type: "string", width: 24 },
  { header: "Serial numbers", type: "string", width: 30 },
];

export const BACKWARD_TRACE_COLUMNS: ColumnSpec[] = [
  { header: "Lot code", type: "string", width: 18 },
  { header: "Product", type: "string", width: 30 },
  { header: "Event", type: "string", width: 14 },
  { header: "Date", type: "datetime", width: 20 },
  { header: "Quantity", type: "number" },
  { header: "Supplier", type: "string", width: 24 },
  { header: "Supplier lot code", type: "string", width: 18 },
  { header: "Reference document", type: "string", width: 24 },
  { header: "Received at", type: "string", width: 24 },
  { header: "Serial number", type: "string", width: 18 },
  { header: "Serial status", type: "string" },
  { header: "Order", type: "string" },
];

function checkTableFormat(format: string, what: string): asserts format is "csv" | "xlsx" {
  if (format !== "csv" && format !== "xlsx") throw new AppError("INVALID_DATA", `The ${what} is made as CSV or XLSX`);
}

async function* fromArray(rows: CellValue[][]): AsyncGenerator<CellValue[]> {
  yield* rows;
}

export const writeForwardTraceExport: ExportWriter = async (run) => {
  checkTableFormat(run.format, "forward trace");
  const { lotId } = lotParameters.parse(run.parameters);
  const [trace, places] = await Promise.all([
    traceLotForward(run.db, run.shopId, lotId),
    describeLocations(run.db, run.shopId),
  ]);
  const { lot, stock } = trace;
  const placeName = (id: string | null) => (id ? (places.get(id)?.name ?? `Location ${id.split("/").pop()}`) : null);
  const head = [lot.code, lot.productTitle];
  const rows: CellValue[][] = [
    ...trace.shipments.map((s) => [
      ...head,
      "Shipped",
      s.shippedAt,
      s.quantity,
      s.orderName,
      s.customerName ?? s.customerEmail,
      s.companyName,
      s.destination,
      placeName(s.fromLocationId),
      s.serials.join("; ") || null,
    ]),
    ...trace.returns.map((r) => [
      ...head,
      "Returned",
      r.returnedAt,
      r.quantity,
      r.orderName,
      null,
      null,
      null,
      null,
      null,
    ]),
    ...trace.allocatedTo.map((h) => [
      ...head,
      "Allocated, not shipped",
      null,
      h.quantity,
      h.orderName,
      h.customerName,
      h.companyName,
      null,
      null,
      null,
    ]),
    [...head, "Available in stock", null, stock.available, null, null, null, null, placeName(lot.locationId), null],
    [...head, "Quarantined", null, stock.quarantined, null, null, null, null, placeName(lot.locationId), null],
  ];
  await run.progress(0, rows.length);
  return writeTableFile(run.format, run.out, FORWARD_TRACE_COLUMNS, fromArray(rows), {
    sheetName: "Forward trace",
    onRow: (n) => run.progress(n, rows.length),
  });
};

export const writeBackwardTraceExport: ExportWriter = async (run) => {
  checkTableFormat(run.format, "backward trace");
  const { lotId } = lotParameters.parse(run.parameters);
  const [trace, places] = await Promise.all([
    traceLotBackward(run.db, run.shopId, lotId),
    describeLocations(run.db, run.shopId),
  ]);
  const { lot } = trace;
  const head = [lot.code, lot.productTitle];
  for (const receipt of trace.receipts) {
    if (!receipt.supplierName && !receipt.producedInHouse) {
      run.warn({
        code: "RECEIPT_SUPPLIER_MISSING",
        message: `A receipt of lot ${lot.code} names no supplier; the backward trace cannot say where it came from.`,
      });
    }
  }
  const rows: CellValue[][] = [
    ...trace.receipts.map((r) => [
      ...head,
      r.producedInHouse ? "Produced" : "Received",
      r.receivedAt,
      r.quantity,
      r.supplierName ? (places.get(supplierKey(r.supplierName))?.name ?? r.supplierName) : null,
      lot.supplierLotCode,
      describeReferenceDocument(r.referenceType, r.referenceNumber) ?? (r.source ? `via ${r.source}` : null),
      r.locationId ? (places.get(r.locationId)?.name ?? `Location ${r.locationId.split("/").pop()}`) : null,
      null,
      null,
      null,
    ]),
    ...trace.serials.map((s) => [...head, "Serial", null, 1, null, null, null, null, s.serial, s.status, s.orderName]),
  ];
  await run.progress(0, rows.length);
  return writeTableFile(run.format, run.out, BACKWARD_TRACE_COLUMNS, fromArray(rows), {
    sheetName: "Backward trace",
    onRow: (n) => run.progress(n, rows.length),
  });
};
