// The exports of a shop whose orders went through the simulated store the way Shopify sends
// them: placed, partly refunded before shipping, fulfilled, one unit returned. The FSMA rows and
// the EPCIS events must account for the ledger those webhooks wrote, unit for unit.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { requestExport } from "../../app/exports/exports.server";
import { FSMA204_COLUMNS } from "../../app/exports/fsma204-rows";
import { runExport } from "../../app/exports/run-export.server";
import { deliverAll, newWebhooks, openShop, setUpOrderShopify, shopify } from "../orders/harness";
import { createLot } from "../support/allocation-factories";
import { parseCsv } from "../support/csv-rows";
import { epcisSchemaErrors } from "../support/epcis-schema";

setUpOrderShopify();

let dataDir: string;
const noQueue = { enqueue: async () => undefined };
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "lotline-store-exports-"));
});

const column = (header: string) => FSMA204_COLUMNS.findIndex((c) => c.header === header);
const CTE = column("Critical tracking event");
const TLC = column("Traceability lot code");
const QTY = column("Quantity");

async function exportFile(shopId: string, kind: "fsma204" | "epcis", format: "csv" | "json") {
  const job = await requestExport(db(), { shopId, kind, format, parameters: {}, actor: "user:1" }, noQueue);
  await runExport(db(), { shopId, exportJobId: job.id }, { dataDir });
  const done = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
  expect(done.status).toBe("completed");
  return readFile(path.join(dataDir, "exports", done.storagePath ?? ""), "utf8");
}

/** Units out (shipped) and back (returned) per lot code, as the ledger has them. */
async function ledgerUnits(shopId: string) {
  const events = await db().lotEvent.findMany({
    where: { shopId, type: { in: ["shipped", "returned"] } },
    include: { lot: { select: { code: true } } },
  });
  const shipped = new Map<string, number>();
  const returned = new Map<string, number>();
  for (const event of events) {
    const totals = event.type === "shipped" ? shipped : returned;
    totals.set(event.lot.code, (totals.get(event.lot.code) ?? 0) + Math.abs(event.quantity));
  }
  return { shipped, returned, rows: events.length };
}

describe("exports of orders that went through the store", () => {
  it("carry every shipped and returned unit of the ledger exactly once, in FSMA rows and EPCIS events", async () => {
    const shop = await openShop();
    await deliverAll(await newWebhooks(shop.domain, ["products/create"]));
    const lavender = {
      variantId: shop.lavender.id,
      productId: shop.lavender.productId,
      inventoryItemId: shop.lavender.inventoryItemId,
      sku: shop.lavender.sku ?? "",
      title: "Lavender Soap",
    };
    // Two lots: the earlier expiry goes first, so the second order spans both.
    await createLot(db(), shop.shopId, lavender, {
      quantity: 4,
      locationId: shop.warehouse.id,
      expiresAt: "2027-03-01",
      code: "LAV-A",
    });
    await createLot(db(), shop.shopId, lavender, {
      quantity: 10,
      locationId: shop.warehouse.id,
      expiresAt: "2027-09-01",
      code: "LAV-B",
    });

    const first = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 3 }] });
    const second = shopify.placeOrder(shop.domain, { lines: [{ variantId: shop.lavender.id, quantity: 5 }] });
    await deliverAll(await newWebhooks(shop.domain));
    // One unit of the second order is refunded and restocked before it ships: it never leaves.
    shopify.refundOrder(shop.domain, second.id, {
      lines: [{ lineItemId: second.lineItems[0].id, quantity: 1, restockType: "CANCEL" }],
    });
    await deliverAll(await newWebhooks(shop.domain));
    shopify.fulfillOrder(shop.domain, first.id);
    shopify.fulfillOrder(shop.domain, second.id);
    await deliverAll(await newWebhooks(shop.domain));
    shopify.returnItems(shop.domain, first.id, { lines: [{ lineItemId: first.lineItems[0].id, quantity: 1 }] });
    await deliverAll(await newWebhooks(shop.domain));

    const ledger = await ledgerUnits(shop.shopId);
    // 3 + 4 units left the warehouse, one came back.
    expect([...ledger.shipped.values()].reduce((a, b) => a + b, 0)).toBe(7);
    expect([...ledger.returned.values()].reduce((a, b) => a + b, 0)).toBe(1);

    const [, ...rows] = parseCsv(await exportFile(shop.shopId, "fsma204", "csv"));
    const fsmaTotals = (cte: string) => {
      const totals = new Map<string, number>();
      for (const row of rows.filter((r) => r[CTE] === cte)) {
        totals.set(row[TLC], (totals.get(row[TLC]) ?? 0) + Number(row[QTY]));
      }
      return totals;
    };
    expect(fsmaTotals("Shipping")).toEqual(ledger.shipped);
    expect(fsmaTotals("Receiving (return)")).toEqual(ledger.returned);
    expect(rows.filter((r) => r[CTE] === "Shipping" || r[CTE] === "Receiving (return)")).toHaveLength(ledger.rows);

    const document = JSON.parse(await exportFile(shop.shopId, "epcis", "json"));
    expect(epcisSchemaErrors(document)).toEqual([]);
    const events = document.epcisBody.eventList as {
      bizStep?: string;
      quantityList?: { epcClass: string; quantity: number }[];
    }[];
    const unitsOf = (step: string) =>
      events
        .filter((event) => event.bizStep === step)
        .flatMap((event) => event.quantityList ?? [])
        .reduce((sum, entry) => sum + entry.quantity, 0);
    expect(unitsOf("shipping")).toBe(7);
  });
});
