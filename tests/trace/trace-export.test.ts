// The forward and backward traces as files a merchant sends on: the same shipments, stock,
// receipts and serials as the lot page, for this shop's lot only.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { requestExport } from "../../app/exports/exports.server";
import { runExport } from "../../app/exports/run-export.server";
import { BACKWARD_TRACE_COLUMNS, FORWARD_TRACE_COLUMNS } from "../../app/trace/trace-export.server";
import { parseCsv } from "../support/csv-rows";
import { createShop } from "../support/factories";
import { holdForOrder, receiveLot, shipOrder } from "../support/trace-factories";

let dataDir: string;
let shopId: string;
let lotId: string;
const noQueue = { enqueue: async () => undefined };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "lotline-trace-"));
  shopId = (await createShop(db())).id;
  const { lot } = await receiveLot(db(), shopId, {
    code: "ROSE-2611-01",
    quantity: 10,
    supplierLotCode: "RF-5",
    supplierName: "Rose Farm",
    referenceType: "delivery_note",
    referenceNumber: "DN-77",
    serials: ["RS-1", "RS-2", "RS-3"],
  });
  lotId = lot.id;
  await shipOrder(db(), shopId, {
    name: "#3001",
    customerName: "Ada Almeida",
    companyName: "Corner Deli Ltd",
    lines: [{ lotId, quantity: 2, shelfSerials: ["RS-1", "RS-2"] }],
  });
  await holdForOrder(db(), shopId, { lotId, quantity: 3, name: "#3002", customerName: "Bo Berg" });
});

async function exportTrace(shop: string, kind: "forward_trace" | "backward_trace") {
  const job = await requestExport(
    db(),
    { shopId: shop, kind, format: "csv", parameters: { lotId }, actor: "user:1" },
    noQueue,
  );
  await runExport(db(), { shopId: shop, exportJobId: job.id }, { dataDir }).catch(() => undefined);
  const done = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
  if (done.status !== "completed") return { job: done, rows: [] as string[][] };
  const [header, ...rows] = parseCsv(await readFile(path.join(dataDir, "exports", done.storagePath!), "utf8"));
  expect(header).toEqual(
    (kind === "forward_trace" ? FORWARD_TRACE_COLUMNS : BACKWARD_TRACE_COLUMNS).map((c) => c.header),
  );
  return { job: done, rows };
}

describe("trace files", () => {
  it("the forward trace lists the shipment with its company and serials, the order holding units, and the stock", async () => {
    const { rows } = await exportTrace(shopId, "forward_trace");
    const pick = (row: string[]) => [row[2], row[4], row[5], row[6], row[7], row[10]];
    expect(rows.map(pick)).toEqual([
      ["Shipped", "2", "#3001", "Ada Almeida", "Corner Deli Ltd", "RS-1; RS-2"],
      ["Allocated, not shipped", "3", "#3002", "Bo Berg", "", ""],
      ["Available in stock", "5", "", "", "", ""],
      ["Quarantined", "0", "", "", "", ""],
    ]);
  });

  it("the backward trace lists the receipt with supplier, supplier lot and document, then each serial", async () => {
    const { rows } = await exportTrace(shopId, "backward_trace");
    expect(rows.map((row) => [row[2], row[4], row[5], row[6], row[7], row[9], row[11]])).toEqual([
      ["Received", "10", "Rose Farm", "RF-5", "delivery note DN-77", "", ""],
      ["Serial", "1", "", "", "", "RS-1", "#3001"],
      ["Serial", "1", "", "", "", "RS-2", "#3001"],
      ["Serial", "1", "", "", "", "RS-3", ""],
    ]);
  });

  it("another shop asking for this lot gets no file", async () => {
    const other = await createShop(db());
    const { job } = await exportTrace(other.id, "forward_trace");
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/^This lot does not exist in your shop\./);
  });
});
